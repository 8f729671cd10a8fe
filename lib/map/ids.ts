// Node ids of the map: the flow table's keys, so flows, incident entities, containment targets and
// the inventory meet without translation. Pure.
import { workloadFromPodName } from '../ingest/writer/enrich';

export const METADATA_ID = 'metadata';
const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']);

export const namespaceId = (namespace: string): string => `ns:${namespace}`;
export const workloadId = (namespace: string, kind: string, name: string): string => `${namespace}/${kind}/${name}`;

/** "ns/Kind/name" → its parts; null for namespaces and externals. */
export function parseWorkloadId(id: string): { namespace: string; kind: string; name: string } | null {
  if (id.startsWith('ns:') || id.includes(':')) return null;
  const parts = id.split('/');
  if (parts.length !== 3 || parts.some((p) => p.length === 0)) return null;
  return { namespace: parts[0]!, kind: parts[1]!, name: parts[2]! };
}

/** A flow endpoint key → its node id (the cloud metadata address becomes "metadata"). */
export function nodeIdOfFlowKey(key: string): string {
  if (key.startsWith('ip:') && METADATA_ADDRESSES.has(key.slice(3))) return METADATA_ID;
  return key;
}

export function isExternalId(id: string): boolean {
  return parseWorkloadId(id) === null && !id.startsWith('ns:');
}

/** What an external node is called on the map. */
export function externalLabel(id: string): string {
  if (id === METADATA_ID) return 'cloud metadata (169.254.169.254)';
  if (id.startsWith('ip:') || id.startsWith('dns:') || id.startsWith('host:')) return id.slice(id.indexOf(':') + 1);
  return id;
}

/** Owner kinds that make a pod part of a drawn workload (the rest are drawn as the pod itself). */
const POD_CONTROLLERS = new Set(['ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job']);

/**
 * The workload a pod belongs to, from its inventory owner (and the owner's owner: ReplicaSet →
 * Deployment, Job → CronJob). A pod the inventory does not know is matched by the Deployment naming
 * pattern, else drawn as itself.
 */
export function podWorkloadId(
  namespace: string,
  pod: string,
  owner: { known: boolean; kind: string | null; name: string | null; parentKind: string | null; parentName: string | null },
): string {
  if (!owner.known) {
    const guess = workloadFromPodName(pod);
    return guess ? workloadId(namespace, guess.kind, guess.name) : workloadId(namespace, 'Pod', pod);
  }
  if (!owner.kind || !owner.name || !POD_CONTROLLERS.has(owner.kind)) return workloadId(namespace, 'Pod', pod);
  if ((owner.kind === 'ReplicaSet' && owner.parentKind === 'Deployment') || (owner.kind === 'Job' && owner.parentKind === 'CronJob')) {
    return workloadId(namespace, owner.parentKind, owner.parentName!);
  }
  return workloadId(namespace, owner.kind, owner.name);
}

/** The node an inventory workload object is drawn as: ReplicaSets and Jobs fold into their owner. */
export function drawnWorkloadId(kind: string, namespace: string, name: string, ownerKind: string | null, ownerName: string | null): string {
  if (ownerName && ((kind === 'ReplicaSet' && ownerKind === 'Deployment') || (kind === 'Job' && ownerKind === 'CronJob'))) {
    return workloadId(namespace, ownerKind, ownerName);
  }
  return workloadId(namespace, kind, name);
}

export interface PodOwnerColumns {
  ownerKnown: boolean;
  ownerKind: string | null;
  ownerName: string | null;
  parentKind: string | null;
  parentName: string | null;
}

export const ownerOf = (row: PodOwnerColumns) => ({ known: row.ownerKnown, kind: row.ownerKind, name: row.ownerName, parentKind: row.parentKind, parentName: row.parentName });
