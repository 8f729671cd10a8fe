// Nodes: reads, cordon/uncordon (as kubectl does it), labels and taints. Taints are a list without
// a merge key, so every patch replaces the whole list: it carries the resourceVersion it was
// computed from, and a concurrent change makes the cluster answer Conflict instead of being lost.
import 'server-only';
import { PatchStrategy } from '@kubernetes/client-node';
import { type CallOptions, dryRunParam, FIELD_MANAGER, readCall, withPatchType, type WriteOptions, writeCall } from './call';
import type { ClusterConnection } from './connection';
import type { Labels, NodeDto, TaintDto } from './dto';
import { nodeDto } from './to-dto';

export async function listNodes(conn: ClusterConnection, query: { labelSelector?: string } = {}, options?: CallOptions): Promise<NodeDto[]> {
  const list = await readCall(conn, 'list nodes', (o) => conn.core.listNode({ labelSelector: query.labelSelector }, o), options);
  return list.items.map(nodeDto);
}

export async function getNode(conn: ClusterConnection, name: string, options?: CallOptions): Promise<NodeDto> {
  return nodeDto(await readCall(conn, `get node ${name}`, (o) => conn.core.readNode({ name }, o), options));
}

async function patchNode(conn: ClusterConnection, operation: string, name: string, body: object, options?: WriteOptions): Promise<NodeDto> {
  const node = await writeCall(
    conn,
    operation,
    (o) => conn.core.patchNode({ name, body, dryRun: dryRunParam(options), fieldManager: FIELD_MANAGER }, withPatchType(o, PatchStrategy.StrategicMergePatch)),
    options,
  );
  return nodeDto(node);
}

/** kubectl cordon: no new pods are scheduled there; running pods stay. */
export function cordonNode(conn: ClusterConnection, name: string, options?: WriteOptions): Promise<NodeDto> {
  return patchNode(conn, `cordon node ${name}`, name, { spec: { unschedulable: true } }, options);
}

/** kubectl uncordon: `unschedulable` is omitted when false, so the patch removes it. */
export function uncordonNode(conn: ClusterConnection, name: string, options?: WriteOptions): Promise<NodeDto> {
  return patchNode(conn, `uncordon node ${name}`, name, { spec: { unschedulable: null } }, options);
}

export function labelNode(conn: ClusterConnection, name: string, change: { add?: Labels; remove?: string[] }, options?: WriteOptions): Promise<NodeDto> {
  const labels: Record<string, string | null> = { ...(change.add ?? {}) };
  for (const key of change.remove ?? []) labels[key] = null;
  return patchNode(conn, `label node ${name}`, name, { metadata: { labels } }, options);
}

export interface TaintOptions extends WriteOptions {
  /**
   * The resourceVersion the caller's decision was based on (e.g. read at preview time). Without
   * it the node is read first and its current resourceVersion is used.
   */
  expectedResourceVersion?: string;
}

const sameTaint = (a: Pick<TaintDto, 'key' | 'effect'>, b: Pick<TaintDto, 'key' | 'effect'>) => a.key === b.key && a.effect === b.effect;

function taintBody(taint: TaintDto): TaintDto {
  // timeAdded goes back as the RFC 3339 string it was read as.
  return { key: taint.key, effect: taint.effect, ...(taint.value !== undefined ? { value: taint.value } : {}), ...(taint.timeAdded ? { timeAdded: taint.timeAdded } : {}) };
}

async function replaceTaints(
  conn: ClusterConnection,
  operation: string,
  name: string,
  change: (taints: TaintDto[]) => TaintDto[],
  options?: TaintOptions,
): Promise<NodeDto> {
  const current = await getNode(conn, name, options);
  const resourceVersion = options?.expectedResourceVersion ?? current.resourceVersion;
  const taints = change(current.taints).map(taintBody);
  return patchNode(conn, operation, name, { metadata: { resourceVersion }, spec: { taints: taints.length > 0 ? taints : null } }, options);
}

/** Adds a taint, or replaces the value of one with the same key and effect. */
export function taintNode(conn: ClusterConnection, name: string, taint: TaintDto, options?: TaintOptions): Promise<NodeDto> {
  return replaceTaints(conn, `taint node ${name} (${taint.key}:${taint.effect})`, name, (taints) => [...taints.filter((t) => !sameTaint(t, taint)), taint], options);
}

/** Removes the taints with this key (and effect, when given). */
export function untaintNode(conn: ClusterConnection, name: string, taint: { key: string; effect?: string }, options?: TaintOptions): Promise<NodeDto> {
  const matches = (t: TaintDto) => t.key === taint.key && (taint.effect === undefined || t.effect === taint.effect);
  return replaceTaints(conn, `untaint node ${name} (${taint.key})`, name, (taints) => taints.filter((t) => !matches(t)), options);
}
