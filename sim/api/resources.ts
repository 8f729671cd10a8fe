/**
 * The resource types the simulator serves, with the discovery facts kubectl relies on
 * (plural, singular, kind, short names, categories, verbs, subresources).
 */
export interface ResourceType {
  group: string;
  version: string;
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs: string[];
  subresources: Record<string, { kind: string; group?: string; version?: string; verbs: string[] }>;
}

const STANDARD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS = { kind: '', verbs: ['get', 'patch', 'update'] };
const SCALE = { kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] };

function define(
  group: string,
  resource: string,
  singular: string,
  kind: string,
  namespaced: boolean,
  extra: Partial<Omit<ResourceType, 'group' | 'resource' | 'singular' | 'kind' | 'namespaced'>> = {},
): ResourceType {
  const version = extra.version ?? 'v1';
  const subresources = Object.fromEntries(
    Object.entries(extra.subresources ?? {}).map(([name, sub]) => [name, { ...sub, kind: sub.kind || kind }]),
  );
  return { group, version, resource, singular, kind, namespaced, verbs: extra.verbs ?? STANDARD_VERBS, shortNames: extra.shortNames, categories: extra.categories, subresources };
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  define('', 'namespaces', 'namespace', 'Namespace', false, {
    shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: { status: STATUS, finalize: { kind: 'Namespace', verbs: ['update'] } },
  }),
  define('', 'nodes', 'node', 'Node', false, {
    shortNames: ['no'],
    subresources: { status: STATUS, proxy: { kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] } },
  }),
  define('', 'pods', 'pod', 'Pod', true, {
    shortNames: ['po'],
    categories: ['all'],
    subresources: {
      status: STATUS,
      log: { kind: 'Pod', verbs: ['get'] },
      exec: { kind: 'PodExecOptions', verbs: ['create', 'get'] },
      attach: { kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      eviction: { kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
      binding: { kind: 'Binding', verbs: ['create'] },
    },
  }),
  define('', 'services', 'service', 'Service', true, { shortNames: ['svc'], categories: ['all'], subresources: { status: STATUS } }),
  define('', 'endpoints', 'endpoints', 'Endpoints', true, { shortNames: ['ep'] }),
  define('', 'configmaps', 'configmap', 'ConfigMap', true, { shortNames: ['cm'] }),
  // Stored and served (so manifests that claim storage apply); no provisioner binds them.
  define('', 'persistentvolumeclaims', 'persistentvolumeclaim', 'PersistentVolumeClaim', true, { shortNames: ['pvc'], subresources: { status: STATUS } }),
  define('', 'secrets', 'secret', 'Secret', true),
  define('', 'serviceaccounts', 'serviceaccount', 'ServiceAccount', true, {
    shortNames: ['sa'],
    subresources: { token: { kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] } },
  }),
  define('', 'events', 'event', 'Event', true, { shortNames: ['ev'] }),
  define('apps', 'deployments', 'deployment', 'Deployment', true, {
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: { status: STATUS, scale: SCALE },
  }),
  define('apps', 'replicasets', 'replicaset', 'ReplicaSet', true, {
    shortNames: ['rs'],
    categories: ['all'],
    subresources: { status: STATUS, scale: SCALE },
  }),
  define('apps', 'daemonsets', 'daemonset', 'DaemonSet', true, { shortNames: ['ds'], categories: ['all'], subresources: { status: STATUS } }),
  define('apps', 'statefulsets', 'statefulset', 'StatefulSet', true, {
    shortNames: ['sts'],
    categories: ['all'],
    subresources: { status: STATUS, scale: SCALE },
  }),
  define('networking.k8s.io', 'ingresses', 'ingress', 'Ingress', true, { shortNames: ['ing'], subresources: { status: STATUS } }),
  define('networking.k8s.io', 'networkpolicies', 'networkpolicy', 'NetworkPolicy', true, { shortNames: ['netpol'] }),
  define('rbac.authorization.k8s.io', 'roles', 'role', 'Role', true),
  define('rbac.authorization.k8s.io', 'rolebindings', 'rolebinding', 'RoleBinding', true),
  define('rbac.authorization.k8s.io', 'clusterroles', 'clusterrole', 'ClusterRole', false),
  define('rbac.authorization.k8s.io', 'clusterrolebindings', 'clusterrolebinding', 'ClusterRoleBinding', false),
  define('policy', 'poddisruptionbudgets', 'poddisruptionbudget', 'PodDisruptionBudget', true, { shortNames: ['pdb'], subresources: { status: STATUS } }),
  define('authorization.k8s.io', 'selfsubjectaccessreviews', 'selfsubjectaccessreview', 'SelfSubjectAccessReview', false, { verbs: ['create'] }),
  define('authentication.k8s.io', 'selfsubjectreviews', 'selfsubjectreview', 'SelfSubjectReview', false, { verbs: ['create'] }),
];

const byGroupResource = new Map(RESOURCE_TYPES.map((t) => [`${t.group}/${t.resource}`, t]));
const byKind = new Map(RESOURCE_TYPES.map((t) => [t.kind, t]));

export function findResourceType(group: string, resource: string): ResourceType | undefined {
  return byGroupResource.get(`${group}/${resource}`);
}

/** Look up by Kind (kinds are unique across the groups the simulator serves). */
export function resourceTypeForKind(kind: string): ResourceType {
  const type = byKind.get(kind);
  if (!type) throw new Error(`unknown kind ${kind}`);
  return type;
}

export function apiVersionOf(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

export function typeKey(type: Pick<ResourceType, 'group' | 'resource'>): string {
  return `${type.group}/${type.resource}`;
}

/** Resources that are virtual (no storage): only create returns a computed answer. */
export function isVirtual(type: ResourceType): boolean {
  return type.group === 'authorization.k8s.io' || type.group === 'authentication.k8s.io';
}

export const API_GROUPS: readonly { name: string; version: string }[] = [
  ...new Map(RESOURCE_TYPES.filter((t) => t.group !== '').map((t) => [t.group, { name: t.group, version: t.version }])).values(),
];
