import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from './helpers.js';
import { apiError, startTestCluster, waitFor } from './helpers.js';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster();
});
afterAll(async () => {
  await t.sim.stop();
});

const configMap = (name: string, data: Record<string, string> = { a: '1' }): k8s.V1ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

describe('[SIM] reads through @kubernetes/client-node', () => {
  it('lists with label selectors of every operator', async () => {
    const names = async (labelSelector: string) => (await t.core.listNamespacedPod({ namespace: 'api', labelSelector })).items.map((p) => p.metadata?.labels?.['app.kubernetes.io/name']);
    expect(new Set(await names('app.kubernetes.io/name=cart'))).toEqual(new Set(['cart']));
    expect(new Set(await names('app.kubernetes.io/name==cart'))).toEqual(new Set(['cart']));
    expect(new Set(await names('app.kubernetes.io/name in (cart,user)'))).toEqual(new Set(['cart', 'user']));
    expect(await names('app.kubernetes.io/name notin (cart,user),app.kubernetes.io/name!=catalog')).not.toContain('cart');
    expect(await names('app.kubernetes.io/name notin (cart,user),app.kubernetes.io/name!=catalog')).not.toContain('catalog');
    expect((await names('app.kubernetes.io/version')).length).toBeGreaterThan(5);
    expect(await names('!app.kubernetes.io/name')).toEqual([]);
  });

  it('filters by field selectors (name, nodeName, phase) and rejects unsupported ones', async () => {
    const all = await t.core.listPodForAllNamespaces();
    const somePod = all.items[0] as k8s.V1Pod;
    const byNode = await t.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${somePod.spec?.nodeName}` });
    expect(byNode.items.length).toBeGreaterThan(0);
    expect(byNode.items.every((p) => p.spec?.nodeName === somePod.spec?.nodeName)).toBe(true);
    const byName = await t.core.listPodForAllNamespaces({ fieldSelector: `metadata.name=${somePod.metadata?.name},status.phase=Running` });
    expect(byName.items.map((p) => p.metadata?.name)).toEqual([somePod.metadata?.name]);
    const bad = await apiError(t.core.listPodForAllNamespaces({ fieldSelector: 'spec.bogus=1' }));
    expect(bad.code).toBe(400);
    expect(bad.body.message).toBe('field label not supported: spec.bogus');
  });

  it('paginates with limit/continue and reports remainingItemCount', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await t.core.listPodForAllNamespaces({ limit: 7, _continue: token });
      seen.push(...page.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));
      token = page.metadata?._continue;
      if (token) expect(page.metadata?.remainingItemCount).toBeGreaterThan(0);
      pages++;
    } while (token);
    const full = await t.core.listPodForAllNamespaces();
    expect(pages).toBeGreaterThan(3);
    expect(seen).toEqual(full.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));
  });

  it('answers 405 MethodNotAllowed, 400 BadRequest and 404 for unknown paths as Status objects', async () => {
    const headers = { Authorization: `Bearer ${t.sim.tokens.admin}` };
    const method = await fetch(`${t.sim.httpUrl}/apis/authorization.k8s.io/v1/selfsubjectaccessreviews`, { headers });
    expect(method.status).toBe(405);
    expect(await method.json()).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed', code: 405 });
    const bad = await apiError(t.core.listNamespacedPod({ namespace: 'shop', labelSelector: 'app in web' }));
    expect(bad).toMatchObject({ code: 400, body: { reason: 'BadRequest' } });
    const unknown = await fetch(`${t.sim.httpUrl}/apis/apps/v1/namespaces/shop/cronjobs`, { headers });
    expect(await unknown.json()).toMatchObject({ reason: 'NotFound', message: 'the server could not find the requested resource', code: 404 });
  });

  it('answers 404 NotFound with the real message and details', async () => {
    const err = await apiError(t.apps.readNamespacedDeployment({ name: 'web', namespace: 'default' }));
    expect(err.code).toBe(404);
    expect(err.body).toMatchObject({ reason: 'NotFound', message: 'deployments.apps "web" not found', details: { name: 'web', group: 'apps', kind: 'deployments' } });
  });
});

describe('[SIM] writes through @kubernetes/client-node', () => {
  it('creates, rejects duplicates with 409 AlreadyExists, and expands generateName', async () => {
    await t.core.createNamespacedConfigMap({ namespace: 'default', body: configMap('dup') });
    const err = await apiError(t.core.createNamespacedConfigMap({ namespace: 'default', body: configMap('dup') }));
    expect(err.code).toBe(409);
    expect(err.body).toMatchObject({ reason: 'AlreadyExists', message: 'configmaps "dup" already exists' });
    const generated = await t.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { generateName: 'gen-' }, data: {} } });
    expect(generated.metadata?.name).toMatch(/^gen-[a-z0-9]{5}$/);
  });

  it('enforces optimistic concurrency on update (409 Conflict)', async () => {
    const created = await t.core.createNamespacedConfigMap({ namespace: 'default', body: configMap('occ') });
    const stale = structuredClone(created);
    await t.core.replaceNamespacedConfigMap({ name: 'occ', namespace: 'default', body: { ...created, data: { a: '2' } } });
    const err = await apiError(t.core.replaceNamespacedConfigMap({ name: 'occ', namespace: 'default', body: { ...stale, data: { a: '3' } } }));
    expect(err.code).toBe(409);
    expect(err.body).toMatchObject({ reason: 'Conflict', message: 'Operation cannot be fulfilled on configmaps "occ": the object has been modified; please apply your changes to the latest version and try again' });
    expect(Number(created.metadata?.resourceVersion)).toBeLessThan(t.sim.store.resourceVersion);
  });

  it('validates: 422 Invalid with causes naming fields', async () => {
    const err = await apiError(t.core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'Bad_Name' }, spec: { containers: [{ name: 'c' }] } } }));
    expect(err.code).toBe(422);
    expect(err.body.reason).toBe('Invalid');
    const fields = err.body.details?.causes?.map((c) => c.field);
    expect(fields).toEqual(expect.arrayContaining(['metadata.name', 'spec.containers[0].image']));
    const np = await apiError(t.net.createNamespacedNetworkPolicy({ namespace: 'default', body: { metadata: { name: 'np' }, spec: { podSelector: {}, policyTypes: ['Sideways'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['192.168.0.0/16'] } }], ports: [{ port: 70000 }] }] } } }));
    expect(np.code).toBe(422);
    expect(np.body.details?.causes?.map((c) => c.field)).toEqual(expect.arrayContaining(['spec.policyTypes[0]', 'spec.egress[0].to[0].ipBlock.except[0]', 'spec.egress[0].ports[0].port']));
  });

  it('stores PersistentVolumeClaims (Pending: nothing provisions them) and validates their access modes and size', async () => {
    const claim = await t.core.createNamespacedPersistentVolumeClaim({
      namespace: 'default',
      body: { metadata: { name: 'evidence' }, spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '5Gi' } } } },
    });
    expect(claim.spec?.volumeMode).toBe('Filesystem');
    expect(claim.status?.phase).toBe('Pending');
    expect((await t.core.listNamespacedPersistentVolumeClaim({ namespace: 'default' })).items.map((c) => c.metadata?.name)).toContain('evidence');
    const err = await apiError(t.core.createNamespacedPersistentVolumeClaim({ namespace: 'default', body: { metadata: { name: 'bad' }, spec: { accessModes: ['ReadWriteSometimes'], resources: {} } } }));
    expect(err.code).toBe(422);
    expect(err.body.details?.causes?.map((c) => c.field)).toEqual(['spec.accessModes', 'spec.resources[storage]']);
    await t.core.deleteNamespacedPersistentVolumeClaim({ namespace: 'default', name: 'evidence' });
  });

  it('patches with JSON patch, merge patch, strategic merge (containers by name) and server-side apply', async () => {
    const ns = 'default';
    await t.apps.createNamespacedDeployment({
      namespace: ns,
      body: { metadata: { name: 'patchy', labels: { a: '1' } }, spec: { replicas: 1, selector: { matchLabels: { app: 'patchy' } }, template: { metadata: { labels: { app: 'patchy' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', env: [{ name: 'A', value: '1' }] }, { name: 'side', image: 'busybox:1.36' }] } } } },
    });
    await t.apps.patchNamespacedDeployment({ name: 'patchy', namespace: ns, body: [{ op: 'replace', path: '/spec/replicas', value: 2 }] });
    await t.apps.patchNamespacedDeployment({ name: 'patchy', namespace: ns, body: { metadata: { labels: { b: '2', a: null } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    const smp = await t.apps.patchNamespacedDeployment(
      { name: 'patchy', namespace: ns, body: { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28', env: [{ name: 'B', value: '2' }] }, { name: 'side', $patch: 'delete' }] } } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
    );
    expect(smp.spec?.replicas).toBe(2);
    expect(smp.metadata?.labels).toEqual({ b: '2' });
    const containers = smp.spec?.template.spec?.containers ?? [];
    expect(containers.map((c) => c.name)).toEqual(['web']);
    expect(containers[0]?.image).toBe('nginx:1.28');
    expect(containers[0]?.env?.map((e) => e.name)).toEqual(['A', 'B']);

    const applied = await t.net.patchNamespacedNetworkPolicy(
      { name: 'applied', namespace: ns, fieldManager: 'cordon-test', body: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'applied' }, spec: { podSelector: { matchLabels: { app: 'x' } }, policyTypes: ['Egress'] } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
    );
    expect(applied.metadata?.managedFields?.[0]).toMatchObject({ manager: 'cordon-test', operation: 'Apply' });
    const jsonPatchErr = await apiError(t.core.patchNode({ name: 'demo-worker-1', body: [{ op: 'replace', path: '/spec/unschedulable', value: true }] }));
    expect(jsonPatchErr.code).toBe(422);
  });

  it('server-side apply drops fields the manager stops applying', async () => {
    const apply = (labels: Record<string, string>) =>
      t.core.patchNamespacedConfigMap({ name: 'ssa', namespace: 'default', fieldManager: 'mgr', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa', labels }, data: { k: 'v' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply));
    await apply({ one: '1', two: '2' });
    const second = await apply({ one: '1' });
    expect(second.metadata?.labels).toEqual({ one: '1' });
  });

  it('dryRun=All validates and returns the object but stores nothing', async () => {
    const result = await t.core.createNamespacedConfigMap({ namespace: 'default', body: configMap('dry'), dryRun: 'All' });
    expect(result.metadata?.name).toBe('dry');
    expect(t.sim.store.get('ConfigMap', 'default', 'dry')).toBeUndefined();
    await t.core.deleteNamespacedConfigMap({ name: 'kube-root-ca.crt', namespace: 'default', dryRun: 'All' });
    expect(t.sim.store.get('ConfigMap', 'default', 'kube-root-ca.crt')).toBeDefined();
    const invalid = await apiError(t.core.createNamespacedConfigMap({ namespace: 'default', body: configMap('Not Valid'), dryRun: 'All' }));
    expect(invalid.code).toBe(422);
    const before = t.sim.store.get('ConfigMap', 'default', 'kube-root-ca.crt');
    const updated = await t.core.patchNamespacedConfigMap({ name: 'kube-root-ca.crt', namespace: 'default', dryRun: 'All', body: { data: { extra: 'x' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    expect(updated.data?.extra).toBe('x');
    const after = t.sim.store.get('ConfigMap', 'default', 'kube-root-ca.crt');
    expect(after?.metadata.resourceVersion).toBe(before?.metadata.resourceVersion);
    expect((after?.data as Record<string, string>).extra).toBeUndefined();
  });

  it('deletes with Background, Foreground and Orphan propagation', async () => {
    const ns = 'default';
    const make = async (name: string) => {
      await t.apps.createNamespacedDeployment({ namespace: ns, body: { metadata: { name }, spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } } } });
      await waitFor(() => t.sim.store.list('Pod', ns).some((p) => p.metadata.labels?.app === name), `pods of ${name}`);
    };
    const rsOf = (name: string) => t.sim.store.list('ReplicaSet', ns).filter((r) => r.metadata.labels?.app === name);
    await make('bg');
    await make('fg');
    await make('orphan');
    await t.apps.deleteNamespacedDeployment({ name: 'orphan', namespace: ns, propagationPolicy: 'Orphan' });
    await waitFor(() => !t.sim.store.get('Deployment', ns, 'orphan'), 'orphaning owner gone');
    expect(rsOf('orphan')).toHaveLength(1);
    expect(rsOf('orphan')[0]?.metadata.ownerReferences).toBeUndefined();

    // A finalizer on the ReplicaSet holds the foreground deletion of its Deployment open.
    const rsName = rsOf('fg')[0]?.metadata.name as string;
    await t.apps.patchNamespacedReplicaSet({ name: rsName, namespace: ns, body: { metadata: { finalizers: ['test.cordon.dev/hold'] } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    await t.apps.deleteNamespacedDeployment({ name: 'fg', namespace: ns, propagationPolicy: 'Foreground' });
    await waitFor(() => rsOf('fg')[0]?.metadata.deletionTimestamp, 'dependent marked for deletion');
    const owner = t.sim.store.get('Deployment', ns, 'fg');
    expect(owner?.metadata.finalizers).toContain('foregroundDeletion');
    expect(owner?.metadata.deletionTimestamp).toBeDefined();
    await t.apps.patchNamespacedReplicaSet({ name: rsName, namespace: ns, body: { metadata: { finalizers: null } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    await waitFor(() => !t.sim.store.get('Deployment', ns, 'fg') && rsOf('fg').length === 0, 'foreground deletion done');

    await t.apps.deleteNamespacedDeployment({ name: 'bg', namespace: ns, propagationPolicy: 'Background' });
    expect(t.sim.store.get('Deployment', ns, 'bg')).toBeUndefined();
    await waitFor(() => rsOf('bg').length === 0 && !t.sim.store.list('Pod', ns).some((p) => p.metadata.labels?.app === 'bg'), 'background garbage collection');
  });
});
