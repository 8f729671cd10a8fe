// The kinds the inventory watches, with their cluster-wide collection paths. Order matters only
// for the first sync: namespaces and owners before the pods that refer to them.
export const INVENTORY_KINDS = [
  { kind: 'Namespace', path: '/api/v1/namespaces' },
  { kind: 'Node', path: '/api/v1/nodes' },
  { kind: 'Deployment', path: '/apis/apps/v1/deployments' },
  { kind: 'StatefulSet', path: '/apis/apps/v1/statefulsets' },
  { kind: 'DaemonSet', path: '/apis/apps/v1/daemonsets' },
  { kind: 'ReplicaSet', path: '/apis/apps/v1/replicasets' },
  { kind: 'CronJob', path: '/apis/batch/v1/cronjobs' },
  { kind: 'Job', path: '/apis/batch/v1/jobs' },
  { kind: 'Pod', path: '/api/v1/pods' },
  { kind: 'Service', path: '/api/v1/services' },
  { kind: 'Ingress', path: '/apis/networking.k8s.io/v1/ingresses' },
  { kind: 'NetworkPolicy', path: '/apis/networking.k8s.io/v1/networkpolicies' },
  { kind: 'ServiceAccount', path: '/api/v1/serviceaccounts' },
  { kind: 'RoleBinding', path: '/apis/rbac.authorization.k8s.io/v1/rolebindings' },
  { kind: 'ClusterRoleBinding', path: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings' },
  // Not asked for by the map directly: it tells whether a binding grants wide rights.
  { kind: 'ClusterRole', path: '/apis/rbac.authorization.k8s.io/v1/clusterroles' },
] as const;

export type InventoryKind = (typeof INVENTORY_KINDS)[number]['kind'];

/** Kinds drawn as workloads on the map (ReplicaSets fold into their Deployment, Jobs into their CronJob). */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'CronJob', 'Job'] as const;
