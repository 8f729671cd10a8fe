// The inventory watcher against the simulator through the real client-node: first sync, changes
// made through the gateway, relists (after a restart and after a real 410 behind a flaky link),
// cluster health, the per-cluster lock between two watchers, and the enrichment it feeds.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal } from '../crypto/seal';
import { db } from '../db/client';
import { pgPool } from '../db/pool';
import { workloadFromPodName } from '../ingest/writer/enrich';
import { eventBus, closeEventBus, type LiveEvent } from '../live/event-bus';
import { forgetClusterConnection, listPods, patchPodLabels, scaleWorkload } from '../k8s';
import { startTestCluster, waitFor, type TestCluster } from '../k8s/testing';
import { useTestDatabase } from '../test/database';
import { createIngestToken, post, startIngestServer } from '../test/ingest-server';
import { startInventoryWatchers, type InventoryWatchers } from './watchers';

const FAST = { lockRetryMs: 100, pollIntervalMs: 100, delayMs: 50, maxBackoffMs: 300 };

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster();
});
afterAll(async () => {
  forgetClusterConnection();
  await t.stop();
});

async function row(clusterId: string, kind: string, namespace: string, name: string) {
  return await db.clusterObject.findUnique({ where: { clusterId_kind_namespace_name: { clusterId, kind, namespace, name } } });
}

async function liveCount(clusterId: string, kind: string): Promise<number> {
  return await db.clusterObject.count({ where: { clusterId, kind, deletedAt: null } });
}

/** Everything of these kinds the simulator has is in the table, and nothing else is live. */
async function inventoryMatches(clusterId: string, sim: TestCluster['sim'], kinds = ['Pod', 'Deployment', 'Service', 'ServiceAccount', 'Namespace']): Promise<boolean> {
  for (const kind of kinds) if ((await liveCount(clusterId, kind)) !== sim.store.list(kind).length) return false;
  return true;
}

