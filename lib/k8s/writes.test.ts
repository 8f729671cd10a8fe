import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAccess, whoAmI } from './access';
import { connectCluster } from './connection';
import type { K8sError } from './errors';
import { createNetworkPolicy, deleteNetworkPolicy } from './network-policies';
import { cordonNode, getNode, labelNode, taintNode, uncordonNode, untaintNode } from './nodes';
import { deletePod, evictPod, listPods, patchPodLabels } from './pods';
import { createClusterRoleBinding, createRoleBinding, deleteClusterRoleBinding, deleteRoleBinding, getBinding, removeSubjectFromBinding } from './rbac';
import { deleteSecret, patchServiceAccountAutomount } from './service-accounts';
import { rejectionOf, startTestCluster, type TestCluster, waitFor } from './testing';
import { getWorkload, rolloutRestart, scaleWorkload } from './workloads';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster();
});
afterAll(async () => {
  await t.stop();
});

type Stored = { metadata: { resourceVersion: string; labels?: Record<string, string>; uid: string }; spec?: Record<string, unknown> };
const stored = (kind: string, namespace: string | undefined, name: string) => t.sim.store.get(kind, namespace, name) as unknown as Stored | undefined;
const podNames = async (namespace: string, app: string) =>
  (await listPods(t.admin, { namespace, labelSelector: `app.kubernetes.io/name=${app}` })).filter((p) => !p.deletionTimestamp).map((p) => p.name);

describe('[K8S] nodes', () => {
  it('cordons and uncordons; the dry run changes nothing', async () => {
    const before = stored('Node', undefined, 'demo-worker-2')?.metadata.resourceVersion;
    expect((await cordonNode(t.admin, 'demo-worker-2', { dryRun: true })).unschedulable).toBe(true);
    expect(stored('Node', undefined, 'demo-worker-2')?.metadata.resourceVersion).toBe(before);
    expect(stored('Node', undefined, 'demo-worker-2')?.spec?.unschedulable).toBeUndefined();

    expect((await cordonNode(t.admin, 'demo-worker-2')).unschedulable).toBe(true);
    expect(stored('Node', undefined, 'demo-worker-2')?.spec?.unschedulable).toBe(true);
    await waitFor(async () => (await getNode(t.admin, 'demo-worker-2')).taints.some((x) => x.key === 'node.kubernetes.io/unschedulable'), 'unschedulable taint');
    expect((await uncordonNode(t.admin, 'demo-worker-2')).unschedulable).toBe(false);
    expect(stored('Node', undefined, 'demo-worker-2')?.spec?.unschedulable).toBeUndefined();
  });

  it('adds and removes node labels', async () => {
    const labelled = await labelNode(t.admin, 'demo-worker-3', { add: { 'cordon.io/quarantine': 'inc-42' } });
    expect(labelled.labels['cordon.io/quarantine']).toBe('inc-42');
    const cleared = await labelNode(t.admin, 'demo-worker-3', { remove: ['cordon.io/quarantine'] });
    expect(cleared.labels).not.toHaveProperty('cordon.io/quarantine');
    expect(stored('Node', undefined, 'demo-worker-3')?.metadata.labels).not.toHaveProperty('cordon.io/quarantine');
  });

  it('taints with a resourceVersion precondition: a concurrent change is a Conflict, not clobbered', async () => {
    const seen = await getNode(t.admin, 'demo-worker-3');
    await labelNode(t.admin, 'demo-worker-3', { add: { 'someone-else': 'changed-it' } });
    const taint = { key: 'cordon.io/incident', value: 'inc-42', effect: 'NoExecute' as const };
    const conflict = (await rejectionOf(taintNode(t.admin, 'demo-worker-3', taint, { expectedResourceVersion: seen.resourceVersion }))) as K8sError;
    expect(conflict).toMatchObject({ kind: 'Conflict', status: 409 });
    expect(conflict.message).toMatch(/the object has been modified; please apply your changes to the latest version and try again/);
    expect(stored('Node', undefined, 'demo-worker-3')?.spec?.taints).toBeUndefined();

    expect((await taintNode(t.admin, 'demo-worker-3', taint, { dryRun: true })).taints).toMatchObject([taint]);
    expect(stored('Node', undefined, 'demo-worker-3')?.spec?.taints).toBeUndefined();
    expect((await taintNode(t.admin, 'demo-worker-3', taint)).taints).toMatchObject([taint]);
    const replaced = await taintNode(t.admin, 'demo-worker-3', { ...taint, value: 'inc-43' });
    expect(replaced.taints.map((x) => x.value)).toEqual(['inc-43']);
    expect((await untaintNode(t.admin, 'demo-worker-3', { key: 'cordon.io/incident' })).taints).toEqual([]);
  });
});

