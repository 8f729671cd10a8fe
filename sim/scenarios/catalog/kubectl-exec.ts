import { HUMAN_USERS } from '../../cluster/demo-extras.js';
import { RULES } from '../../falco/rules.js';
import type { ScenarioDefinition, ScenarioRun } from '../kit.js';

const USER_AGENT = 'kubectl/v1.31.1 (linux/amd64) kubernetes/948afe5';
const SOURCE_IP = '198.51.100.182';

export const kubectlExec: ScenarioDefinition = {
  info: {
    name: 'kubectl-exec',
    title: 'kubectl exec into an API pod by an unknown user',
    description:
      `A contractor account (${HUMAN_USERS.contractor.username}) that still holds the forgotten RoleBinding api/support-debug lists pods in api and opens an interactive shell in an api/user pod, reading the environment and the mounted service-account token. It comes back every iteration.`,
    expected: {
      falcoRules: [RULES.attachExec.rule, RULES.disallowedUser.rule, RULES.terminalShell.rule],
      audit: [
        { verb: 'list', resource: 'pods', user: HUMAN_USERS.contractor.username, note: 'reconnaissance in namespace api (Metadata level)' },
        { verb: 'get', resource: 'pods', subresource: 'exec', user: HUMAN_USERS.contractor.username, note: 'WebSocket exec (GET upgrade): ResponseStarted 101, then ResponseComplete; requestURI carries command=sh&tty=true' },
      ],
      flows: [],
      mitre: ['T1078', 'T1609', 'T1552.007'],
    },
    containment: ['Delete RoleBinding api/support-debug (or Role api/pod-debugger): the next exec is refused with 403, audited as forbid, and the shell alerts stop', 'Scale api/user to 0: no pod to exec into'],
    actor: { namespace: 'api', workload: 'user', kind: 'Deployment', container: 'user', user: HUMAN_USERS.contractor.username },
  },
  start(run: ScenarioRun) {
    const opts = { token: run.deps.tokens.contractor, userAgent: USER_AGENT, sourceIp: SOURCE_IP };
    const attempt = async () => {
      const pods = run.deps.traffic.topology.podsOf({ namespace: 'api', name: 'user' }).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
      const pod = pods.length > 0 ? run.random.pick(pods) : undefined;
      run.phase('reconnaissance');
      const list = await run.api('GET', '/api/v1/namespaces/api/pods?limit=500', opts);
      if (!pod) {
        run.setContained(true, 'no api/user pod to exec into');
        run.phase('contained: no target');
        return;
      }
      run.status.actor.pod = pod.metadata.name;
      run.phase('interactive shell');
      const status = await run.execShell('api', pod.metadata.name, 'user', ['id', 'env | grep -i -e pass -e token -e key', 'cat /var/run/secrets/kubernetes.io/serviceaccount/token'], opts);
      if (status === 101) {
        run.setContained(false);
        run.phase('shell session done');
      } else if (status === 401 || status === 403 || list.status === 403) {
        run.setContained(true, status === 401 ? 'credentials rejected (401)' : 'exec forbidden by RBAC (403)');
        run.phase('contained: access denied');
      }
    };
    void attempt();
    run.every(15_000, attempt);
  },
};
