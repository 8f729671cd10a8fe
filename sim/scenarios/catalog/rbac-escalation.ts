import { K } from '../../api/known-types.js';
import { RULES } from '../../falco/rules.js';
import type { ScenarioDefinition, ScenarioRun } from '../kit.js';

const USER_AGENT = 'kubectl/v1.30.2 (linux/amd64) kubernetes/39683505';
const BINDING = 'ci-preview-admin';
const SECRETS = [
  ['data', 'postgres-credentials'],
  ['api', 'payment-stripe'],
  ['monitoring', 'grafana-admin'],
  ['ci', 'registry-pull'],
] as const;

export const rbacEscalation: ScenarioDefinition = {
  info: {
    name: 'rbac-escalation',
    title: 'CI runner binds itself to cluster-admin and reads secrets everywhere',
    description:
      'From a compromised ci/actions-runner pod, the attacker uses the runner\'s service-account token (Secret ci/actions-runner-token). The runner may manage RBAC (ClusterRole ci-rbac-manager has `bind`), so it creates ClusterRoleBinding ci-preview-admin → cluster-admin for itself, then lists and reads Secrets across namespaces every iteration.',
    expected: {
      falcoRules: [RULES.k8sClientTool.rule, RULES.k8sApiFromContainer.rule, RULES.clusterAdminBinding.rule, RULES.clusterRoleBindingCreated.rule, RULES.secretGet.rule],
      audit: [
        { verb: 'create', resource: 'clusterrolebindings', user: 'system:serviceaccount:ci:actions-runner', note: 'roleRef cluster-admin, subject the runner itself (Request level: requestObject included)' },
        { verb: 'list', resource: 'secrets', user: 'system:serviceaccount:ci:actions-runner', note: 'cluster-wide list (/api/v1/secrets)' },
        { verb: 'get', resource: 'secrets', user: 'system:serviceaccount:ci:actions-runner', note: 'data/postgres-credentials, api/payment-stripe, monitoring/grafana-admin, ci/registry-pull' },
        { verb: 'get', resource: 'secrets', user: '(none)', note: 'after revocation: ResponseStarted with code 401 "Authentication failed, attempted: bearer", same sourceIPs/userAgent' },
      ],
      flows: ['ci/actions-runner pod → kube-apiserver 10.0.1.10:6443 (reserved:kube-apiserver)'],
      mitre: ['T1078.004', 'T1098', 'T1552.007'],
    },
    containment: [
      'Revoke the token: delete Secret ci/actions-runner-token (or the ServiceAccount): every request gets 401 and the secret reads stop',
      'Delete ClusterRoleBinding ci-preview-admin: secret reads get 403',
      'NetworkPolicy denying the runner pod egress: its API connections are DROPPED',
    ],
    actor: { namespace: 'ci', workload: 'actions-runner', kind: 'Deployment', container: 'actions-runner', serviceAccount: 'actions-runner', user: 'system:serviceaccount:ci:actions-runner' },
  },
  start(run: ScenarioRun) {
    const pod = run.chooseTarget('ci', 'actions-runner');
    if (!pod) {
      run.phase('no target pod');
      return;
    }
    // The token is read from the pod's mounted Secret once; revoking it later does not change what the attacker holds.
    const secret = run.sim.store.get(K.Secret, 'ci', 'actions-runner-token');
    const token = Buffer.from(((secret?.data as Record<string, string> | undefined)?.token ?? ''), 'base64').toString('utf8');
    const opts = () => ({ token, userAgent: USER_AGENT, sourceIp: run.target()?.status?.podIP ?? pod.status?.podIP });
    const reachable = (): boolean => {
      const target = run.target();
      return target !== undefined && run.connectToApiServer(target).verdict === 'allowed';
    };
    const kubectlFields = (cmdline: string) => ({ 'evt.type': 'execve', 'user.name': 'runner', 'user.uid': 1001, 'proc.name': 'kubectl', 'proc.exepath': '/usr/local/bin/kubectl', 'proc.pname': 'bash', 'proc.cmdline': cmdline });

    run.after(1000, async () => {
      const target = run.target();
      if (!target) return;
      run.phase('privilege escalation');
      run.alert(RULES.k8sClientTool, target, kubectlFields(`kubectl create clusterrolebinding ${BINDING} --clusterrole=cluster-admin --serviceaccount=ci:actions-runner`));
      run.alert(RULES.k8sApiFromContainer, target, { 'evt.type': 'connect', 'user.name': 'runner', 'user.uid': 1001, 'proc.name': 'kubectl', 'proc.exepath': '/usr/local/bin/kubectl', 'proc.pname': 'bash', 'proc.cmdline': 'kubectl create clusterrolebinding', 'fd.name': `${target.status?.podIP}:48122->10.96.0.1:443`, 'fd.rport': 443, 'fd.l4proto': 'tcp' });
      if (!reachable()) return;
      await run.api('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings?fieldManager=kubectl-create', opts(), {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: BINDING },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ kind: 'ServiceAccount', name: 'actions-runner', namespace: 'ci' }],
      });
    });

    run.every(10_000, async () => {
      const target = run.target();
      if (!target) {
        run.setContained(true, 'compromised pod deleted');
        run.phase('contained: pod gone');
        return;
      }
      if (!reachable()) {
        run.setContained(true, 'egress to the API server denied by NetworkPolicy');
        run.phase('contained: egress blocked');
        return;
      }
      run.phase('reading secrets');
      const list = await run.api('GET', '/api/v1/secrets?limit=500', opts());
      const statuses = [list.status];
      for (const [namespace, name] of SECRETS) statuses.push((await run.api('GET', `/api/v1/namespaces/${namespace}/secrets/${name}`, opts())).status);
      if (statuses.every((s) => s === 401)) {
        run.setContained(true, 'service-account token revoked (401)');
        run.phase('contained: token revoked');
      } else if (statuses.every((s) => s === 403 || s === 401)) {
        run.setContained(true, 'secret access forbidden (403)');
        run.phase('contained: access removed');
      } else run.setContained(false);
    });
  },
};
