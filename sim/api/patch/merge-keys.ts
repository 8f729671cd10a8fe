/**
 * Strategic-merge metadata of the built-in types (the `patchStrategy`/`patchMergeKey` struct tags
 * of k8s.io/api), keyed by field name with the context that disambiguates it. Lists not listed
 * here are atomic and replaced as a whole, as on a real server: that includes `spec.taints` of a
 * Node and `spec.tolerations` of a Pod, which have no merge key upstream.
 */
export interface ListStrategy {
  /** The key that identifies an element; undefined for a set of primitives. */
  mergeKey?: string;
  /** SSA list-map keys (usually just the merge key). */
  listMapKeys?: string[];
}

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

const BY_FIELD: Record<string, ListStrategy> = {
  containers: { mergeKey: 'name' },
  initContainers: { mergeKey: 'name' },
  ephemeralContainers: { mergeKey: 'name' },
  volumes: { mergeKey: 'name' },
  imagePullSecrets: { mergeKey: 'name' },
  hostAliases: { mergeKey: 'ip' },
  topologySpreadConstraints: { mergeKey: 'topologyKey', listMapKeys: ['topologyKey', 'whenUnsatisfiable'] },
  resourceClaims: { mergeKey: 'name' },
  schedulingGates: { mergeKey: 'name' },
  ownerReferences: { mergeKey: 'uid' },
  conditions: { mergeKey: 'type' },
  finalizers: {},
};

const IN_CONTAINER: Record<string, ListStrategy> = {
  env: { mergeKey: 'name' },
  ports: { mergeKey: 'containerPort', listMapKeys: ['containerPort', 'protocol'] },
  volumeMounts: { mergeKey: 'mountPath' },
  volumeDevices: { mergeKey: 'devicePath' },
  resizePolicy: {},
};

/** `path` holds the object keys from the root to the list's parent (array indices omitted). */
export function listStrategy(kind: string, path: readonly string[], field: string): ListStrategy | undefined {
  const parent = path[path.length - 1];
  if (parent !== undefined && CONTAINER_LISTS.has(parent)) return IN_CONTAINER[field];
  if (field === 'ports' && kind === 'Service' && path.length === 1 && path[0] === 'spec') return { mergeKey: 'port', listMapKeys: ['port', 'protocol'] };
  if (field === 'addresses' && kind === 'Node' && path[0] === 'status') return { mergeKey: 'type' };
  if (field === 'secrets' && kind === 'ServiceAccount') return { mergeKey: 'name' };
  if (field === 'finalizers' && path.length !== 1) return undefined;
  return BY_FIELD[field];
}