describe('[INVENTORY] cluster watcher', () => {
  useTestDatabase();
  let clusterId = '';
  let watchers: InventoryWatchers;
  const events: LiveEvent[] = [];

  beforeAll(async () => {
    const cluster = await db.cluster.create({
      data: { name: 'sim', displayName: 'Simulator', source: 'kubeconfig', kubeconfigEnc: new Uint8Array(seal(t.sim.kubeconfig())) },
    });
    clusterId = cluster.id;
    eventBus().subscribe((e) => events.push(e));
    await eventBus().ready();
    watchers = startInventoryWatchers(FAST);
  });
  afterAll(async () => {
    await watchers.stop();
    await closeEventBus();
  });

  it('lists every kind into cluster_object with what the map and the enrichment need', async () => {
    await waitFor(() => inventoryMatches(clusterId, t.sim), 'the first sync');
    expect(watchers.held()).toEqual([clusterId]);

    const frontend = await row(clusterId, 'Deployment', 'shop', 'frontend');
    expect(frontend?.summary).toMatchObject({ replicas: 3, ready: 3, serviceAccountName: 'frontend', images: ['docker.io/library/nginx:1.27'], privileged: false });
    expect((frontend?.summary as { selector: Record<string, string> }).selector).toEqual({ 'app.kubernetes.io/name': 'frontend' });
    const pod = (await listPods(t.admin, { namespace: 'shop', labelSelector: 'app.kubernetes.io/name=frontend' }))[0]!;
    const podRow = await row(clusterId, 'Pod', 'shop', pod.name);
    expect(podRow).toMatchObject({ uid: pod.uid, ownerKind: 'ReplicaSet', labels: pod.labels });
    expect(podRow?.summary).toMatchObject({ nodeName: pod.nodeName, phase: 'Running', podIP: pod.podIP, serviceAccountName: 'frontend', restarts: 0 });
    const replicaSet = await row(clusterId, 'ReplicaSet', 'shop', podRow!.ownerName!);
    expect(replicaSet).toMatchObject({ ownerKind: 'Deployment', ownerName: 'frontend' });
    expect(await row(clusterId, 'Pod', 'data', 'postgres-0')).toMatchObject({ ownerKind: 'StatefulSet', ownerName: 'postgres' });
    expect((await row(clusterId, 'Pod', 'shop', (await listPods(t.admin, { namespace: 'shop', labelSelector: 'app.kubernetes.io/name=recommendation' }))[0]!.name))?.summary).toMatchObject({ restarts: 3 });

    expect((await row(clusterId, 'Service', 'shop', 'frontend'))?.summary).toMatchObject({ type: 'LoadBalancer', selector: { 'app.kubernetes.io/name': 'frontend' }, loadBalancer: [expect.stringMatching(/^203\.0\.113\./)] });
    expect((await row(clusterId, 'Ingress', 'shop', 'frontend'))?.summary).toMatchObject({ hosts: ['shop.example.com'], backends: ['frontend'] });
    expect((await row(clusterId, 'NetworkPolicy', 'data', 'postgres-ingress'))?.summary).toMatchObject({ policyTypes: ['Ingress'] });
    expect((await row(clusterId, 'ClusterRoleBinding', '', 'ci-rbac-manager'))?.summary).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: 'ci-rbac-manager' },
      subjects: [{ kind: 'ServiceAccount', name: 'actions-runner', namespace: 'ci' }],
    });
    expect((await row(clusterId, 'ClusterRole', '', 'ci-rbac-manager'))?.summary).toMatchObject({ wildcardVerbs: false, escalation: ['bind'] });
    expect((await row(clusterId, 'ClusterRole', '', 'cluster-admin'))?.summary).toMatchObject({ wildcardVerbs: true });
    expect((await row(clusterId, 'DaemonSet', 'kube-system', 'cilium'))?.summary).toMatchObject({ replicas: 4 });
    expect((await row(clusterId, 'Node', '', 'demo-worker-1'))?.summary).toMatchObject({ ready: true, unschedulable: false });
    // No secret values, no whole specs.
    const { rows } = await pgPool().query<{ n: string }>(`SELECT count(*) AS n FROM cluster_object WHERE summary::text LIKE '%last-applied%' OR summary ? 'spec'`);
    expect(rows[0]?.n).toBe('0');

    // Health and a live event per batch, naming the cluster only.
    await waitFor(async () => (await db.cluster.findUniqueOrThrow({ where: { id: clusterId } })).state === 'connected', 'connected state');
    expect((await db.cluster.findUniqueOrThrow({ where: { id: clusterId } })).lastSeenAt).not.toBeNull();
    await waitFor(() => events.some((e) => e.topic === 'inventory'), 'an inventory event');
    expect(events.find((e) => e.topic === 'inventory')).toEqual({ topic: 'inventory', clusterId });
  });

  it('follows a create, a patch, a scale and a delete made through the gateway', async () => {
    const deployment = {
      metadata: { name: 'inv-probe', labels: { app: 'inv-probe' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'inv-probe' } },
        template: {
          metadata: { labels: { app: 'inv-probe' } },
          spec: { hostNetwork: true, containers: [{ name: 'main', image: 'registry.evil.example/probe:1', securityContext: { privileged: true } }] },
        },
      },
    };
    await t.admin.apps.createNamespacedDeployment({ namespace: 'default', body: deployment });
    const created = await waitFor(() => row(clusterId, 'Deployment', 'default', 'inv-probe'), 'the new Deployment');
    expect(created.summary).toMatchObject({ privileged: true, hostNetwork: true, images: ['registry.evil.example/probe:1'] });
    const pod = await waitFor(async () => (await db.clusterObject.findMany({ where: { clusterId, kind: 'Pod', namespace: 'default', name: { startsWith: 'inv-probe-' }, deletedAt: null } }))[0], 'its pod');
    expect(pod.ownerKind).toBe('ReplicaSet');
    expect(pod.summary).toMatchObject({ privileged: true, hostNetwork: true });

    await patchPodLabels(t.admin, 'default', pod.name, { add: { 'cordon.test/seen': 'yes' } });
    await waitFor(async () => ((await row(clusterId, 'Pod', 'default', pod.name))?.labels as Record<string, string>)['cordon.test/seen'] === 'yes', 'the patched label');

    await scaleWorkload(t.admin, 'Deployment', 'default', 'inv-probe', 2);
    await waitFor(async () => ((await row(clusterId, 'Deployment', 'default', 'inv-probe'))?.summary as { replicas: number; ready: number }).ready === 2, 'two ready replicas');

    const before = (await row(clusterId, 'Deployment', 'default', 'inv-probe'))!.updatedAt;
    await t.admin.apps.deleteNamespacedDeployment({ namespace: 'default', name: 'inv-probe' });
    const deleted = await waitFor(async () => (await row(clusterId, 'Deployment', 'default', 'inv-probe'))?.deletedAt, 'the soft delete');
    expect(deleted.getTime()).toBeGreaterThanOrEqual(before.getTime());
    // Its pods go with it (garbage collector), and are marked deleted too.
    await waitFor(async () => (await db.clusterObject.count({ where: { clusterId, kind: 'Pod', name: { startsWith: 'inv-probe-' }, deletedAt: null } })) === 0, 'its pods deleted');
  });

  it('writes a burst of changes in few batches, and leaves unchanged rows alone', async () => {
    const watch = watchers.watch(clusterId)!;
    const batches = watch.writer.stats.batches;
    await Promise.all(Array.from({ length: 30 }, (_, i) => t.admin.core.createNamespacedServiceAccount({ namespace: 'default', body: { metadata: { name: `burst-${i}` } } })));
    await waitFor(async () => (await db.clusterObject.count({ where: { clusterId, kind: 'ServiceAccount', name: { startsWith: 'burst-' }, deletedAt: null } })) === 30, 'thirty accounts');
    expect(watch.writer.stats.batches - batches).toBeLessThan(15);
    // Repeated changes of one object between two writes: one row written, the last state.
    const written = watch.writer.stats.batches;
    for (let i = 0; i < 50; i++) {
      watch.writer.upsert({ kind: 'ServiceAccount', namespace: 'default', name: 'coalesced', uid: null, labels: { n: String(i) }, summary: {}, ownerKind: null, ownerName: null });
    }
    await watch.writer.flush();
    expect(watch.writer.stats.batches - written).toBe(1);
    expect((await row(clusterId, 'ServiceAccount', 'default', 'coalesced'))?.labels).toEqual({ n: '49' });
    // A relist of an unchanged cluster rewrites nothing.
    const unchanged = (await row(clusterId, 'Service', 'shop', 'frontend'))!.updatedAt;
    await watchers.stop();
    watchers = startInventoryWatchers(FAST);
    await waitFor(() => watchers.watch(clusterId)?.synced, 'second sync');
    await watchers.watch(clusterId)!.writer.flush();
    expect((await row(clusterId, 'Service', 'shop', 'frontend'))!.updatedAt).toEqual(unchanged);
  });

  it('marks what vanished while nobody watched as deleted at the next list', async () => {
    await watchers.stop();
    await t.admin.core.deleteNamespacedServiceAccount({ namespace: 'default', name: 'burst-0' });
    await db.clusterObject.create({ data: { clusterId, kind: 'Pod', namespace: 'shop', name: 'ghost-pod', summary: {} } });
    watchers = startInventoryWatchers(FAST);
    await waitFor(async () => (await row(clusterId, 'Pod', 'shop', 'ghost-pod'))?.deletedAt, 'the ghost marked deleted');
    await waitFor(async () => (await row(clusterId, 'ServiceAccount', 'default', 'burst-0'))?.deletedAt, 'the account deleted meanwhile');
    expect(await row(clusterId, 'ServiceAccount', 'default', 'burst-1')).toMatchObject({ deletedAt: null });
  });

  it('lets one of two watchers hold a cluster; the other takes over when it stops', async () => {
    await waitFor(() => watchers.held().includes(clusterId), 'the first watcher holds the cluster');
    const second = startInventoryWatchers(FAST);
    try {
      await second.tick();
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(second.held()).toEqual([]);
      const { rows } = await pgPool().query<{ n: string }>(`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = 7411301 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
      expect(rows[0]?.n).toBe('1');

      await watchers.stop();
      await waitFor(() => second.held().includes(clusterId), 'the second watcher takes over');
      await waitFor(() => second.watch(clusterId)?.synced, 'the second watcher lists');
      await t.admin.core.createNamespacedServiceAccount({ namespace: 'default', body: { metadata: { name: 'after-handover' } } });
      await waitFor(() => row(clusterId, 'ServiceAccount', 'default', 'after-handover'), 'a change seen by the new holder');
    } finally {
      await second.stop();
      watchers = startInventoryWatchers(FAST);
    }
  });

  it('resolves an alert about a StatefulSet pod (no name pattern) to the StatefulSet', async () => {
    expect(workloadFromPodName('postgres-0')).toBeNull();
    await waitFor(() => row(clusterId, 'Pod', 'data', 'postgres-0'), 'the pod in the inventory');
    const server = await startIngestServer();
    try {
      const token = await createIngestToken('falco', clusterId);
      const uuid = crypto.randomUUID();
      const response = await post(`${server.url}/api/ingest/falco`, {
        uuid,
        output: '12:00:00.000000000: Notice A shell was spawned in a container with an attached terminal',
        priority: 'Notice',
        rule: 'Terminal shell in container',
        time: new Date().toISOString(),
        source: 'syscall',
        hostname: 'demo-worker-2',
        tags: ['container', 'shell', 'mitre_execution', 'T1059'],
        output_fields: { 'k8s.ns.name': 'data', 'k8s.pod.name': 'postgres-0', 'proc.name': 'bash', 'container.id': 'abcdef012345', 'evt.time': Date.now() * 1e6 },
      }, { token });
      expect(response.status, JSON.stringify(response.json)).toBe(200);
      const alert = await db.alert.findFirstOrThrow({ where: { sourceEventId: uuid } });
      expect(alert).toMatchObject({ namespace: 'data', pod: 'postgres-0', workloadKind: 'StatefulSet', workload: 'postgres' });
      const incident = await db.incident.findUniqueOrThrow({ where: { id: alert.incidentId! } });
      expect(incident.correlationKey).toBe(`${clusterId}|workload|data/StatefulSet/postgres`);
    } finally {
      await server.close();
    }
  });
});

/** A TCP relay to the simulator that can be cut and restored, like a flaky network path. */
async function startRelay(targetPort: number) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    async cut() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
    async restore() {
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    async close() {
      for (const s of sockets) s.destroy();
      if (server.listening) await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('[INVENTORY] relist after a 410 behind a flaky link', () => {
  useTestDatabase();

  it('records the cluster unreachable, then relists on 410 Expired and marks what vanished meanwhile', async () => {
    const small = await startTestCluster({ watchHistorySize: 20 });
    const relay = await startRelay(small.sim.port);
    const watchers = startInventoryWatchers(FAST);
    try {
      const kubeconfig = small.sim.kubeconfig().replace(`127.0.0.1:${small.sim.port}`, `127.0.0.1:${relay.port}`);
      const { id } = await db.cluster.create({ data: { name: 'flaky', displayName: 'Flaky', source: 'kubeconfig', kubeconfigEnc: new Uint8Array(seal(kubeconfig)) } });
      await small.admin.core.createNamespacedServiceAccount({ namespace: 'default', body: { metadata: { name: 'vanishing' } } });
      await waitFor(() => inventoryMatches(id, small.sim), 'the first sync', 20_000);
      await waitFor(async () => (await db.cluster.findUniqueOrThrow({ where: { id } })).state === 'connected', 'connected');
      const expiredBefore = watchers.watch(id)!.stats.watches.find((w) => w.kind === 'ServiceAccount')!.expired;

      await relay.cut();
      const down = await waitFor(async () => {
        const c = await db.cluster.findUniqueOrThrow({ where: { id } });
        return c.state === 'unreachable' ? c : null;
      }, 'unreachable state');
      expect(down.stateMessage).toMatch(/could not be reached/);

      // While the link is down: the account goes, and enough churn pushes the watch's resume
      // point out of the server's (20-event) history.
      await small.admin.core.deleteNamespacedServiceAccount({ namespace: 'default', name: 'vanishing' });
      for (let i = 0; i < 25; i++) await small.admin.core.createNamespacedServiceAccount({ namespace: 'default', body: { metadata: { name: `churn-${i}` } } });
      await relay.restore();

      await waitFor(async () => (await row(id, 'ServiceAccount', 'default', 'vanishing'))?.deletedAt, 'the vanished account marked deleted', 20_000);
      expect(watchers.watch(id)!.stats.watches.find((w) => w.kind === 'ServiceAccount')!.expired).toBeGreaterThan(expiredBefore);
      await waitFor(() => inventoryMatches(id, small.sim), 'the inventory matches the cluster again');
      await waitFor(async () => (await db.cluster.findUniqueOrThrow({ where: { id } })).state === 'connected', 'connected again');
    } finally {
      await watchers.stop();
      await relay.close();
      forgetClusterConnection();
      await small.stop();
    }
  });
});
