import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCluster } from './connection';
import type { PodDto, ResourceDto } from './dto';
import type { K8sError } from './errors';
import { deletePod } from './pods';
import { startTestCluster, type TestCluster, waitFor } from './testing';
import { type WatchEvent, watchResources } from './watch';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster();
});
afterAll(async () => {
  await t.stop();
});

function recorder<T = ResourceDto>() {
  const events: WatchEvent<T>[] = [];
  const syncs: T[][] = [];
  const errors: K8sError[] = [];
  return {
    events,
    syncs,
    errors,
    onEvent: (e: WatchEvent<T>) => events.push(e),
    onSync: (items: T[]) => syncs.push(items),
    onError: (e: K8sError) => errors.push(e),
  };
}

const createConfigMap = (conn: TestCluster['admin'], namespace: string, name: string, labels: Record<string, string> = {}) =>
  conn.core.createNamespacedConfigMap({ namespace, body: { metadata: { name, labels }, data: { v: '1' } } });

describe('[K8S] watchResources', () => {
  it('lists, then streams ADDED, MODIFIED and DELETED as DTOs', async () => {
    const r = recorder();
    const watch = watchResources(t.admin, { path: '/api/v1/namespaces/default/configmaps', labelSelector: 'watched=yes', ...r });
    await waitFor(() => r.syncs.length === 1, 'initial list');
    expect(r.syncs[0]).toEqual([]);
    await createConfigMap(t.admin, 'default', 'w1', { watched: 'yes' });
    await t.admin.core.replaceNamespacedConfigMap({ namespace: 'default', name: 'w1', body: { metadata: { name: 'w1', labels: { watched: 'yes' } }, data: { v: '2' } } });
    await t.admin.core.deleteNamespacedConfigMap({ namespace: 'default', name: 'w1' });
    await waitFor(() => r.events.length >= 3, 'three events');
    await watch.stop();
    expect(r.events.map((e) => `${e.type} ${e.object.kind} ${e.object.name}`)).toEqual(['ADDED ConfigMap w1', 'MODIFIED ConfigMap w1', 'DELETED ConfigMap w1']);
    expect(r.errors).toEqual([]);
    expect(watch.resourceVersion).toBe(r.events[2]?.object.resourceVersion);
  });

  it('maps pods to PodDto, in the list and in events', async () => {
    const r = recorder<PodDto>();
    const watch = watchResources<PodDto>(t.admin, { path: '/api/v1/namespaces/api/pods', labelSelector: 'app.kubernetes.io/name=user', ...r });
    await waitFor(() => r.syncs.length === 1, 'initial list');
    const [victim] = r.syncs[0] ?? [];
    expect(r.syncs[0]).toHaveLength(2);
    expect(victim).toMatchObject({ kind: 'Pod', namespace: 'api', phase: 'Running', serviceAccountName: 'user' });
    await deletePod(t.admin, 'api', victim?.name ?? '', { gracePeriodSeconds: 0 });
    await waitFor(() => r.events.some((e) => e.type === 'DELETED') && r.events.some((e) => e.type === 'ADDED'), 'deletion and replacement');
    await watch.stop();
    expect(r.events.find((e) => e.type === 'DELETED')?.object.name).toBe(victim?.name);
    expect(r.events.find((e) => e.type === 'ADDED')?.object).toMatchObject({ kind: 'Pod', ownerReferences: [{ kind: 'ReplicaSet' }] });
  });

  it('re-watches quietly after client-node aborts a watch that saw nothing (its inactivity timeout, injected small)', async () => {
    const r = recorder();
    const watch = watchResources(t.admin, { path: '/api/v1/namespaces/cert-manager/configmaps', inactivityTimeoutMs: 500, ...r });
    await waitFor(() => watch.stats.inactivityTimeouts >= 2, 'two inactivity aborts');
    await createConfigMap(t.admin, 'cert-manager', 'after-quiet');
    await waitFor(() => r.events.length === 1, 'event after re-watch');
    await watch.stop();
    expect(r.events[0]).toMatchObject({ type: 'ADDED', object: { name: 'after-quiet' } });
    expect(r.errors).toEqual([]);
    expect(watch.stats).toMatchObject({ lists: 1, expired: 0, failures: 0 });
    expect(watch.stats.watches).toBeGreaterThanOrEqual(3);
  });

  it('relists on 410 Expired and hands the consumer the new state', async () => {
    const small = await startTestCluster({ watchHistorySize: 20 });
    try {
      const r = recorder();
      const watch = watchResources(small.admin, { path: '/api/v1/namespaces/kube-public/configmaps', inactivityTimeoutMs: 700, ...r });
      await waitFor(() => r.syncs.length === 1, 'initial list');
      await createConfigMap(small.admin, 'kube-public', 'seen-live');
      await waitFor(() => r.events.length === 1, 'live event');
      // Changes elsewhere push the watch's last resourceVersion out of the kept history; the
      // re-watch after the next quiet abort is answered with 410 Expired.
      for (let i = 0; i < 40; i++) await createConfigMap(small.admin, 'default', `churn-${i}`);
      await waitFor(() => watch.stats.expired >= 1 && r.syncs.length >= 2, 'relist after 410');
      const names = (r.syncs.at(-1) ?? []).map((o) => o.name);
      expect(names).toContain('seen-live');
      expect(names).toHaveLength((r.syncs[0]?.length ?? 0) + 1);
      await createConfigMap(small.admin, 'kube-public', 'after-relist');
      await waitFor(() => r.events.some((e) => e.object.name === 'after-relist'), 'event after relist');
      await watch.stop();
      expect(r.errors).toEqual([]);
      expect(watch.stats.lists).toBe(r.syncs.length);
    } finally {
      await small.stop();
    }
  });

  it('reports failures and keeps trying until stopped', async () => {
    const r = recorder();
    const forbidden = watchResources(t.readOnly, { path: '/api/v1/namespaces/ci/secrets', ...r });
    await waitFor(() => r.errors.length >= 1, 'a reported failure');
    expect(r.errors[0]).toMatchObject({ kind: 'Forbidden', message: 'secrets is forbidden: User "cordon-viewer" cannot list resource "secrets" in API group "" in the namespace "ci"' });

    const other = await startTestCluster();
    await other.stop();
    const down = recorder();
    const unreachable = watchResources(connectCluster({ kubeconfig: other.sim.kubeconfig() }), { path: '/api/v1/pods', ...down });
    await waitFor(() => down.errors.length >= 2, 'repeated failures');
    expect(down.errors[0]?.kind).toBe('Unreachable');
    await Promise.all([forbidden.stop(), unreachable.stop()]);
    expect(r.syncs).toEqual([]);
    expect(forbidden.stats.lists).toBe(0);
  });

  it('stop() ends the watch: nothing arrives afterwards', async () => {
    const r = recorder();
    const watch = watchResources(t.admin, { path: '/api/v1/namespaces/monitoring/configmaps', ...r });
    await waitFor(() => r.syncs.length === 1, 'initial list');
    await createConfigMap(t.admin, 'monitoring', 'before-stop');
    await waitFor(() => r.events.length === 1, 'first event');
    await watch.stop();
    const watches = watch.stats.watches;
    await createConfigMap(t.admin, 'monitoring', 'after-stop');
    // A control watch sees the change, so it was delivered to watchers; the stopped one got nothing.
    const control = recorder();
    const check = watchResources(t.admin, { path: '/api/v1/namespaces/monitoring/configmaps', ...control });
    await waitFor(() => control.syncs[0]?.some((o) => o.name === 'after-stop'), 'control list');
    await check.stop();
    expect(r.events.map((e) => e.object.name)).toEqual(['before-stop']);
    expect(watch.stats.watches).toBe(watches);
  });
});
