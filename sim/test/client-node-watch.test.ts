import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from './helpers.js';
import { startTestCluster, waitFor } from './helpers.js';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster({ watchBookmarkIntervalMs: 100, watchHistorySize: 50 });
});
afterAll(async () => {
  await t.sim.stop();
});

interface Seen {
  type: string;
  name?: string;
  rv?: string;
  obj: { metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string> }; code?: number; reason?: string };
}

async function watch(path: string, params: Record<string, string | number | boolean | undefined>) {
  const seen: Seen[] = [];
  let done: unknown = 'open';
  const controller = await new k8s.Watch(t.kc).watch(
    path,
    params,
    (type, obj: Seen['obj']) => seen.push({ type, name: obj.metadata?.name, rv: obj.metadata?.resourceVersion, obj }),
    (err) => {
      done = err ?? null;
    },
  );
  return { seen, controller, isDone: () => done !== 'open', doneError: () => done };
}

const cm = (name: string) => ({ metadata: { name }, data: { v: '1' } });

describe('[SIM] watch through @kubernetes/client-node', () => {
  it('streams ADDED, MODIFIED and DELETED, filtered by label selector', async () => {
    const w = await watch('/api/v1/namespaces/default/configmaps', { labelSelector: 'watched=yes' });
    await t.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'w1', labels: { watched: 'yes' } } } });
    await t.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'w2', labels: { watched: 'no' } } } });
    await t.core.patchNamespacedConfigMap({ name: 'w2', namespace: 'default', body: { metadata: { labels: { watched: 'yes' } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    await t.core.patchNamespacedConfigMap({ name: 'w1', namespace: 'default', body: { data: { v: '2' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    await t.core.patchNamespacedConfigMap({ name: 'w1', namespace: 'default', body: { metadata: { labels: { watched: 'no' } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    await t.core.deleteNamespacedConfigMap({ name: 'w2', namespace: 'default' });
    await waitFor(() => w.seen.length >= 5, 'five events');
    w.controller.abort();
    expect(w.seen.map((e) => `${e.type} ${e.name}`)).toEqual(['ADDED w1', 'ADDED w2', 'MODIFIED w1', 'DELETED w1', 'DELETED w2']);
    const rvs = w.seen.map((e) => Number(e.rv));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
  });

  it('resumes from a resourceVersion without losing or repeating events', async () => {
    const list = await t.core.listNamespacedConfigMap({ namespace: 'default' });
    const from = list.metadata?.resourceVersion as string;
    await t.core.createNamespacedConfigMap({ namespace: 'default', body: cm('r1') });
    await t.core.createNamespacedConfigMap({ namespace: 'default', body: cm('r2') });
    const w = await watch('/api/v1/namespaces/default/configmaps', { resourceVersion: from });
    await t.core.createNamespacedConfigMap({ namespace: 'default', body: cm('r3') });
    await waitFor(() => w.seen.length >= 3, 'three events');
    w.controller.abort();
    expect(w.seen.map((e) => `${e.type} ${e.name}`)).toEqual(['ADDED r1', 'ADDED r2', 'ADDED r3']);
  });

  it('starts with the current state when no resourceVersion is given', async () => {
    const w = await watch('/api/v1/namespaces/shop/pods', {});
    await waitFor(() => w.seen.length >= 8, 'initial ADDED events');
    w.controller.abort();
    expect(w.seen.every((e) => e.type === 'ADDED')).toBe(true);
  });

  it('answers a too-old resourceVersion with an ERROR event carrying 410 Expired', async () => {
    for (let i = 0; i < 60; i++) await t.core.createNamespacedConfigMap({ namespace: 'default', body: cm(`churn-${i}`) });
    const w = await watch('/api/v1/namespaces/default/configmaps', { resourceVersion: '1' });
    await waitFor(() => w.isDone(), 'watch closed by the server');
    expect(w.seen).toHaveLength(1);
    expect(w.seen[0]?.type).toBe('ERROR');
    expect(w.seen[0]?.obj).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 });
    expect(String((w.seen[0]?.obj as { message?: string }).message)).toMatch(/^too old resource version: 1 \(\d+\)$/);
  });

  it('answers a LIST continue token that outlived the history with HTTP 410 Expired', async () => {
    const first = await t.core.listNamespacedConfigMap({ namespace: 'default', limit: 1 });
    for (let i = 0; i < 60; i++) await t.core.createNamespacedConfigMap({ namespace: 'default', body: cm(`later-${i}`) });
    const res = await fetch(`${t.sim.httpUrl}/api/v1/namespaces/default/configmaps?limit=1&continue=${encodeURIComponent(first.metadata?._continue ?? '')}`, { headers: { Authorization: `Bearer ${t.sim.tokens.admin}` } });
    expect(res.status).toBe(410);
    expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'Expired', code: 410 });
  });

  it('sends BOOKMARKs when allowed, and the initial-events-end bookmark for sendInitialEvents', async () => {
    const w = await watch('/api/v1/namespaces/data/pods', { allowWatchBookmarks: true, sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', resourceVersion: '' });
    await waitFor(() => w.seen.filter((e) => e.type === 'BOOKMARK').length >= 2, 'bookmarks');
    w.controller.abort();
    const firstBookmark = w.seen.find((e) => e.type === 'BOOKMARK');
    expect(firstBookmark?.obj.metadata?.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
    expect(w.seen.indexOf(firstBookmark as Seen)).toBe(w.seen.filter((e) => e.type === 'ADDED').length);
  });

  it('ends the stream cleanly after timeoutSeconds', async () => {
    const w = await watch('/api/v1/namespaces/default/configmaps', { timeoutSeconds: 1, resourceVersion: String(t.sim.store.resourceVersion) });
    await waitFor(() => w.isDone(), 'server-side timeout', 5000);
    expect(w.doneError()).toBeNull();
  });

  it('closes open watches promptly when the simulator stops', async () => {
    const other = await startTestCluster();
    const kc = new k8s.KubeConfig();
    kc.loadFromString(other.sim.kubeconfig());
    let finished = false;
    await new k8s.Watch(kc).watch('/api/v1/pods', {}, () => undefined, () => {
      finished = true;
    });
    await other.sim.stop();
    await waitFor(() => finished, 'watch ended by stop()');
  });
});
