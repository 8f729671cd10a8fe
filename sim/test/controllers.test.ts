import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from './helpers.js';
import { startTestCluster, waitFor } from './helpers.js';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster();
});
afterAll(async () => {
  await t.sim.stop();
});

const podsOn = (node: string) => t.sim.store.list('Pod').filter((p) => (p.spec as { nodeName?: string }).nodeName === node && !p.metadata.deletionTimestamp);
const merge = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);

describe('[SIM] controllers and scheduler', () => {
  it('never schedules onto a cordoned node, and evicts pods that do not tolerate a NoExecute taint', async () => {
    await t.core.patchNode({ name: 'demo-worker-1', body: { spec: { unschedulable: true } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch));
    await t.apps.patchNamespacedDeploymentScale({ name: 'catalog', namespace: 'api', body: { spec: { replicas: 8 } } }, merge);
    await waitFor(() => t.sim.store.list('Pod', 'api').filter((p) => p.metadata.labels?.['app.kubernetes.io/name'] === 'catalog' && (p.spec as { nodeName?: string }).nodeName).length === 8, 'catalog scheduled');
    const fresh = t.sim.store.list('Pod', 'api').filter((p) => p.metadata.labels?.['app.kubernetes.io/name'] === 'catalog' && Date.parse(p.metadata.creationTimestamp) > Date.now() - 60_000);
    expect(fresh.length).toBe(6);
    expect(fresh.every((p) => (p.spec as { nodeName: string }).nodeName !== 'demo-worker-1')).toBe(true);
    const events = await t.core.listEventForAllNamespaces({ fieldSelector: 'involvedObject.name=demo-worker-1,reason=NodeNotSchedulable' });
    expect(events.items).toHaveLength(1);

    await t.core.patchNode({ name: 'demo-worker-1', body: { spec: { unschedulable: null, taints: [{ key: 'cordon.dev/compromised', value: 'true', effect: 'NoExecute' }] } } }, merge);
    await waitFor(() => podsOn('demo-worker-1').every((p) => p.metadata.ownerReferences?.[0]?.kind === 'DaemonSet'), 'non-tolerating pods evicted');
    expect(podsOn('demo-worker-1').length).toBeGreaterThan(0);
  });

  it('runs a DaemonSet pod on every node, including a new one', async () => {
    await t.core.createNode({ body: { metadata: { name: 'demo-worker-9', labels: { 'kubernetes.io/hostname': 'demo-worker-9' } }, spec: { podCIDR: '10.244.9.0/24' }, status: { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: '10.0.1.99' }] } } });
    await waitFor(() => podsOn('demo-worker-9').some((p) => p.metadata.name.startsWith('cilium-')), 'cilium on the new node');
    await waitFor(() => podsOn('demo-worker-9').some((p) => (p.status as { phase?: string }).phase === 'Running'), 'running');
  });

  it('creates StatefulSet pods in order and keeps Endpoints in step with ready pods', async () => {
    await t.apps.patchNamespacedStatefulSetScale({ name: 'rabbitmq', namespace: 'data', body: { spec: { replicas: 3 } } }, merge);
    await waitFor(() => t.sim.store.get('Pod', 'data', 'rabbitmq-2'), 'rabbitmq-2');
    const created = ['rabbitmq-0', 'rabbitmq-1', 'rabbitmq-2'].map((n) => Date.parse(t.sim.store.get('Pod', 'data', n)?.metadata.creationTimestamp ?? ''));
    expect([...created].sort()).toEqual(created);
    await waitFor(() => {
      const ep = t.sim.store.get('Endpoints', 'data', 'rabbitmq') as { subsets?: { addresses?: unknown[]; ports?: { port: number }[] }[] } | undefined;
      return ep?.subsets?.[0]?.addresses?.length === 3 && ep.subsets[0].ports?.[0]?.port === 5672;
    }, 'three ready endpoints on the resolved target port');
  });

  it('emits the familiar events for a new pod', async () => {
    await t.apps.patchNamespacedDeploymentScale({ name: 'reviews', namespace: 'api', body: { spec: { replicas: 2 } } }, merge);
    const pod = await waitFor(() => t.sim.store.list('Pod', 'api').find((p) => p.metadata.labels?.['app.kubernetes.io/name'] === 'reviews' && Date.parse(p.metadata.creationTimestamp) > Date.now() - 60_000 && (p.status as { phase?: string }).phase === 'Running'), 'new reviews pod');
    const reasons = await waitFor(async () => {
      const list = await t.core.listNamespacedEvent({ namespace: 'api', fieldSelector: `involvedObject.name=${pod.metadata.name},involvedObject.kind=Pod` });
      const r = list.items.map((e) => e.reason);
      return r.includes('Started') ? r : undefined;
    }, 'kubelet events');
    expect(reasons).toEqual(expect.arrayContaining(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']));
    const rsEvents = await t.core.listNamespacedEvent({ namespace: 'api', fieldSelector: 'reason=SuccessfulCreate' });
    expect(rsEvents.items.some((e) => e.message === `Created pod: ${pod.metadata.name}` && e.source?.component === 'replicaset-controller')).toBe(true);
  });

  it('rolls a Deployment to a new ReplicaSet when its template changes', async () => {
    const before = t.sim.store.list('ReplicaSet', 'api').filter((r) => r.metadata.labels?.['app.kubernetes.io/name'] === 'payment');
    await t.apps.patchNamespacedDeployment({ name: 'payment', namespace: 'api', body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } } } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch));
    await waitFor(() => {
      const sets = t.sim.store.list('ReplicaSet', 'api').filter((r) => r.metadata.labels?.['app.kubernetes.io/name'] === 'payment');
      const old = sets.find((r) => r.metadata.name === before[0]?.metadata.name) as { spec?: { replicas?: number } } | undefined;
      return sets.length === 2 && old?.spec?.replicas === 0;
    }, 'old ReplicaSet scaled down');
    const deployment = t.sim.store.get('Deployment', 'api', 'payment');
    expect(deployment?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
  });
});
