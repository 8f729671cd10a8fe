// The map's server side against real data: the simulator's inventory (kept by the real watcher
// through client-node), its Hubble flows and Falco alerts through the real ingest pipeline, and
// containment actions run against it. No mocks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeAction } from '../containment/commands/execute-action';
import { previewAction } from '../containment/commands/preview-action';
import { undoAction } from '../containment/commands/undo-action';
import { seal } from '../crypto/seal';
import { db } from '../db/client';
import type { AppError } from '../errors';
import { startInventoryWatchers, type InventoryWatchers } from '../inventory/watchers';
import { forgetClusterConnection, listPods } from '../k8s';
import { rejectionOf, startTestCluster, waitFor, type TestCluster } from '../k8s/testing';
import { useTestDatabase } from '../test/database';
import { createTestUser, testActor } from '../test/factories';
import { createIngestToken, post, startIngestServer } from '../test/ingest-server';
import { loadMapDelta } from './delta';
import { loadWorkloadDetail } from './detail';
import { loadMapGraph } from './graph';
import type { MapEdge, MapGraph, MapNode } from './types';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster();
});
afterAll(async () => {
  forgetClusterConnection();
  await t.stop();
});

const node = (g: { nodes: MapNode[] } | { upsertNodes: MapNode[] }, id: string) => ('nodes' in g ? g.nodes : g.upsertNodes).find((n) => n.id === id);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('[MAP] graph, deltas, replay and detail', () => {
  useTestDatabase();
  let clusterId = '';
  let watchers: InventoryWatchers;
  let server: Awaited<ReturnType<typeof startIngestServer>>;
  let flowsToken = '';
  let falcoToken = '';
  let actor: ReturnType<typeof testActor>;

  /** Traffic rounds in the simulator, posted to the ingest endpoint as Hubble NDJSON. */
  const sendFlows = async (rounds = 5) => {
    const before = t.sim.flows.stats.emitted;
    for (let i = 0; i < rounds; i += 1) t.sim.flows.tick();
    const fresh = t.sim.flows.recent().slice(-(t.sim.flows.stats.emitted - before));
    for (let i = 0; i < fresh.length; i += 500) {
      const response = await post(`${server.url}/api/ingest/flows`, fresh.slice(i, i + 500).map((f) => JSON.stringify(f)).join('\n'), { token: flowsToken, contentType: 'application/x-ndjson' });
      expect(response.status, JSON.stringify(response.json)).toBe(200);
    }
    return fresh;
  };

  const falcoAlert = async (namespace: string, pod: string, rule = 'Terminal shell in container', priority = 'Notice') => {
    const uuid = crypto.randomUUID();
    const response = await post(
      `${server.url}/api/ingest/falco`,
      {
        uuid,
        output: `12:00:00.000000000: ${priority} ${rule}`,
        priority,
        rule,
        time: new Date().toISOString(),
        source: 'syscall',
        hostname: 'demo-worker-1',
        tags: ['container', 'mitre_execution', 'T1059'],
        output_fields: { 'k8s.ns.name': namespace, 'k8s.pod.name': pod, 'proc.name': 'sh', 'container.id': 'abcdef012345', 'evt.time': Date.now() * 1e6 },
      },
      { token: falcoToken },
    );
    expect(response.status, JSON.stringify(response.json)).toBe(200);
    return await db.alert.findFirstOrThrow({ where: { sourceEventId: uuid } });
  };

  const podOf = async (namespace: string, app: string) => {
    const pods = await listPods(t.admin, { namespace, labelSelector: `app.kubernetes.io/name=${app}` });
    return pods.find((p) => !p.deletionTimestamp)!;
  };

  beforeAll(async () => {
    actor = testActor(await createTestUser('responder'));
    // Registered an hour ago: its ten-minute baseline period is over, so what appears now is new.
    const cluster = await db.cluster.create({
      data: { name: 'sim', displayName: 'Simulator', source: 'kubeconfig', kubeconfigEnc: new Uint8Array(seal(t.sim.kubeconfig())), createdAt: new Date(Date.now() - 3_600_000) },
    });
    clusterId = cluster.id;
    watchers = startInventoryWatchers({ lockRetryMs: 100, pollIntervalMs: 100, delayMs: 50 });
    await waitFor(async () => (await db.clusterObject.count({ where: { clusterId, kind: 'Pod', deletedAt: null } })) === t.sim.store.list('Pod').length && watchers.watch(clusterId)?.synced, 'the inventory');
    server = await startIngestServer();
    flowsToken = await createIngestToken('flows', clusterId);
    falcoToken = await createIngestToken('falco', clusterId);
    await sendFlows(8);
  });
  afterAll(async () => {
    await server?.close();
    await watchers?.stop();
  });

  it('draws namespaces, workloads (ReplicaSets folded), bare pods and externals, with their state', async () => {
    const g = await loadMapGraph({ clusterId });
    expect(g.clusterId).toBe(clusterId);
    expect(g.truncated).toBeNull();
    expect(node(g, 'ns:shop')).toMatchObject({ kind: 'namespace', parent: null, label: 'shop' });
    expect(node(g, 'shop/Deployment/frontend')).toMatchObject({
      kind: 'workload',
      parent: 'ns:shop',
      label: 'frontend',
      namespace: 'shop',
      workloadKind: 'Deployment',
      pods: { desired: 3, ready: 3 },
      state: { isolated: false, privileged: false, wideServiceAccount: null, unknownRegistries: [], new: false, incidents: { open: 0 } },
    });
    expect(node(g, 'shop/Deployment/frontend')?.state.exposure).toEqual(['LoadBalancer Service shop/frontend', 'Ingress shop.example.com']);
    expect(node(g, 'ingress-nginx/Deployment/ingress-nginx-controller')?.state.exposure).toEqual(['LoadBalancer Service ingress-nginx/ingress-nginx-controller']);
    expect(node(g, 'api/Deployment/checkout')?.state.exposure).toEqual([]);
    expect(g.nodes.some((n) => n.workloadKind === 'ReplicaSet')).toBe(false);
    expect(node(g, 'data/StatefulSet/postgres')?.pods?.desired).toBeGreaterThanOrEqual(1);
    expect(node(g, 'kube-system/DaemonSet/cilium')?.state.privileged).toBe(true);
    expect(node(g, 'kube-system/Pod/etcd-demo-control-plane')).toMatchObject({ workloadKind: 'Pod', pods: { desired: 1 } });
    // Service accounts bound cluster-wide to powerful roles.
    expect(node(g, 'ci/Deployment/actions-runner')?.state.wideServiceAccount).toBe('ci/actions-runner (ClusterRoleBinding ci-rbac-manager → ci-rbac-manager: bind)');
    expect(node(g, 'ci/StatefulSet/argocd-application-controller')?.state.wideServiceAccount).toMatch(/^ci\/argocd \(ClusterRoleBinding argocd-application-controller → argocd-application-controller: every verb\)$/);
    expect(node(g, 'monitoring/Deployment/kube-state-metrics')?.state.wideServiceAccount).toBeNull();
    // The shop's own registry is not in the default trusted list.
    expect(node(g, 'api/Deployment/checkout')?.state.unknownRegistries).toEqual(['registry.shop.internal']);

    // Edges from the flows: calls between workloads, externals by name and address.
    const edge = (source: string, target: string, verdict = 'forwarded') => g.edges.find((e) => e.source === source && e.target === target && e.verdict === verdict);
    expect(edge('shop/Deployment/frontend', 'shop/Deployment/storefront')).toMatchObject({ port: 3000, protocol: 'TCP', new: true });
    const external = g.nodes.find((n) => n.kind === 'external' && n.id.startsWith('dns:'));
    expect(external).toMatchObject({ parent: null, namespace: null, state: { new: true } });
    expect(g.nodes.find((n) => n.id === 'world' || n.id.startsWith('ip:'))).toBeDefined();
    for (const e of g.edges) {
      expect(e.id).toBe(`${e.source}|${e.target}|${e.port}|${e.protocol}|${e.verdict}`);
      expect(node(g, e.source)).toBeDefined();
      expect(node(g, e.target)).toBeDefined();
    }
    for (const n of g.nodes) if (n.parent) expect(node(g, n.parent)?.kind).toBe('namespace');
    expect(new Set(g.nodes.map((n) => n.id)).size).toBe(g.nodes.length);
    expect(new Set(g.edges.map((e) => e.id)).size).toBe(g.edges.length);
  });

  it('counts every ingested flow on its edge', async () => {
    const before = await loadMapGraph({ clusterId });
    const sent = await sendFlows(3);
    const after = await loadMapGraph({ clusterId });
    const key = (e: MapEdge) => e.id;
    const grew = new Map(after.edges.map((e) => [key(e), e.count - (before.edges.find((b) => b.id === e.id)?.count ?? 0)]));
    const total = [...grew.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(sent.length);
  });

  it('filters by namespace (keeping the peers its edges reach) and by verdict', async () => {
    const data = await loadMapGraph({ clusterId, namespace: 'data' });
    expect(node(data, 'data/StatefulSet/postgres')).toBeDefined();
    expect(node(data, 'shop/Deployment/loadgenerator')).toBeUndefined();
    for (const e of data.edges) expect(e.source.startsWith('data/') || e.target.startsWith('data/')).toBe(true);
    const peer = data.edges.map((e) => (e.source.startsWith('data/') ? e.target : e.source)).find((id) => id.startsWith('api/'));
    expect(peer).toBeDefined();
    expect(node(data, peer!)).toMatchObject({ kind: 'workload', parent: 'ns:api' });
    expect(node(data, 'ns:api')).toBeDefined();

    const now = new Date();
    await db.flow.create({
      data: {
        clusterId, srcKey: 'monitoring/Deployment/grafana', srcNamespace: 'monitoring', srcName: 'grafana', dstKey: 'data/StatefulSet/postgres', dstNamespace: 'data',
        dstName: 'postgres', port: 5432, protocol: 'TCP', verdict: 'dropped', count: 2, firstSeenAt: now, lastSeenAt: now,
        windows: { create: [{ bucketStart: new Date(Math.floor(now.getTime() / 60_000) * 60_000), count: 2 }] },
      },
    });
    const dropped = await loadMapGraph({ clusterId, verdict: 'dropped' });
    expect(dropped.edges.find((e) => e.source === 'monitoring/Deployment/grafana')).toMatchObject({ target: 'data/StatefulSet/postgres', count: 2, verdict: 'dropped' });
    expect(dropped.edges.length).toBeGreaterThan(0);
    expect(dropped.edges.every((e) => e.verdict === 'dropped')).toBe(true);
    expect(node(dropped, 'shop/Deployment/frontend')).toBeDefined();
  });

  it('counts flows in the window from their per-minute buckets', async () => {
    const now = Date.now();
    const minute = (ago: number) => new Date(Math.floor((now - ago * 60_000) / 60_000) * 60_000);
    const flow = await db.flow.create({
      data: {
        clusterId,
        srcKey: 'shop/Deployment/storefront',
        srcNamespace: 'shop',
        srcName: 'storefront',
        dstKey: 'ip:169.254.169.254',
        dstName: '169.254.169.254',
        port: 80,
        protocol: 'TCP',
        verdict: 'forwarded',
        count: 10,
        firstSeenAt: minute(180),
        lastSeenAt: new Date(minute(10).getTime() + 5_000),
        windows: { create: [{ bucketStart: minute(180), count: 5 }, { bucketStart: minute(30), count: 2 }, { bucketStart: minute(10), count: 3 }] },
      },
    });
    const at = (from: number) => loadMapGraph({ clusterId, from: new Date(now - from * 60_000), to: new Date(now) });
    const edgeOf = (g: MapGraph) => g.edges.find((e) => e.source === 'shop/Deployment/storefront' && e.target === 'metadata' && e.port === 80);
    expect(edgeOf(await at(60))).toMatchObject({ count: 5, verdict: 'forwarded', firstSeenAt: minute(180).toISOString() });
    expect(edgeOf(await at(15))?.count).toBe(3);
    expect(edgeOf(await at(240))?.count).toBe(10);
    // Seen before and after a window, not in it: not drawn.
    expect(edgeOf(await loadMapGraph({ clusterId, from: new Date(now - 150 * 60_000), to: new Date(now - 60 * 60_000) }))).toBeUndefined();
    const g = await at(60);
    expect(node(g, 'metadata')).toMatchObject({ kind: 'external', label: 'cloud metadata (169.254.169.254)' });
    // Replay: the five minutes before `at`, last seen clipped to the window.
    const replay = await loadMapGraph({ clusterId, at: new Date(minute(10).getTime() + 90_000) });
    expect(replay.window.to).toBe(new Date(minute(10).getTime() + 90_000).toISOString());
    expect(edgeOf(replay)).toMatchObject({ count: 3, lastSeenAt: new Date(minute(10).getTime() + 5_000).toISOString() });
    // A live window sliding past the edge's last sighting: the delta removes it.
    const slid = await loadMapDelta({ clusterId, since: new Date(now - 120_000), from: new Date(now - 9 * 60_000) });
    expect(slid.removeEdges).toContain('shop/Deployment/storefront|metadata|80|TCP|forwarded');
    expect(slid.upsertEdges.some((e) => e.target === 'metadata')).toBe(false);
    await db.flow.delete({ where: { id: flow.id } });
  });

  it('shows open incidents on the workloads, pods\' workloads and namespaces they name, and replays them', async () => {
    const postgres = await falcoAlert('data', 'postgres-0', 'Read sensitive file untrusted', 'Warning');
    const frontendPod = await podOf('shop', 'frontend');
    const frontend = await falcoAlert('shop', frontendPod.name, 'Terminal shell in container', 'Critical');
    const g = await loadMapGraph({ clusterId, incidentId: postgres.incidentId! });
    expect(node(g, 'data/StatefulSet/postgres')?.state.incidents).toEqual({ open: 1, maxSeverity: postgres.severity, ids: [postgres.incidentId] });
    expect(node(g, 'shop/Deployment/frontend')?.state.incidents).toMatchObject({ open: 1, maxSeverity: 'critical', ids: [frontend.incidentId] });
    expect(node(g, 'ns:data')?.state.incidents.ids).toContain(postgres.incidentId);
    expect(node(g, 'ns:shop')?.state.incidents.ids).toContain(frontend.incidentId);
    expect(g.focus?.nodes.sort()).toEqual(['data/StatefulSet/postgres', 'ns:data']);
    expect(await rejectionOf(loadMapGraph({ clusterId, incidentId: 999_999 }))).toMatchObject({ status: 404 });

    // A delta from before the alerts carries the nodes whose incidents changed.
    const incident = await db.incident.findUniqueOrThrow({ where: { id: postgres.incidentId! } });
    const since = new Date(incident.createdAt.getTime() - 1_000);
    const delta = await loadMapDelta({ clusterId, since });
    expect(node(delta, 'data/StatefulSet/postgres')?.state.incidents.open).toBe(1);
    expect(node(delta, 'ns:data')).toBeDefined();

    // Resolved: no longer open, and the delta says so. Merged: counted on the primary only.
    const resolvedAt = new Date();
    await db.incident.update({ where: { id: postgres.incidentId! }, data: { status: 'resolved', resolvedAt } });
    const afterResolve = await loadMapDelta({ clusterId, since: new Date(resolvedAt.getTime() - 1) });
    expect(node(afterResolve, 'data/StatefulSet/postgres')?.state.incidents).toEqual({ open: 0, maxSeverity: null, ids: [] });

    // Replay: before the alert nothing, between alert and resolution open, after it not.
    const first = incident.firstSeenAt.getTime();
    expect(node(await loadMapGraph({ clusterId, at: new Date(first - 60_000) }), 'data/StatefulSet/postgres')?.state.incidents.open).toBe(0);
    expect(node(await loadMapGraph({ clusterId, at: new Date(Math.max(first, incident.createdAt.getTime()) + 1) }), 'data/StatefulSet/postgres')?.state.incidents.open).toBe(1);
    expect(node(await loadMapGraph({ clusterId, at: new Date(resolvedAt.getTime() + 1_000) }), 'data/StatefulSet/postgres')?.state.incidents.open).toBe(0);
  });

  it('isolating a workload makes its node isolated, and its new outbound edges come back dropped in the next delta', async () => {
    const key = 'shop/Deployment/recommendation';
    const g0 = await loadMapGraph({ clusterId });
    expect(node(g0, key)?.state.isolated).toBe(false);
    expect(g0.edges.some((e) => e.source === key && e.verdict === 'forwarded' && e.port !== 53)).toBe(true);

    const planned = await previewAction(
      { clusterId, incidentId: null, kind: 'isolate_workload', target: { kind: 'workload', workloadKind: 'Deployment', namespace: 'shop', name: 'recommendation' }, params: {}, idempotencyKey: `map-test-${Date.now()}` },
      actor,
    );
    const done = await executeAction({ actionId: planned.id }, actor);
    expect(done.status).toBe('succeeded');
    const isolatedAt = new Date(done.finishedAt!);

    const d1 = await loadMapDelta({ clusterId, since: new Date(g0.generatedAt) });
    expect(new Date(d1.until).getTime()).toBeGreaterThanOrEqual(new Date(g0.generatedAt).getTime());
    expect(node(d1, key)?.state.isolated).toBe(true);

    await sleep(50);
    await sendFlows(6);
    const d2 = await loadMapDelta({ clusterId, since: new Date(d1.until) });
    const outbound = d2.upsertEdges.filter((e) => e.source === key && e.port !== 53 && new Date(e.lastSeenAt) > isolatedAt);
    expect(outbound.length).toBeGreaterThan(0);
    expect(outbound.filter((e) => e.verdict === 'dropped').length).toBeGreaterThan(0);
    // Forwarded edges may still show (seen before the isolation), but none was seen after it.
    expect(outbound.every((e) => e.verdict === 'dropped')).toBe(true);
    const live = await loadMapGraph({ clusterId });
    expect(node(live, key)?.state.isolated).toBe(true);

    // Replay: isolated between execution and undo, not before.
    await sleep(20);
    const during = new Date();
    await sleep(20);
    const undone = await undoAction(planned.id, actor);
    expect(undone.status).toBe('succeeded');
    const d3 = await loadMapDelta({ clusterId, since: new Date(d2.until) });
    expect(node(d3, key)?.state.isolated).toBe(false);
    expect(node(await loadMapGraph({ clusterId, at: during }), key)?.state.isolated).toBe(true);
    expect(node(await loadMapGraph({ clusterId, at: new Date(isolatedAt.getTime() - 1_000) }), key)?.state.isolated).toBe(false);
    expect(node(await loadMapGraph({ clusterId, at: new Date() }), key)?.state.isolated).toBe(false);
  });

  it('carries new, changed and deleted workloads in deltas: the rogue workload from an untrusted registry', async () => {
    const g = await loadMapGraph({ clusterId });
    t.sim.scenarios.start('rogue-workload');
    try {
      const id = 'monitoring/Deployment/node-metrics-agent';
      const delta = await waitFor(async () => {
        const d = await loadMapDelta({ clusterId, since: new Date(g.generatedAt) });
        return node(d, id)?.pods?.ready ? d : null;
      }, 'the rogue Deployment in a delta');
      expect(node(delta, id)).toMatchObject({ kind: 'workload', parent: 'ns:monitoring', state: { new: true, unknownRegistries: ['registry.evil.example'] } });
      expect(delta.removeNodes).toEqual([]);

      t.sim.scenarios.stop('rogue-workload');
      const before = new Date();
      await t.admin.apps.deleteNamespacedDeployment({ namespace: 'monitoring', name: 'node-metrics-agent' });
      const gone = await waitFor(async () => {
        const d = await loadMapDelta({ clusterId, since: before });
        return d.removeNodes.includes(id) ? d : null;
      }, 'the deletion in a delta');
      expect(node(gone, id)).toBeUndefined();
      expect(node(await loadMapGraph({ clusterId }), id)).toBeUndefined();
    } finally {
      t.sim.scenarios.stop('rogue-workload');
    }
  });

  it('describes a workload for the side panel', async () => {
    const frontendPods = (await listPods(t.admin, { namespace: 'shop', labelSelector: 'app.kubernetes.io/name=frontend' })).filter((p) => !p.deletionTimestamp);
    const detail = await loadWorkloadDetail({ clusterId, key: 'shop/Deployment/frontend' });
    expect(detail).toMatchObject({ clusterId, id: 'shop/Deployment/frontend', namespace: 'shop', kind: 'Deployment', name: 'frontend', serviceAccount: 'frontend', images: ['docker.io/library/nginx:1.27'] });
    expect(detail.pods.map((p) => p.name).sort()).toEqual(frontendPods.map((p) => p.name).sort());
    expect(detail.pods.every((p) => p.node && p.ip && p.phase === 'Running')).toBe(true);
    expect(detail.nodes).toEqual([...new Set(frontendPods.map((p) => p.nodeName))].sort());
    expect(detail.exposure).toEqual(['LoadBalancer Service shop/frontend', 'Ingress shop.example.com']);
    expect(detail.incidents).toEqual([expect.objectContaining({ severity: 'critical', status: 'new' })]);
    expect(detail.recentAlerts[0]).toMatchObject({ rule: 'Terminal shell in container', severity: 'critical', source: 'falco', incidentId: detail.incidents[0]!.id });
    expect(detail.state).toEqual(node(await loadMapGraph({ clusterId }), 'shop/Deployment/frontend')?.state);

    const statefulSet = await loadWorkloadDetail({ clusterId, key: 'data/StatefulSet/postgres' });
    expect(statefulSet.pods.map((p) => p.name)).toContain('postgres-0');
    expect(statefulSet.recentAlerts.map((a) => a.rule)).toEqual(['Read sensitive file untrusted']);
    expect(statefulSet.incidents).toEqual([]); // resolved above

    expect(((await rejectionOf(loadWorkloadDetail({ clusterId, key: 'shop/Deployment/no-such-thing' }))) as AppError).status).toBe(404);
    expect(((await rejectionOf(loadWorkloadDetail({ clusterId, key: 'dns:api.stripe.com' }))) as AppError).status).toBe(404);
  });
});
