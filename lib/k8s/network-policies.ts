// NetworkPolicies, and whether anything in the cluster enforces them: a NetworkPolicy is only a
// wish unless the CNI implements it (flannel or kindnet alone do not).
import 'server-only';
import type { V1DaemonSet, V1NetworkPolicy, V1NetworkPolicyPeer, V1Pod } from '@kubernetes/client-node';
import { type CallOptions, dryRunParam, FIELD_MANAGER, readCall, type WriteOptions, writeCall } from './call';
import type { ClusterConnection } from './connection';
import type { DeletedDto, LabelSelectorDto, NetworkPolicyDto, NetworkPolicyInput, NetworkPolicyPeerDto, NetworkPolicyRuleDto } from './dto';
import { isK8sError } from './errors';
import { networkPolicyDto } from './to-dto';

/** Omit the namespace for all namespaces. */
export async function listNetworkPolicies(conn: ClusterConnection, namespace?: string, options?: CallOptions): Promise<NetworkPolicyDto[]> {
  const list = await readCall(
    conn,
    `list networkpolicies${namespace ? ` in ${namespace}` : ''}`,
    (o) => (namespace ? conn.networking.listNamespacedNetworkPolicy({ namespace }, o) : conn.networking.listNetworkPolicyForAllNamespaces({}, o)),
    options,
  );
  return list.items.map(networkPolicyDto);
}

function selectorBody(selector: Partial<LabelSelectorDto> | undefined) {
  return {
    ...(selector?.matchLabels && Object.keys(selector.matchLabels).length > 0 ? { matchLabels: selector.matchLabels } : {}),
    ...(selector?.matchExpressions && selector.matchExpressions.length > 0 ? { matchExpressions: selector.matchExpressions } : {}),
  };
}

function peerBody(peer: NetworkPolicyPeerDto): V1NetworkPolicyPeer {
  return {
    ...(peer.podSelector ? { podSelector: selectorBody(peer.podSelector) } : {}),
    ...(peer.namespaceSelector ? { namespaceSelector: selectorBody(peer.namespaceSelector) } : {}),
    ...(peer.ipBlock ? { ipBlock: { cidr: peer.ipBlock.cidr, ...(peer.ipBlock.except.length > 0 ? { except: peer.ipBlock.except } : {}) } } : {}),
  };
}

const ports = (rule: NetworkPolicyRuleDto) => (rule.ports.length > 0 ? { ports: rule.ports } : {});

export function networkPolicyManifest(input: NetworkPolicyInput): V1NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: input.name, namespace: input.namespace, labels: input.labels, annotations: input.annotations },
    spec: {
      podSelector: selectorBody(input.podSelector),
      policyTypes: input.policyTypes,
      // client-node's model names the `from` field `_from`.
      ingress: input.ingress?.map((rule) => ({ _from: rule.peers.map(peerBody), ...ports(rule) })),
      egress: input.egress?.map((rule) => ({ to: rule.peers.map(peerBody), ...ports(rule) })),
    },
  };
}

export async function createNetworkPolicy(conn: ClusterConnection, input: NetworkPolicyInput, options?: WriteOptions): Promise<NetworkPolicyDto> {
  const created = await writeCall(
    conn,
    `create networkpolicy ${input.namespace}/${input.name}`,
    (o) =>
      conn.networking.createNamespacedNetworkPolicy(
        { namespace: input.namespace, body: networkPolicyManifest(input), dryRun: dryRunParam(options), fieldManager: FIELD_MANAGER },
        o,
      ),
    options,
  );
  return networkPolicyDto(created);
}

export async function deleteNetworkPolicy(
  conn: ClusterConnection,
  namespace: string,
  name: string,
  options?: WriteOptions & { uid?: string },
): Promise<DeletedDto> {
  await writeCall(
    conn,
    `delete networkpolicy ${namespace}/${name}`,
    (o) =>
      conn.networking.deleteNamespacedNetworkPolicy(
        { namespace, name, dryRun: dryRunParam(options), body: options?.uid ? { preconditions: { uid: options.uid } } : undefined },
        o,
      ),
    options,
  );
  return { kind: 'NetworkPolicy', namespace, name, uid: options?.uid ?? null, dryRun: options?.dryRun === true };
}

export interface EnforcerDetection {
  /** e.g. "Cilium", "Calico"; null when no known enforcer was seen. */
  enforcer: string | null;
  /** What was seen (or looked for), for the analyst. */
  evidence: string;
}

/** Name patterns of NetworkPolicy-capable CNIs and policy agents, as they deploy by default. */
const ENFORCERS: { enforcer: string; pattern: RegExp }[] = [
  { enforcer: 'Cilium', pattern: /^cilium(-agent)?$|^anetd$/ }, // anetd: GKE Dataplane V2 (Cilium)
  { enforcer: 'Calico', pattern: /^calico-node$|^canal$/ },
  { enforcer: 'Antrea', pattern: /^antrea-agent$/ },
  { enforcer: 'kube-router', pattern: /^kube-router$/ },
  { enforcer: 'Weave Net', pattern: /^weave-net$/ },
  { enforcer: 'Azure NPM', pattern: /^azure-npm$/ },
];

function match(name: string): string | null {
  return ENFORCERS.find((e) => e.pattern.test(name))?.enforcer ?? null;
}

const imageOf = (spec: { containers?: { image?: string }[] } | undefined) => spec?.containers?.[0]?.image ?? 'unknown image';

/**
 * Looks for the DaemonSets of known enforcers (any namespace: Calico's operator uses
 * calico-system), then for their pods in kube-system when DaemonSets cannot be listed.
 */
export async function detectNetworkPolicyEnforcer(conn: ClusterConnection, options?: CallOptions): Promise<EnforcerDetection> {
  let daemonSets: V1DaemonSet[] = [];
  try {
    daemonSets = (await readCall(conn, 'list daemonsets', (o) => conn.apps.listDaemonSetForAllNamespaces({}, o), options)).items;
  } catch (err) {
    if (!isK8sError(err, 'Forbidden')) throw err;
  }
  for (const ds of daemonSets) {
    const enforcer = match(ds.metadata?.name ?? '');
    if (enforcer) {
      const ready = `${ds.status?.numberReady ?? 0}/${ds.status?.desiredNumberScheduled ?? 0} ready`;
      return { enforcer, evidence: `DaemonSet ${ds.metadata?.namespace}/${ds.metadata?.name} (${imageOf(ds.spec?.template.spec)}, ${ready})` };
    }
  }
  const pods: V1Pod[] = (await readCall(conn, 'list pods in kube-system', (o) => conn.core.listNamespacedPod({ namespace: 'kube-system' }, o), options)).items;
  for (const pod of pods) {
    const owner = pod.metadata?.ownerReferences?.find((r) => r.controller)?.name ?? pod.metadata?.name ?? '';
    const enforcer = match(owner) ?? match(pod.metadata?.labels?.['k8s-app'] ?? '');
    if (enforcer) return { enforcer, evidence: `pod kube-system/${pod.metadata?.name} (${imageOf(pod.spec)})` };
  }
  return {
    enforcer: null,
    evidence: `No Cilium, Calico, Antrea, kube-router, Weave Net or Azure NPM DaemonSet or pod found (${daemonSets.length} DaemonSets, ${pods.length} kube-system pods checked); NetworkPolicies may not be enforced.`,
  };
}
