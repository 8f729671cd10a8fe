import { K } from '../../api/known-types.js';
import type { Service } from '../../api/types.js';
import { HUMAN_USERS } from '../../cluster/demo-extras.js';
import { RULES } from '../../falco/rules.js';
import type { ScenarioDefinition, ScenarioRun } from '../kit.js';

const SERVICE = 'redis-public';
const SCANNERS = ['198.51.100.23', '198.51.100.140', '203.0.113.201', '192.0.2.77', '198.51.100.9'];

export const publicExposure: ScenarioDefinition = {
  info: {
    name: 'public-exposure',
    title: 'Internal Redis exposed to the internet by a new LoadBalancer',
    description:
      `While debugging, ${HUMAN_USERS.platformEngineer.username} creates Service data/${SERVICE} of type LoadBalancer in front of the internal Redis. The cloud gives it a public IP and internet scanners start connecting to port 6379 every iteration.`,
    expected: {
      falcoRules: [RULES.serviceCreated.rule],
      audit: [{ verb: 'create', resource: 'services', user: HUMAN_USERS.platformEngineer.username, note: `data/${SERVICE} with spec.type LoadBalancer (Request level: requestObject included)` }],
      flows: ['reserved:world (198.51.100.0/24, 203.0.113.0/24, 192.0.2.0/24) → data/redis:6379 INGRESS, FORWARDED'],
      mitre: ['T1133', 'T1190'],
    },
    containment: [`Delete Service data/${SERVICE} (or change it to ClusterIP): no more inbound internet flows`, 'NetworkPolicy denying ingress to redis from outside the cluster: the scans become DROPPED'],
    actor: { namespace: 'data', workload: 'redis', kind: 'StatefulSet', user: HUMAN_USERS.platformEngineer.username },
  },
  start(run: ScenarioRun) {
    const opts = { token: run.deps.tokens.platformEngineer, userAgent: 'kubectl/v1.32.0 (darwin/arm64) kubernetes/70d3cc9', sourceIp: '10.20.4.17' };
    run.phase('exposing');
    void run.api('POST', '/api/v1/namespaces/data/services?fieldManager=kubectl-create', opts, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: SERVICE, namespace: 'data', labels: { 'app.kubernetes.io/name': 'redis' }, annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' } },
      spec: { type: 'LoadBalancer', selector: { 'app.kubernetes.io/name': 'redis' }, ports: [{ name: 'redis', port: 6379, targetPort: 'redis', protocol: 'TCP' }] },
    });
    run.every(5000, () => {
      const svc = run.sim.store.get(K.Service, 'data', SERVICE) as Service | undefined;
      const exposed = svc?.spec.type === 'LoadBalancer' && (svc.status?.loadBalancer?.ingress ?? []).length > 0;
      if (!svc || svc.spec.type !== 'LoadBalancer') {
        run.setContained(true, svc ? 'service is no longer a LoadBalancer' : 'public service deleted');
        run.phase('contained: not exposed');
        return;
      }
      if (!exposed) return;
      const backends = run.deps.traffic.topology.backends(svc);
      run.status.actor.pod = backends[0]?.pod.metadata.name;
      const results = [0, 1].map(() => run.inbound(run.random.pick(SCANNERS), backends));
      if (results.some((r) => r.verdict === 'allowed')) {
        run.setContained(false);
        run.phase('exposed: internet scans reaching redis');
      } else {
        run.setContained(true, 'inbound traffic denied by NetworkPolicy');
        run.phase('contained: ingress blocked');
      }
    });
  },
};
