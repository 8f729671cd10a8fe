// Pods: reads, the owner chain (pod → ReplicaSet → Deployment …), labels, eviction, deletion.
import 'server-only';
import { PatchStrategy, type V1ObjectMeta } from '@kubernetes/client-node';
import { type CallOptions, dryRunParam, FIELD_MANAGER, readCall, withPatchType, type WriteOptions, writeCall } from './call';
import type { ClusterConnection } from './connection';
import type { DeletedDto, Labels, OwnerReferenceDto, PodDto } from './dto';
import { isK8sError } from './errors';
import { ownerReferencesDto, podDto } from './to-dto';

export interface ListPodsQuery {
  /** Omit for all namespaces. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export async function getPod(conn: ClusterConnection, namespace: string, name: string, options?: CallOptions): Promise<PodDto> {
  const pod = await readCall(conn, `get pod ${namespace}/${name}`, (o) => conn.core.readNamespacedPod({ namespace, name }, o), options);
  return podDto(pod);
}

export async function listPods(conn: ClusterConnection, query: ListPodsQuery = {}, options?: CallOptions): Promise<PodDto[]> {
  const { namespace, labelSelector, fieldSelector } = query;
  const list = await readCall(
    conn,
    `list pods${namespace ? ` in ${namespace}` : ''}`,
    (o) =>
      namespace
        ? conn.core.listNamespacedPod({ namespace, labelSelector, fieldSelector }, o)
        : conn.core.listPodForAllNamespaces({ labelSelector, fieldSelector }, o),
    options,
  );
  return list.items.map(podDto);
}

export interface OwnerLinkDto {
  kind: string;
  apiVersion: string;
  name: string;
  /** null for cluster-scoped owners (a static pod's Node). */
  namespace: string | null;
  uid: string;
  /** false when the owner could not be read (deleted, forbidden, unknown kind): the chain stops there. */
  found: boolean;
}

const CLUSTER_SCOPED_OWNERS = new Set(['Node']);
const MAX_OWNER_DEPTH = 5;

function controllerOf(refs: OwnerReferenceDto[]): OwnerReferenceDto | undefined {
  return refs.find((r) => r.controller) ?? refs[0];
}

/** REST path of an owner from its apiVersion and kind (built-in kinds pluralise by adding "s"). */
function ownerPath(ref: OwnerReferenceDto, namespace: string | null): string {
  const base = ref.apiVersion.includes('/') ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
  const scope = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${scope}/${ref.kind.toLowerCase()}s/${encodeURIComponent(ref.name)}`;
}

/**
 * The chain of controllers above a pod, nearest first: e.g. ReplicaSet then Deployment. Follows
 * ownerReferences (names are not a contract). Stops at an owner it cannot read.
 */
export async function getOwnerChain(
  conn: ClusterConnection,
  pod: Pick<PodDto, 'namespace' | 'ownerReferences'>,
  options?: CallOptions,
): Promise<OwnerLinkDto[]> {
  const chain: OwnerLinkDto[] = [];
  let ref = controllerOf(pod.ownerReferences);
  while (ref && chain.length < MAX_OWNER_DEPTH) {
    const namespace = CLUSTER_SCOPED_OWNERS.has(ref.kind) ? null : pod.namespace;
    const link: OwnerLinkDto = { kind: ref.kind, apiVersion: ref.apiVersion, name: ref.name, namespace, uid: ref.uid, found: false };
    chain.push(link);
    const current = ref;
    try {
      const owner = await readCall(conn, `get ${ref.kind} ${ref.name}`, (o) => conn.raw.getJson<{ metadata?: V1ObjectMeta }>(ownerPath(current, namespace), undefined, o), options);
      // A same-named replacement is not the owner this pod had.
      if (owner.metadata?.uid && owner.metadata.uid !== ref.uid) break;
      link.found = true;
      ref = controllerOf(ownerReferencesDto(owner.metadata?.ownerReferences));
    } catch (err) {
      if (isK8sError(err, 'NotFound') || isK8sError(err, 'Forbidden')) break;
      throw err;
    }
  }
  return chain;
}

/** Adds and removes labels with a merge patch (a removed key is set to null). */
export async function patchPodLabels(
  conn: ClusterConnection,
  namespace: string,
  name: string,
  change: { add?: Labels; remove?: string[] },
  options?: WriteOptions,
): Promise<PodDto> {
  const labels: Record<string, string | null> = { ...(change.add ?? {}) };
  for (const key of change.remove ?? []) labels[key] = null;
  const pod = await writeCall(
    conn,
    `label pod ${namespace}/${name}`,
    (o) =>
      conn.core.patchNamespacedPod(
        { namespace, name, body: { metadata: { labels } }, dryRun: dryRunParam(options), fieldManager: FIELD_MANAGER },
        withPatchType(o, PatchStrategy.MergePatch),
      ),
    options,
  );
  return podDto(pod);
}

export interface EvictionResult {
  namespace: string;
  name: string;
  dryRun: boolean;
}

/**
 * policy/v1 Eviction: honours PodDisruptionBudgets. A blocked eviction is a K8sError
 * TooManyRequests carrying the cluster's message and the DisruptionBudget cause.
 */
export async function evictPod(
  conn: ClusterConnection,
  namespace: string,
  name: string,
  options?: WriteOptions & { gracePeriodSeconds?: number },
): Promise<EvictionResult> {
  const dryRun = dryRunParam(options);
  await writeCall(
    conn,
    `evict pod ${namespace}/${name}`,
    (o) =>
      conn.core.createNamespacedPodEviction(
        {
          namespace,
          name,
          dryRun,
          body: {
            apiVersion: 'policy/v1',
            kind: 'Eviction',
            metadata: { name, namespace },
            // The eviction handler reads dryRun from deleteOptions; the query parameter is sent too.
            deleteOptions: { ...(dryRun ? { dryRun: [dryRun] } : {}), ...(options?.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: options.gracePeriodSeconds } : {}) },
          },
        },
        o,
      ),
    options,
  );
  return { namespace, name, dryRun: options?.dryRun === true };
}

export async function deletePod(
  conn: ClusterConnection,
  namespace: string,
  name: string,
  options?: WriteOptions & { gracePeriodSeconds?: number; uid?: string },
): Promise<DeletedDto> {
  const pod = await writeCall(
    conn,
    `delete pod ${namespace}/${name}`,
    (o) =>
      conn.core.deleteNamespacedPod(
        {
          namespace,
          name,
          dryRun: dryRunParam(options),
          gracePeriodSeconds: options?.gracePeriodSeconds,
          body: options?.uid ? { preconditions: { uid: options.uid } } : undefined,
        },
        o,
      ),
    options,
  );
  return { kind: 'Pod', namespace, name, uid: pod.metadata?.uid ?? options?.uid ?? null, dryRun: options?.dryRun === true };
}