describe('[K8S] pods and NetworkPolicies', () => {
  it('labels a pod (merge patch; removing sets null)', async () => {
    const [name] = await podNames('api', 'search');
    const dry = await patchPodLabels(t.admin, 'api', name ?? '', { add: { 'cordon.io/quarantine': 'true' } }, { dryRun: true });
    expect(dry.labels['cordon.io/quarantine']).toBe('true');
    expect(stored('Pod', 'api', name ?? '')?.metadata.labels).not.toHaveProperty('cordon.io/quarantine');
    const pod = await patchPodLabels(t.admin, 'api', name ?? '', { add: { 'cordon.io/quarantine': 'true' }, remove: ['app.kubernetes.io/version'] });
    expect(pod.labels).toMatchObject({ 'cordon.io/quarantine': 'true', 'app.kubernetes.io/name': 'search' });
    expect(stored('Pod', 'api', name ?? '')?.metadata.labels).not.toHaveProperty('app.kubernetes.io/version');
  });

  it('creates and deletes a NetworkPolicy, each first as a dry run', async () => {
    const input = {
      name: 'cordon-isolate-search',
      namespace: 'api',
      labels: { 'app.kubernetes.io/managed-by': 'cordon' },
      podSelector: { matchLabels: { 'cordon.io/quarantine': 'true' } },
      policyTypes: ['Ingress', 'Egress'] as ('Ingress' | 'Egress')[],
      egress: [{ peers: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.1.0/24'] } }], ports: [{ protocol: 'TCP', port: 53 }] }],
    };
    const dry = await createNetworkPolicy(t.admin, input, { dryRun: true });
    expect(dry).toMatchObject({ name: input.name, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: input.egress });
    expect(stored('NetworkPolicy', 'api', input.name)).toBeUndefined();
    const created = await createNetworkPolicy(t.admin, input);
    expect(created.uid).not.toBe('');
    expect(stored('NetworkPolicy', 'api', input.name)?.spec).toMatchObject({ podSelector: { matchLabels: { 'cordon.io/quarantine': 'true' } } });
    expect(await deleteNetworkPolicy(t.admin, 'api', input.name, { dryRun: true })).toMatchObject({ dryRun: true });
    expect(stored('NetworkPolicy', 'api', input.name)).toBeDefined();
    await deleteNetworkPolicy(t.admin, 'api', input.name, { uid: created.uid });
    expect(stored('NetworkPolicy', 'api', input.name)).toBeUndefined();
  });

  it('reports an eviction blocked by a PodDisruptionBudget as TooManyRequests with the cluster message', async () => {
    const error = (await rejectionOf(evictPod(t.admin, 'data', 'postgres-0'))) as K8sError;
    expect(error).toMatchObject({ kind: 'TooManyRequests', status: 429, message: "Cannot evict pod as it would violate the pod's disruption budget." });
    expect(error.causes).toEqual([{ reason: 'DisruptionBudget', message: 'The disruption budget postgres needs 1 healthy pods and has 1 currently', field: null }]);
    expect(stored('Pod', 'data', 'postgres-0')).toBeDefined();
  });

  it('evicts and deletes pods; dry runs leave them running', async () => {
    const [first, second] = await podNames('api', 'payment');
    expect(await evictPod(t.admin, 'api', first ?? '', { dryRun: true })).toEqual({ namespace: 'api', name: first, dryRun: true });
    expect(await deletePod(t.admin, 'api', second ?? '', { dryRun: true })).toMatchObject({ kind: 'Pod', dryRun: true });
    expect(stored('Pod', 'api', first ?? '')).toBeDefined();
    expect(stored('Pod', 'api', second ?? '')).toBeDefined();
    await evictPod(t.admin, 'api', first ?? '');
    const deleted = await deletePod(t.admin, 'api', second ?? '', { gracePeriodSeconds: 0 });
    expect(deleted.uid).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() => !stored('Pod', 'api', first ?? '') && !stored('Pod', 'api', second ?? ''), 'pods gone');
  });
});

describe('[K8S] workloads', () => {
  it('scales through the scale subresource and reports the previous replicas', async () => {
    const dry = await scaleWorkload(t.admin, 'Deployment', 'api', 'cart', 0, { dryRun: true });
    expect(dry).toEqual({ kind: 'Deployment', namespace: 'api', name: 'cart', previousReplicas: 2, replicas: 0, dryRun: true });
    expect(stored('Deployment', 'api', 'cart')?.spec?.replicas).toBe(2);
    expect(await scaleWorkload(t.admin, 'Deployment', 'api', 'cart', 0)).toMatchObject({ previousReplicas: 2, replicas: 0 });
    await waitFor(async () => (await podNames('api', 'cart')).length === 0, 'cart scaled to zero');
    await scaleWorkload(t.admin, 'Deployment', 'api', 'cart', 2);
    await waitFor(async () => (await podNames('api', 'cart')).length === 2, 'cart pods back');
    expect(await scaleWorkload(t.admin, 'StatefulSet', 'data', 'redis', 2)).toMatchObject({ previousReplicas: 1, replicas: 2 });
    await waitFor(() => stored('Pod', 'data', 'redis-1'), 'redis-1 created');
    expect((await rejectionOf(scaleWorkload(t.admin, 'DaemonSet', 'kube-system', 'cilium', 0))) as K8sError).toMatchObject({ kind: 'Invalid', reason: 'NotScalable' });
  });

  it('restarts a rollout: the template annotation changes and new pods replace the old ones', async () => {
    const before = await podNames('api', 'catalog');
    const dry = await rolloutRestart(t.admin, 'Deployment', 'api', 'catalog', { dryRun: true });
    expect(dry.templateAnnotations['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await getWorkload(t.admin, 'Deployment', 'api', 'catalog')).templateAnnotations).not.toHaveProperty('kubectl.kubernetes.io/restartedAt');
    const restarted = await rolloutRestart(t.admin, 'Deployment', 'api', 'catalog');
    expect(restarted.templateAnnotations).toHaveProperty('kubectl.kubernetes.io/restartedAt');
    const after = await waitFor(async () => {
      const now = await podNames('api', 'catalog');
      return now.length === before.length && now.every((n) => !before.includes(n)) ? now : null;
    }, 'new catalog pods');
    expect(after).toHaveLength(before.length);
  });
});

describe('[K8S] identities', () => {
  it('removes a subject from a binding guarded by its resourceVersion, and recreates a deleted binding from its backup', async () => {
    const binding = await getBinding(t.admin, 'RoleBinding', 'api', 'support-debug');
    const subject = { kind: 'User', name: 'd.vasquez@contractor.example', apiGroup: 'rbac.authorization.k8s.io' };
    const stale = (await rejectionOf(removeSubjectFromBinding(t.admin, 'RoleBinding', 'api', 'support-debug', subject, { expectedResourceVersion: '1' }))) as K8sError;
    expect(stale).toMatchObject({ kind: 'Conflict', status: 422 });
    expect(stale.clusterMessage).toMatch(/test/);
    const dry = await removeSubjectFromBinding(t.admin, 'RoleBinding', 'api', 'support-debug', subject, { dryRun: true });
    expect(dry.subjects).toEqual([]);
    expect((await getBinding(t.admin, 'RoleBinding', 'api', 'support-debug')).subjects).toHaveLength(1);
    expect((await removeSubjectFromBinding(t.admin, 'RoleBinding', 'api', 'support-debug', subject)).subjects).toEqual([]);

    // Undo: delete and recreate from the backup taken before the change.
    await deleteRoleBinding(t.admin, 'api', 'support-debug', { uid: binding.uid });
    expect(stored('RoleBinding', 'api', 'support-debug')).toBeUndefined();
    const recreated = await createRoleBinding(t.admin, binding.raw);
    expect(recreated).toMatchObject({ name: 'support-debug', namespace: 'api', roleRef: binding.roleRef, subjects: binding.subjects });
    expect(recreated.uid).not.toBe(binding.uid);

    const crb = await getBinding(t.admin, 'ClusterRoleBinding', null, 'ci-rbac-manager');
    expect(await deleteClusterRoleBinding(t.admin, 'ci-rbac-manager', { dryRun: true })).toMatchObject({ dryRun: true, namespace: null });
    expect(stored('ClusterRoleBinding', undefined, 'ci-rbac-manager')).toBeDefined();
    await deleteClusterRoleBinding(t.admin, 'ci-rbac-manager');
    expect((await createClusterRoleBinding(t.admin, crb.raw)).subjects).toEqual([{ kind: 'ServiceAccount', name: 'actions-runner', namespace: 'ci' }]);
  });

  it('turns off token automount on a ServiceAccount', async () => {
    expect((await patchServiceAccountAutomount(t.admin, 'ci', 'argocd', false, { dryRun: true })).automountServiceAccountToken).toBe(false);
    expect((t.sim.store.get('ServiceAccount', 'ci', 'argocd') as unknown as { automountServiceAccountToken?: boolean }).automountServiceAccountToken).toBeUndefined();
    expect((await patchServiceAccountAutomount(t.admin, 'ci', 'argocd', false)).automountServiceAccountToken).toBe(false);
    expect((t.sim.store.get('ServiceAccount', 'ci', 'argocd') as unknown as { automountServiceAccountToken?: boolean }).automountServiceAccountToken).toBe(false);
  });

  it('deletes a token Secret, which revokes the token', async () => {
    const secret = t.sim.store.get('Secret', 'monitoring', 'prometheus-token') as unknown as { data: { token: string } };
    const stolen = connectCluster({ kubeconfig: t.kubeconfigWithToken(Buffer.from(secret.data.token, 'base64').toString()) });
    expect((await whoAmI(stolen)).username).toBe('system:serviceaccount:monitoring:prometheus');
    await deleteSecret(t.admin, 'monitoring', 'prometheus-token', { dryRun: true });
    expect(stored('Secret', 'monitoring', 'prometheus-token')).toBeDefined();
    await deleteSecret(t.admin, 'monitoring', 'prometheus-token');
    expect(stored('Secret', 'monitoring', 'prometheus-token')).toBeUndefined();
    expect(((await rejectionOf(whoAmI(stolen))) as K8sError).kind).toBe('Unauthorized');
  });
});

describe('[K8S] rights', () => {
  const actions = [
    { verb: 'get', group: '', resource: 'pods', namespace: 'shop' },
    { verb: 'delete', group: '', resource: 'pods', namespace: 'shop' },
    { verb: 'patch', group: '', resource: 'nodes' },
    { verb: 'create', group: 'networking.k8s.io', resource: 'networkpolicies', namespace: 'shop' },
    { verb: 'create', group: '', resource: 'pods', subresource: 'exec', namespace: 'shop' },
    { verb: 'create', group: '', resource: 'nodes', subresource: 'proxy', name: 'demo-worker-1' },
  ];

  it('tells which actions the identity may perform', async () => {
    const admin = await checkAccess(t.admin, actions);
    expect(admin.map((d) => d.allowed)).toEqual([true, true, true, true, true, true]);
    const viewer = await checkAccess(t.readOnly, actions);
    expect(viewer.map((d) => d.allowed)).toEqual([true, false, false, false, false, false]);
    expect(viewer[1]).toMatchObject({ verb: 'delete', resource: 'pods', error: null });
  });

  it('the read-only identity gets Forbidden on writes, dry run or not', async () => {
    const cordon = (await rejectionOf(cordonNode(t.readOnly, 'demo-worker-1', { dryRun: true }))) as K8sError;
    expect(cordon).toMatchObject({ kind: 'Forbidden', message: 'nodes "demo-worker-1" is forbidden: User "cordon-viewer" cannot patch resource "nodes" in API group "" at the cluster scope' });
    const policy = (await rejectionOf(createNetworkPolicy(t.readOnly, { name: 'x', namespace: 'shop', podSelector: {}, policyTypes: ['Ingress'] }))) as K8sError;
    expect(policy.kind).toBe('Forbidden');
    expect(stored('Node', undefined, 'demo-worker-1')?.spec?.unschedulable).toBeUndefined();
  });
});
