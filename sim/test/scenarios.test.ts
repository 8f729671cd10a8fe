import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from './helpers.js';
import { startTestCluster, waitFor } from './helpers.js';
import { IngestReceiver } from './receiver.js';

const TOKENS = { falco: 'falco-secret', k8sAudit: 'audit-secret', flows: 'flows-secret' };
let t: TestCluster;
const receiver = new IngestReceiver();

beforeAll(async () => {
  const baseUrl = await receiver.start();
  t = await startTestCluster({ speed: 50, seed: 7, ingest: { baseUrl, tokens: TOKENS }, auditBatch: { maxWaitMs: 20 } });
});
afterAll(async () => {
  await t.sim.stop();
  await receiver.stop();
});

const rulesOf = (podName: string | undefined) => receiver.falco().filter((a) => a.output_fields['k8s.pod.name'] === podName).map((a) => a.rule);
const count = (list: string[], rule: string) => list.filter((r) => r === rule).length;
async function iterations(name: string, more: number) {
  const start = t.sim.scenarios.status(name)?.iterations ?? 0;
  await waitFor(() => (t.sim.scenarios.status(name)?.iterations ?? 0) >= start + more, `${more} more iterations of ${name}`);
}
async function isolate(namespace: string, pod: string, types: ('Ingress' | 'Egress')[]) {
  await t.core.patchNamespacedPod({ name: pod, namespace, body: { metadata: { labels: { 'cordon.dev/quarantine': 'true' } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
  await t.net.createNamespacedNetworkPolicy({ namespace, body: { metadata: { name: `quarantine-${pod}`.slice(0, 63) }, spec: { podSelector: { matchLabels: { 'cordon.dev/quarantine': 'true' } }, policyTypes: types } } });
}

describe('[SIM] scenarios post to the console and stop when contained', () => {
  it('lists every scenario with expected detections and actors', () => {
    const list = t.sim.scenarios.list();
    expect(list.map((s) => s.name)).toEqual(['crypto-miner', 'reverse-shell', 'kubectl-exec', 'rbac-escalation', 'public-exposure', 'rogue-workload', 'metadata-credential-theft']);
    for (const s of list) {
      expect(s.expected.falcoRules.length + s.expected.audit.length).toBeGreaterThan(0);
      expect(s.actor.namespace).toBeTruthy();
      expect(s.containment.length).toBeGreaterThan(0);
    }
  });

  it('crypto-miner: alerts and pool flows, then DROPPED flows under a deny-egress NetworkPolicy, then nothing once the pod is deleted', async () => {
    const status = t.sim.scenarios.start('crypto-miner');
    const pod = status.actor.pod as string;
    expect(pod).toMatch(/^frontend-/);
    await waitFor(() => count(rulesOf(pod), 'Detect outbound connections to common miner pool ports') >= 2, 'miner pool alerts');
    const alerts = receiver.falco().filter((a) => a.output_fields['k8s.pod.name'] === pod);
    expect(new Set(alerts.map((a) => a.rule))).toEqual(new Set(['Launch Ingress Remote File Copy Tools in Container', 'Drop and execute new binary in container', 'Known Cryptominer Process Executed', 'Detect crypto miners using the Stratum protocol', 'Detect outbound connections to common miner pool ports']));
    const drop = alerts.find((a) => a.rule === 'Drop and execute new binary in container');
    expect(drop).toMatchObject({ priority: 'Critical', source: 'syscall', output_fields: { 'k8s.ns.name': 'shop', 'proc.exepath': '/tmp/.x/xmrig', 'container.image.repository': 'docker.io/library/nginx' } });
    expect(drop?.tags).toEqual(expect.arrayContaining(['mitre_persistence', 'TA0003']));
    expect(receiver.requests.find((r) => r.path === '/api/ingest/falco')?.authorization).toBe('Bearer falco-secret');
    const poolFlows = () => receiver.flows().filter((f) => f.flow.source.pod_name === pod && f.flow.IP.destination === '192.0.2.44');
    await waitFor(() => poolFlows().some((f) => f.flow.verdict === 'FORWARDED'), 'forwarded pool flows');
    expect(poolFlows()[0]?.flow).toMatchObject({ traffic_direction: 'EGRESS', destination_names: ['pool.supportxmr.com'], l4: { TCP: { destination_port: 3333 } } });
    expect(receiver.requests.find((r) => r.path === '/api/ingest/flows')?.contentType).toBe('application/x-ndjson');

    await isolate('shop', pod, ['Egress']);
    await waitFor(() => t.sim.scenarios.status('crypto-miner')?.contained, 'contained by NetworkPolicy');
    expect(t.sim.scenarios.status('crypto-miner')?.containedReason).toBe('egress to the mining pool denied by NetworkPolicy');
    await iterations('crypto-miner', 1);
    const networkAlerts = count(rulesOf(pod), 'Detect outbound connections to common miner pool ports');
    const processAlerts = count(rulesOf(pod), 'Known Cryptominer Process Executed');
    const droppedBefore = receiver.flows().filter((f) => f.flow.source.pod_name === pod && f.flow.verdict === 'DROPPED').length;
    await iterations('crypto-miner', 4);
    await waitFor(() => receiver.flows().filter((f) => f.flow.source.pod_name === pod && f.flow.verdict === 'DROPPED').length > droppedBefore, 'DROPPED flows delivered');
    expect(count(rulesOf(pod), 'Detect outbound connections to common miner pool ports')).toBe(networkAlerts);
    expect(count(rulesOf(pod), 'Known Cryptominer Process Executed')).toBeGreaterThan(processAlerts);
    const dropped = receiver.flows().filter((f) => f.flow.source.pod_name === pod && f.flow.verdict === 'DROPPED');
    expect(dropped[0]?.flow).toMatchObject({ drop_reason_desc: 'POLICY_DENIED', traffic_direction: 'EGRESS' });
    expect(poolFlows().filter((f) => f.flow.verdict === 'FORWARDED').length).toBe(poolFlows().filter((f) => f.flow.verdict === 'FORWARDED').length);

    await t.core.deleteNamespacedPod({ name: pod, namespace: 'shop', gracePeriodSeconds: 0 });
    await waitFor(() => t.sim.scenarios.status('crypto-miner')?.containedReason === 'compromised pod deleted', 'contained by deletion');
    const total = rulesOf(pod).length;
    await iterations('crypto-miner', 3);
    expect(rulesOf(pod).length).toBe(total);
    const replacement = await waitFor(() => t.sim.store.list('Pod', 'shop').find((p) => p.metadata.labels?.['app.kubernetes.io/name'] === 'frontend' && p.metadata.name !== pod && (p.status as { phase?: string } | undefined)?.phase === 'Running' && Date.parse(p.metadata.creationTimestamp) > Date.now() - 60_000), 'a fresh frontend pod');
    const ps = await psOf('shop', replacement.metadata.name, 'frontend');
    expect(ps).not.toContain('xmrig');
    t.sim.scenarios.stop('crypto-miner');
  });

  it('rbac-escalation: audited binding and secret reads, then 401s once the token is revoked', async () => {
    t.sim.scenarios.start('rbac-escalation');
    const runner = 'system:serviceaccount:ci:actions-runner';
    await waitFor(() => receiver.audit().some((e) => e.user.username === runner && e.verb === 'get' && e.objectRef?.resource === 'secrets'), 'secret reads audited');
    const binding = receiver.audit().find((e) => e.verb === 'create' && e.objectRef?.resource === 'clusterrolebindings');
    expect(binding).toMatchObject({ user: { username: runner }, responseStatus: { code: 201 }, requestObject: { roleRef: { name: 'cluster-admin' } } });
    expect(receiver.requests.find((r) => r.path === '/api/ingest/k8s-audit')?.authorization).toBe('Bearer audit-secret');
    expect(receiver.falco().map((a) => a.rule)).toEqual(expect.arrayContaining(['Attach to cluster-admin Role', 'K8s Secret Get Successfully']));

    await t.core.deleteNamespacedSecret({ name: 'actions-runner-token', namespace: 'ci' });
    await waitFor(() => t.sim.scenarios.status('rbac-escalation')?.contained, 'contained by revocation');
    expect(t.sim.scenarios.status('rbac-escalation')?.containedReason).toBe('service-account token revoked (401)');
    await waitFor(() => receiver.audit().some((e) => e.responseStatus?.code === 401 && e.objectRef?.resource === 'secrets'), '401s audited');
    const unauthorized = receiver.audit().find((e) => e.responseStatus?.code === 401);
    expect(unauthorized).toMatchObject({ stage: 'ResponseStarted', user: {}, responseStatus: { message: 'Authentication failed, attempted: bearer' } });
    const reads = () => receiver.audit().filter((e) => e.user.username === runner && e.objectRef?.resource === 'secrets' && e.responseStatus?.code === 200).length;
    const before = reads();
    await iterations('rbac-escalation', 2);
    expect(reads()).toBe(before);
    t.sim.scenarios.stop('rbac-escalation');
  });

  it('kubectl-exec: exec by an unknown user is audited and alerted until its RoleBinding is removed', async () => {
    t.sim.scenarios.start('kubectl-exec');
    const user = 'd.vasquez@contractor.example';
    await waitFor(() => receiver.audit().some((e) => e.user.username === user && e.objectRef?.subresource === 'exec' && e.stage === 'ResponseStarted'), 'exec audited');
    const exec = receiver.audit().find((e) => e.user.username === user && e.objectRef?.subresource === 'exec');
    expect(exec).toMatchObject({ verb: 'get', responseStatus: { code: 101 }, objectRef: { resource: 'pods', namespace: 'api' } });
    await waitFor(() => ['Attach/Exec Pod', 'Disallowed K8s User', 'Terminal shell in container'].every((r) => receiver.falco().some((a) => a.rule === r)), 'exec alerts');
    await t.rbac.deleteNamespacedRoleBinding({ name: 'support-debug', namespace: 'api' });
    await waitFor(() => t.sim.scenarios.status('kubectl-exec')?.contained, 'contained');
    await waitFor(() => receiver.audit().some((e) => e.user.username === user && e.responseStatus?.code === 403), 'forbidden exec audited');
    t.sim.scenarios.stop('kubectl-exec');
  });

  it('rogue-workload: stops when scaled to zero', async () => {
    t.sim.scenarios.start('rogue-workload');
    await waitFor(() => receiver.falco().some((a) => a.rule === 'Launch Disallowed Container'), 'disallowed container alert');
    const created = receiver.audit().find((e) => e.verb === 'create' && e.objectRef?.resource === 'deployments');
    expect(created).toMatchObject({ user: { username: 'j.smith@shop.example' }, objectRef: { namespace: 'monitoring', name: 'node-metrics-agent' } });
    await t.apps.patchNamespacedDeploymentScale({ name: 'node-metrics-agent', namespace: 'monitoring', body: { spec: { replicas: 0 } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    await waitFor(() => t.sim.scenarios.status('rogue-workload')?.containedReason === 'scaled to zero', 'contained by scale-down');
    const flows = t.sim.scenarios.status('rogue-workload')?.emitted.flows;
    await iterations('rogue-workload', 2);
    expect(t.sim.scenarios.status('rogue-workload')?.emitted.flows).toBe(flows);
    t.sim.scenarios.stop('rogue-workload');
  });

  it('public-exposure and metadata-credential-theft: internet and metadata flows, contained by deletion and NetworkPolicy', async () => {
    t.sim.scenarios.start('public-exposure');
    t.sim.scenarios.start('metadata-credential-theft');
    await waitFor(() => receiver.flows().some((f) => f.flow.verdict === 'FORWARDED' && (f.flow.source as { labels?: string[] }).labels?.includes('reserved:world') && f.flow.l4.TCP?.destination_port === 6379), 'internet → redis flows');
    await waitFor(() => receiver.falco().some((a) => a.rule === 'Contact EC2 Instance Metadata Service From Container'), 'metadata alert');
    await t.core.deleteNamespacedService({ name: 'redis-public', namespace: 'data' });
    await waitFor(() => t.sim.scenarios.status('public-exposure')?.contained, 'exposure contained');
    const pod = t.sim.scenarios.status('metadata-credential-theft')?.actor.pod as string;
    await isolate('api', pod, ['Egress']);
    await waitFor(() => t.sim.scenarios.status('metadata-credential-theft')?.contained, 'metadata theft contained');
    await waitFor(() => receiver.flows().some((f) => f.flow.source.pod_name === pod && f.flow.IP.destination === '169.254.169.254' && f.flow.verdict === 'DROPPED'), 'DROPPED metadata flows');
    t.sim.scenarios.stopAll();
  });

  it('reverse-shell: C2 and lateral-movement flows with their alerts', async () => {
    const status = t.sim.scenarios.start('reverse-shell');
    await waitFor(() => ['Redirect STDOUT/STDIN to Network Connection in Container', 'Read sensitive file untrusted', 'Launch Suspicious Network Tool in Container'].every((r) => rulesOf(status.actor.pod).includes(r)), 'reverse shell alerts');
    await waitFor(() => receiver.flows().some((f) => f.flow.source.pod_name === status.actor.pod && f.flow.destination.pod_name === 'postgres-0' && f.flow.verdict === 'FORWARDED'), 'lateral movement to postgres');
    t.sim.scenarios.stop('reverse-shell');
  });
});

async function psOf(namespace: string, pod: string, container: string): Promise<string> {
  const { Writable } = await import('node:stream');
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _e, cb) {
      out += chunk.toString();
      cb();
    },
  });
  await new Promise((resolve) => void new k8s.Exec(t.kc).exec(namespace, pod, container, ['ps', 'aux'], stream, null, null, false, resolve));
  return out;
}
