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

function tokenOf(namespace: string, secret: string): string {
  const data = t.sim.store.get('Secret', namespace, secret)?.data as Record<string, string> | undefined;
  return Buffer.from(data?.token ?? '', 'base64').toString('utf8');
}

describe('[SIM] authentication and RBAC', () => {
  it('rejects an unknown token with 401 Unauthorized', async () => {
    const core = t.kcWithToken('not-a-token').makeApiClient(k8s.CoreV1Api);
    const err = await apiError(core.listNamespace());
    expect(err.code).toBe(401);
    // client-node drops 401 bodies; the Status is there on the wire.
    const raw = await fetch(`${t.sim.httpUrl}/api/v1/namespaces`, { headers: { Authorization: 'Bearer not-a-token' } });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', message: 'Unauthorized', code: 401 });
  });

  it('lets the read-only identity read and answers writes with the real 403 message', async () => {
    const core = t.kcWithToken(t.sim.tokens.readOnly).makeApiClient(k8s.CoreV1Api);
    expect((await core.listNamespacedPod({ namespace: 'shop' })).items.length).toBeGreaterThan(0);
    expect((await core.listNode()).items.length).toBe(4);
    const pod = (await core.listNamespacedPod({ namespace: 'shop' })).items[0]?.metadata?.name as string;
    const err = await apiError(core.deleteNamespacedPod({ name: pod, namespace: 'shop' }));
    expect(err.code).toBe(403);
    expect(err.body.reason).toBe('Forbidden');
    expect(err.body.message).toBe(`pods "${pod}" is forbidden: User "cordon-viewer" cannot delete resource "pods" in API group "" in the namespace "shop"`);
    const secrets = await apiError(core.listNamespacedSecret({ namespace: 'data' }));
    expect(secrets.body.message).toBe('secrets is forbidden: User "cordon-viewer" cannot list resource "secrets" in API group "" in the namespace "data"');
    const cluster = await apiError(core.createNamespace({ body: { metadata: { name: 'nope' } } }));
    expect(cluster.body.message).toBe('namespaces is forbidden: User "cordon-viewer" cannot create resource "namespaces" in API group "" at the cluster scope');
  });

  it('authorises a ServiceAccount token through its RoleBindings, and 401s it once revoked', async () => {
    const token = tokenOf('monitoring', 'prometheus-token');
    expect(token.split('.')).toHaveLength(3);
    const core = t.kcWithToken(token).makeApiClient(k8s.CoreV1Api);
    expect((await core.listPodForAllNamespaces()).items.length).toBeGreaterThan(10);
    const denied = await apiError(core.listNamespacedSecret({ namespace: 'data' }));
    expect(denied.body.message).toContain('User "system:serviceaccount:monitoring:prometheus" cannot list resource "secrets"');
    await t.core.deleteNamespacedSecret({ name: 'prometheus-token', namespace: 'monitoring' });
    const revoked = await apiError(core.listPodForAllNamespaces());
    expect(revoked.code).toBe(401);
  });

  it('revokes every token of a deleted ServiceAccount', async () => {
    const token = tokenOf('ci', 'argocd-token');
    const core = t.kcWithToken(token).makeApiClient(k8s.CoreV1Api);
    expect((await core.listNamespacedSecret({ namespace: 'data' })).items.length).toBeGreaterThan(0);
    await t.core.deleteNamespacedServiceAccount({ name: 'argocd', namespace: 'ci' });
    expect((await apiError(core.listNamespacedPod({ namespace: 'ci' }))).code).toBe(401);
    await waitFor(() => !t.sim.store.get('Secret', 'ci', 'argocd-token'), 'token secret garbage');
  });

  it('evaluates resourceNames, subresources and wildcards in rules', async () => {
    await t.rbac.createNamespacedRole({ namespace: 'api', body: { metadata: { name: 'one-cm' }, rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['checkout-config'], verbs: ['get'] }, { apiGroups: ['*'], resources: ['*/scale'], verbs: ['get'] }] } });
    await t.rbac.createNamespacedRoleBinding({ namespace: 'api', body: { metadata: { name: 'one-cm' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'one-cm' }, subjects: [{ kind: 'ServiceAccount', name: 'cart', namespace: 'api' }] } });
    await t.core.createNamespacedSecret({ namespace: 'api', body: { metadata: { name: 'cart-token', annotations: { 'kubernetes.io/service-account.name': 'cart' } }, type: 'kubernetes.io/service-account-token' } });
    const token = await waitFor(() => tokenOf('api', 'cart-token'), 'token controller');
    const kc = t.kcWithToken(token);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    expect((await core.readNamespacedConfigMap({ name: 'checkout-config', namespace: 'api' })).data).toBeDefined();
    expect((await apiError(core.readNamespacedConfigMap({ name: 'kube-root-ca.crt', namespace: 'api' }))).code).toBe(403);
    expect((await apiError(core.listNamespacedConfigMap({ namespace: 'api' }))).code).toBe(403);
    expect((await apps.readNamespacedDeploymentScale({ name: 'cart', namespace: 'api' })).spec?.replicas).toBe(2);
    expect((await apiError(apps.readNamespacedDeployment({ name: 'cart', namespace: 'api' }))).code).toBe(403);
  });

  it('prevents binding a role with permissions the caller lacks', async () => {
    const rbac = t.kcWithToken(tokenOf('ci', 'actions-runner-token')).makeApiClient(k8s.RbacAuthorizationV1Api);
    const ok = await rbac.createClusterRoleBinding({ body: { metadata: { name: 'runner-view' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'ServiceAccount', name: 'actions-runner', namespace: 'ci' }] } });
    expect(ok.metadata?.name).toBe('runner-view');
    // Without the `bind` verb, binding cluster-admin needs every permission it grants.
    await t.rbac.patchClusterRole({ name: 'ci-rbac-manager', body: [{ op: 'remove', path: '/rules/1' }] });
    const err = await apiError(rbac.createClusterRoleBinding({ body: { metadata: { name: 'runner-admin' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'ServiceAccount', name: 'actions-runner', namespace: 'ci' }] } }));
    expect(err.code).toBe(403);
    expect(err.body.message).toContain('is attempting to grant RBAC permissions not currently held');
  });

  it('checks updates of a binding like its creation (bind, or every right of the role), except owner/finalizer changes', async () => {
    await t.rbac.createClusterRole({ body: { metadata: { name: 'binding-editor' }, rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterrolebindings'], verbs: ['get', 'patch'] }] } });
    await t.rbac.createClusterRoleBinding({ body: { metadata: { name: 'binding-editor' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'binding-editor' }, subjects: [{ kind: 'ServiceAccount', name: 'cart', namespace: 'api' }] } });
    await t.rbac.createClusterRoleBinding({
      body: {
        metadata: { name: 'shared-admin' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [
          { kind: 'ServiceAccount', name: 'actions-runner', namespace: 'ci' },
          { kind: 'User', name: 'ops@shop.example', apiGroup: 'rbac.authorization.k8s.io' },
        ],
      },
    });
    const token = (await t.core.createNamespacedServiceAccountToken({ namespace: 'api', name: 'cart', body: { spec: { audiences: [] } } })).status?.token ?? '';
    const rbac = t.kcWithToken(token).makeApiClient(k8s.RbacAuthorizationV1Api);
    const removeFirst = () => rbac.patchClusterRoleBinding({ name: 'shared-admin', body: [{ op: 'remove', path: '/subjects/0' }] });
    const err = await apiError(removeFirst());
    expect(err.code).toBe(403);
    expect(err.body.message).toContain('clusterrolebindings.rbac.authorization.k8s.io "shared-admin" is forbidden: user "system:serviceaccount:api:cart"');
    expect(err.body.message).toContain('is attempting to grant RBAC permissions not currently held');
    // What the garbage collector changes needs no check.
    await rbac.patchClusterRoleBinding({ name: 'shared-admin', body: [{ op: 'add', path: '/metadata/finalizers', value: ['example.com/hold'] }] });
    // With "bind" on the role, the same removal goes through.
    await t.rbac.patchClusterRole({ name: 'binding-editor', body: [{ op: 'add', path: '/rules/-', value: { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], resourceNames: ['cluster-admin'], verbs: ['bind'] } }] });
    expect((await removeFirst()).subjects?.map((s) => s.name)).toEqual(['ops@shop.example']);
  });

  it('answers SelfSubjectAccessReview from the caller\'s real permissions', async () => {
    const review = (kc: k8s.KubeConfig, verb: string, resource: string, namespace: string, subresource?: string) =>
      kc.makeApiClient(k8s.AuthorizationV1Api).createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: { verb, resource, namespace, subresource } } } });
    const viewer = t.kcWithToken(t.sim.tokens.readOnly);
    expect((await review(viewer, 'list', 'pods', 'shop')).status?.allowed).toBe(true);
    expect((await review(viewer, 'delete', 'pods', 'shop')).status?.allowed).toBe(false);
    const contractor = t.kcWithToken(t.sim.tokens.contractor);
    const exec = await review(contractor, 'create', 'pods', 'api', 'exec');
    expect(exec.status).toMatchObject({ allowed: true, reason: 'RBAC: allowed by RoleBinding "support-debug/api" of Role "pod-debugger" to User "d.vasquez@contractor.example"' });
    expect((await review(contractor, 'create', 'pods', 'shop', 'exec')).status?.allowed).toBe(false);
    expect((await review(t.kc, 'delete', 'nodes', '')).status?.allowed).toBe(true);
  });
});
