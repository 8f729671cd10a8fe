import type { KubeObject, PolicyRule } from '../api/types.js';

const RBAC = 'rbac.authorization.k8s.io/v1';
const bootstrapLabels = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };

function clusterRole(name: string, rules: PolicyRule[], labels: Record<string, string> = bootstrapLabels): KubeObject {
  return { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name, labels, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } }, rules };
}

export function clusterRoleBinding(name: string, role: string, subjects: { kind: 'User' | 'Group' | 'ServiceAccount'; name: string; namespace?: string }[], labels: Record<string, string> = bootstrapLabels): KubeObject {
  return {
    apiVersion: RBAC,
    kind: 'ClusterRoleBinding',
    metadata: { name, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: subjects.map((s) => (s.kind === 'ServiceAccount' ? s : { ...s, apiGroup: 'rbac.authorization.k8s.io' })),
  };
}

export function roleBinding(namespace: string, name: string, roleKind: 'Role' | 'ClusterRole', role: string, subjects: { kind: 'User' | 'Group' | 'ServiceAccount'; name: string; namespace?: string }[]): KubeObject {
  return {
    apiVersion: RBAC,
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: role },
    subjects: subjects.map((s) => (s.kind === 'ServiceAccount' ? s : { ...s, apiGroup: 'rbac.authorization.k8s.io' })),
  };
}

export function role(namespace: string, name: string, rules: PolicyRule[]): KubeObject {
  return { apiVersion: RBAC, kind: 'Role', metadata: { name, namespace }, rules };
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];

/** The read surface of the built-in `view` role (no Secrets, no exec). */
const VIEW_RULES: PolicyRule[] = [
  { apiGroups: [''], resources: ['configmaps', 'endpoints', 'persistentvolumeclaims', 'pods', 'replicationcontrollers', 'serviceaccounts', 'services', 'pods/log', 'pods/status', 'services/status', 'events', 'limitranges', 'resourcequotas', 'bindings', 'namespaces', 'namespaces/status'], verbs: READ },
  { apiGroups: ['apps'], resources: ['daemonsets', 'deployments', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale', 'controllerrevisions'], verbs: READ },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: READ },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: READ },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: READ },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: READ },
];

const EDIT_RULES: PolicyRule[] = [
  ...VIEW_RULES.map((r) => ({ ...r, verbs: [...READ, ...WRITE] })),
  { apiGroups: [''], resources: ['secrets'], verbs: [...READ, ...WRITE] },
  { apiGroups: [''], resources: ['pods/exec', 'pods/attach', 'pods/portforward', 'pods/eviction'], verbs: ['create', 'get'] },
];

/** The default ClusterRoles and bindings every cluster has (trimmed to what matters here). */
export function defaultRbac(): KubeObject[] {
  return [
    clusterRole('cluster-admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }]),
    clusterRole('admin', [...EDIT_RULES, { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: [...READ, ...WRITE] }]),
    clusterRole('edit', EDIT_RULES),
    clusterRole('view', VIEW_RULES),
    clusterRole('system:discovery', [{ nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'], verbs: ['get'] }]),
    clusterRole('system:public-info-viewer', [{ nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] }]),
    clusterRole('system:basic-user', [
      { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
    ]),
    clusterRoleBinding('cluster-admin', 'cluster-admin', [{ kind: 'Group', name: 'system:masters' }]),
    clusterRoleBinding('system:discovery', 'system:discovery', [{ kind: 'Group', name: 'system:authenticated' }]),
    clusterRoleBinding('system:basic-user', 'system:basic-user', [{ kind: 'Group', name: 'system:authenticated' }]),
    clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', [{ kind: 'Group', name: 'system:authenticated' }, { kind: 'Group', name: 'system:unauthenticated' }]),
  ];
}

/** The read-only identity of the simulator's kubeconfig (`--user read-only`): the `view` role cluster-wide. */
export const READ_ONLY_USER = 'cordon-viewer';

/** `view` everywhere plus read access to Nodes, which `view` leaves out. */
export function readOnlyAccess(): KubeObject[] {
  return [
    clusterRole('cordon-node-reader', [{ apiGroups: [''], resources: ['nodes', 'nodes/status'], verbs: READ }], {}),
    clusterRoleBinding('cordon-viewer-view', 'view', [{ kind: 'User', name: READ_ONLY_USER }], {}),
    clusterRoleBinding('cordon-viewer-nodes', 'cordon-node-reader', [{ kind: 'User', name: READ_ONLY_USER }], {}),
  ];
}

export { clusterRole };
