import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whoAmI } from './access';
import { connectCluster, forgetClusterConnection, getClusterConnection } from './connection';
import { K8sError } from './errors';
import { listEvents } from './events';
import { detectNetworkPolicyEnforcer, listNetworkPolicies } from './network-policies';
import { getNode, listNodes } from './nodes';
import { getOwnerChain, getPod, listPods } from './pods';
import { bindingsForServiceAccount, listClusterRoleBindings, listRoleBindings } from './rbac';
import { getServiceAccount, listSecrets, listServiceAccounts } from './service-accounts';
import { listIngresses, listServices } from './services';
import { rejectionOf, startTestCluster, type TestCluster, waitFor } from './testing';
import { getWorkload, listPodDisruptionBudgets, scaleWorkload } from './workloads';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster();
});
afterAll(async () => {
  await t.stop();
});

describe('[K8S] connection', () => {
  it('says who it is, through SelfSubjectReview', async () => {
    expect(await whoAmI(t.admin)).toEqual({ username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'], uid: null, source: 'SelfSubjectReview' });
    expect((await whoAmI(t.readOnly)).username).toBe('cordon-viewer');
  });

  it('uses the context it is given', async () => {
    const conn = connectCluster({ kubeconfig: t.sim.kubeconfig(), context: 'cordon-sim-read-only' });
    expect(conn.contextName).toBe('cordon-sim-read-only');
    expect(conn.kubeconfigUser).toBe('read-only');
    expect((await whoAmI(conn)).username).toBe('cordon-viewer');
    expect(() => connectCluster({ kubeconfig: t.sim.kubeconfig(), context: 'nope' })).toThrow(K8sError);
    expect(() => connectCluster({ kubeconfig: 'clusters: [' })).toThrow(/The kubeconfig could not be read/);
  });

  it('caches one connection per cluster id and retries a failed load', async () => {
    let loads = 0;
    const loader = () => {
      loads++;
      return loads === 1 ? Promise.reject(new Error('vault sealed')) : Promise.resolve(t.sim.kubeconfig());
    };
    await expect(getClusterConnection('cluster-a', loader)).rejects.toThrow('vault sealed');
    const first = await getClusterConnection('cluster-a', loader);
    expect(await getClusterConnection('cluster-a', loader)).toBe(first);
    forgetClusterConnection('cluster-a');
    expect(await getClusterConnection('cluster-a', loader)).not.toBe(first);
    expect(loads).toBe(3);
    forgetClusterConnection('cluster-a');
  });
});

describe('[K8S] reads return DTOs', () => {
  it('gets and lists pods with label and field selectors', async () => {
    const pods = await listPods(t.admin, { namespace: 'shop', labelSelector: 'app.kubernetes.io/name=frontend' });
    expect(pods).toHaveLength(3);
    const pod = pods[0];
    expect(pod).toMatchObject({ kind: 'Pod', namespace: 'shop', phase: 'Running', serviceAccountName: 'frontend', deletionTimestamp: null });
    expect(pod?.containers).toEqual([{ name: 'frontend', image: 'docker.io/library/nginx:1.27', ready: true, restartCount: 0, state: 'running' }]);
    expect(pod?.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(pod?.podIP).toMatch(/^10\.244\./);
    expect(await getPod(t.admin, 'shop', pod?.name ?? '')).toEqual(pod);
    const onNode = await listPods(t.admin, { fieldSelector: `spec.nodeName=${pod?.nodeName}` });
    expect(onNode.length).toBeGreaterThan(1);
    expect(onNode.every((p) => p.nodeName === pod?.nodeName)).toBe(true);
    const restarted = await listPods(t.admin, { namespace: 'shop', labelSelector: 'app.kubernetes.io/name=recommendation' });
    expect(restarted[0]?.containers[0]?.restartCount).toBe(3);
  });

  it('follows ownerReferences from a pod to its Deployment, StatefulSet or Node', async () => {
    const [pod] = await listPods(t.admin, { namespace: 'shop', labelSelector: 'app.kubernetes.io/name=frontend' });
    const chain = await getOwnerChain(t.admin, pod as NonNullable<typeof pod>);
    expect(chain.map((l) => `${l.kind}/${l.name}/${l.found}`)).toEqual([`ReplicaSet/${pod?.ownerReferences[0]?.name}/true`, 'Deployment/frontend/true']);
    const postgres = await getPod(t.admin, 'data', 'postgres-0');
    expect((await getOwnerChain(t.admin, postgres)).map((l) => `${l.kind}/${l.name}`)).toEqual(['StatefulSet/postgres']);
    const etcd = await getPod(t.admin, 'kube-system', 'etcd-demo-control-plane');
    expect(await getOwnerChain(t.admin, etcd)).toMatchObject([{ kind: 'Node', name: 'demo-control-plane', namespace: null, found: true }]);
    const orphan = { namespace: 'shop', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', uid: 'x', controller: true }] };
    expect(await getOwnerChain(t.admin, orphan)).toMatchObject([{ kind: 'ReplicaSet', name: 'gone', found: false }]);
  });

  it('reads each workload kind', async () => {
    const deployment = await getWorkload(t.admin, 'Deployment', 'shop', 'frontend');
    expect(deployment).toMatchObject({ kind: 'Deployment', replicas: 3, readyReplicas: 3, serviceAccountName: 'frontend', images: ['docker.io/library/nginx:1.27'] });
    expect(deployment.selector?.matchLabels).toEqual({ 'app.kubernetes.io/name': 'frontend' });
    expect(deployment.templateLabels['app.kubernetes.io/name']).toBe('frontend');
    expect(await getWorkload(t.admin, 'StatefulSet', 'data', 'postgres')).toMatchObject({ kind: 'StatefulSet', replicas: 1 });
    const cilium = await getWorkload(t.admin, 'DaemonSet', 'kube-system', 'cilium');
    expect(cilium).toMatchObject({ kind: 'DaemonSet', replicas: 4, readyReplicas: 4 });
    const rsName = deployment.name && (await listPods(t.admin, { namespace: 'shop', labelSelector: 'app.kubernetes.io/name=frontend' }))[0]?.ownerReferences[0]?.name;
    expect(await getWorkload(t.admin, 'ReplicaSet', 'shop', rsName ?? '')).toMatchObject({ kind: 'ReplicaSet', ownerReferences: [{ kind: 'Deployment', name: 'frontend', controller: true }] });
  });

  it('reads nodes with taints and the Ready condition', async () => {
    const nodes = await listNodes(t.admin);
    expect(nodes.map((n) => n.name)).toEqual(['demo-control-plane', 'demo-worker-1', 'demo-worker-2', 'demo-worker-3']);
    const control = await getNode(t.admin, 'demo-control-plane');
    expect(control).toMatchObject({ kind: 'Node', namespace: null, unschedulable: false, ready: true, kubeletVersion: 'v1.32.4' });
    expect(control.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    expect((await listNodes(t.admin, { labelSelector: 'node-role.kubernetes.io/control-plane' })).map((n) => n.name)).toEqual(['demo-control-plane']);
  });

  it('reads NetworkPolicies, Services and Ingresses', async () => {
    const [policy] = await listNetworkPolicies(t.admin, 'data');
    expect(policy).toMatchObject({ name: 'postgres-ingress', policyTypes: ['Ingress'], egress: [], podSelector: { matchLabels: { 'app.kubernetes.io/name': 'postgres' } } });
    expect(policy?.ingress[0]?.peers).toHaveLength(2);
    expect(policy?.ingress[0]?.ports).toEqual([{ protocol: 'TCP', port: 'postgres' }]);
    const frontend = (await listServices(t.admin, { namespace: 'shop' })).find((s) => s.name === 'frontend');
    expect(frontend).toMatchObject({ type: 'LoadBalancer', selector: { 'app.kubernetes.io/name': 'frontend' } });
    expect(frontend?.loadBalancerIngress[0]?.ip).toMatch(/^203\.0\.113\./);
    expect(await listIngresses(t.admin)).toMatchObject([{ name: 'frontend', namespace: 'shop', rules: [{ host: 'shop.example.com', paths: [{ path: '/', service: 'frontend', port: 80 }] }] }]);
  });

  it('reads ServiceAccounts and who they are bound to', async () => {
    expect((await listServiceAccounts(t.admin, 'ci')).map((sa) => sa.name)).toContain('actions-runner');
    expect(await getServiceAccount(t.admin, 'ci', 'actions-runner')).toMatchObject({ kind: 'ServiceAccount', automountServiceAccountToken: null });
    const grants = await bindingsForServiceAccount(t.admin, 'ci', 'actions-runner');
    expect(grants.map((g) => `${g.binding.kind}/${g.binding.name} → ${g.binding.roleRef.name} by ${g.matchedBy}`)).toEqual(['ClusterRoleBinding/ci-rbac-manager → ci-rbac-manager by ServiceAccount']);
    const [support] = (await listRoleBindings(t.admin, 'api')).filter((b) => b.name === 'support-debug');
    expect(support).toMatchObject({ kind: 'RoleBinding', namespace: 'api', roleRef: { kind: 'Role', name: 'pod-debugger' }, subjects: [{ kind: 'User', name: 'd.vasquez@contractor.example' }] });
    expect(support?.raw).toMatchObject({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'support-debug', namespace: 'api' } });
    expect((await listClusterRoleBindings(t.admin)).find((b) => b.name === 'ci-rbac-manager')?.namespace).toBeNull();
  });

  it('lists Secrets as metadata only: types and key names, never values', async () => {
    const tokens = await listSecrets(t.admin, 'ci', { type: 'kubernetes.io/service-account-token' });
    expect(tokens.map((s) => `${s.name} (${s.serviceAccountName})`)).toEqual(['actions-runner-token (actions-runner)', 'argocd-token (argocd)']);
    expect(tokens[0]?.dataKeys).toEqual(['ca.crt', 'namespace', 'token']);
    const all = await listSecrets(t.admin);
    const raw = t.sim.store.get('Secret', 'ci', 'actions-runner-token') as unknown as { data: { token: string } };
    const serialized = JSON.stringify(all);
    expect(serialized).not.toContain(raw.data.token);
    expect(serialized).not.toContain(Buffer.from(raw.data.token, 'base64').toString());
    expect(all.every((s) => !('data' in s) && !('stringData' in s))).toBe(true);
    expect((await rejectionOf(listSecrets(t.readOnly, 'ci'))) as K8sError).toMatchObject({ kind: 'Forbidden' });
  });

  it('reads PodDisruptionBudgets and detects the NetworkPolicy enforcer', async () => {
    expect(await listPodDisruptionBudgets(t.admin, 'shop')).toMatchObject([{ name: 'frontend', minAvailable: 2, disruptionsAllowed: 1, expectedPods: 3 }]);
    expect(await detectNetworkPolicyEnforcer(t.admin)).toEqual({ enforcer: 'Cilium', evidence: 'DaemonSet kube-system/cilium (quay.io/cilium/cilium:v1.16.3, 4/4 ready)' });
  });

  it('lists the events of one object, oldest first', async () => {
    await scaleWorkload(t.admin, 'Deployment', 'shop', 'storefront', 3);
    const events = await waitFor(async () => {
      const found = await listEvents(t.admin, { namespace: 'shop', involvedObject: { kind: 'Deployment', name: 'storefront' } });
      return found.length > 0 ? found : null;
    }, 'ScalingReplicaSet event');
    expect(events[0]).toMatchObject({ reason: 'ScalingReplicaSet', type: 'Normal', involvedObject: { kind: 'Deployment', name: 'storefront' } });
    expect(events[0]?.message).toMatch(/^Scaled up replica set storefront-\w+ (to|from \d+ to) 3/);
    const times = events.map((e) => Date.parse(e.lastSeen ?? ''));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });
});
