// The network map of one cluster: inventory nodes with their state, flow edges in a window, and
// the workloads and externals only the flows know. Live (a window ending now, followed by deltas)
// or replay (the five minutes before `at`, with isolation and incidents as they were then).
import 'server-only';
import { pgPool } from '../db/pool';
import { notFound } from '../errors';
import { loadMapContext, type MapContext } from './context';
import { externalLabel, namespaceId, parseWorkloadId } from './ids';
import { loadEdges } from './load-edges';
import { emptyState, entityNodeId, incidentState, loadInventoryNodes, type InventoryNodes } from './load-nodes';
import { MAP_LIMITS, type MapEdge, type MapGraph, type MapNode, type MapVerdict } from './types';

export const DEFAULT_WINDOW_MS = 60 * 60_000;
export const REPLAY_WINDOW_MS = 5 * 60_000;

export interface MapGraphQuery {
  clusterId: string;
  /** Live window (default: the last hour up to now). */
  from?: Date | null;
  to?: Date | null;
  /** Only this namespace's nodes, and the peers its edges reach. */
  namespace?: string | null;
  verdict?: MapVerdict | null;
  /** Replay: the map as it was at this time (edges of the five minutes before). */
  at?: Date | null;
  /** Marks the incident's entities (`focus`); checks the incident belongs to the cluster. */
  incidentId?: number | null;
}

export async function loadMapGraph(query: MapGraphQuery): Promise<MapGraph> {
  const at = query.at ?? null;
  const ctx = await loadMapContext(query.clusterId, at);
  const to = at ?? query.to ?? ctx.now;
  const from = at ? new Date(at.getTime() - REPLAY_WINDOW_MS) : (query.from ?? new Date(to.getTime() - DEFAULT_WINDOW_MS));
  const namespace = query.namespace ?? null;

  const [edgeResult, inventory, focus] = await Promise.all([
    loadEdges({ clusterId: ctx.clusterId, from, to, namespace, verdict: query.verdict, learningEndsAt: ctx.learningEndsAt, limit: MAP_LIMITS.edges, replay: at !== null }),
    loadInventoryNodes(ctx, namespace ? [namespace] : null),
    query.incidentId ? loadFocus(ctx.clusterId, query.incidentId) : Promise.resolve(null),
  ]);
  const { edges } = edgeResult;
  const nodes = new Map([...inventory.nodes].filter(([, n]) => !namespace || n.namespace === namespace));

  // Peers in other namespaces (namespace filter): drawn with their own state.
  const missing = missingEndpoints(edges, nodes);
  const peerNamespaces = [...new Set(missing.map((id) => parseWorkloadId(id)?.namespace).filter((ns): ns is string => Boolean(ns)))];
  if (peerNamespaces.length > 0) {
    const peers = await loadInventoryNodes(ctx, peerNamespaces);
    for (const id of missing) {
      const node = peers.nodes.get(id);
      if (!node) continue;
      nodes.set(id, node);
      const parent = node.parent ? peers.nodes.get(node.parent) : undefined;
      if (parent && !nodes.has(parent.id)) nodes.set(parent.id, parent);
    }
    mergeIncidents(inventory, peers);
  }
  addFlowOnlyNodes(ctx, firstSeenOfMissing(edges, nodes), nodes, inventory);

  const limited = applyLimits(nodes, edges);
  const truncated = [edgeResult.truncated ? `more than ${MAP_LIMITS.edges.toLocaleString('en-US')} edges in the window: the most recently active are shown` : null, limited.truncated]
    .filter(Boolean)
    .join('; ');
  return {
    clusterId: ctx.clusterId,
    generatedAt: ctx.now.toISOString(),
    window: { from: from.toISOString(), to: to.toISOString() },
    nodes: limited.nodes,
    edges: limited.edges,
    truncated: truncated || null,
    ...(focus ? { focus } : {}),
  };
}

function missingEndpoints(edges: readonly MapEdge[], nodes: ReadonlyMap<string, MapNode>): string[] {
  return [...firstSeenOfMissing(edges, nodes).keys()];
}

function mergeIncidents(into: InventoryNodes, from: InventoryNodes): void {
  for (const [id, aggregate] of from.incidents) if (!into.incidents.has(id)) into.incidents.set(id, aggregate);
  for (const id of from.isolated) into.isolated.add(id);
}

/** Endpoints of these edges that are not drawn yet → their first sighting (ms). */
export function firstSeenOfMissing(edges: readonly MapEdge[], nodes: ReadonlyMap<string, MapNode>): Map<string, number> {
  const firstSeen = new Map<string, number>();
  for (const e of edges) {
    for (const id of [e.source, e.target]) if (!nodes.has(id)) firstSeen.set(id, Math.min(firstSeen.get(id) ?? Infinity, Date.parse(e.firstSeenAt)));
  }
  return firstSeen;
}

/**
 * Workloads and externals known only from flows (not, or no longer, in the inventory), and the
 * namespaces they sit in. "New" is their first flow after the learning period.
 */
export function addFlowOnlyNodes(ctx: MapContext, firstSeen: ReadonlyMap<string, number>, nodes: Map<string, MapNode>, inventory: Pick<InventoryNodes, 'incidents' | 'isolated'>): void {
  for (const [id, first] of firstSeen) {
    if (nodes.has(id)) continue;
    const workload = parseWorkloadId(id);
    const state = emptyState();
    state.incidents = incidentState(inventory.incidents.get(id));
    state.isolated = inventory.isolated.has(id);
    state.new = first > ctx.learningEndsAt.getTime();
    if (workload) {
      const parent = namespaceId(workload.namespace);
      if (!nodes.has(parent)) {
        const nsState = emptyState();
        nsState.incidents = incidentState(inventory.incidents.get(parent));
        nodes.set(parent, { id: parent, kind: 'namespace', parent: null, label: workload.namespace, namespace: workload.namespace, workloadKind: null, pods: null, state: nsState });
      }
      nodes.set(id, { id, kind: 'workload', parent, label: workload.name, namespace: workload.namespace, workloadKind: workload.kind, pods: null, state });
    } else {
      nodes.set(id, { id, kind: 'external', parent: null, label: externalLabel(id), namespace: null, workloadKind: null, pods: null, state });
    }
  }
}

const PRIORITY = (n: MapNode) => (n.kind === 'namespace' ? 0 : n.state.incidents.open > 0 || n.state.isolated ? 1 : n.kind === 'workload' ? 2 : 3);

/** MAP_LIMITS.nodes: namespaces, then nodes with incidents or isolated, then workloads, then externals. */
function applyLimits(nodes: Map<string, MapNode>, edges: MapEdge[]): { nodes: MapNode[]; edges: MapEdge[]; truncated: string | null } {
  const all = [...nodes.values()];
  if (all.length <= MAP_LIMITS.nodes) return { nodes: all, edges, truncated: null };
  const kept = all.sort((a, b) => PRIORITY(a) - PRIORITY(b)).slice(0, MAP_LIMITS.nodes);
  const ids = new Set(kept.map((n) => n.id));
  return {
    nodes: kept,
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
    truncated: `${(all.length - kept.length).toLocaleString('en-US')} of ${all.length.toLocaleString('en-US')} nodes left out (externals and quiet workloads first): pick a namespace`,
  };
}

/** The node ids of an incident's entities, for the map to highlight. */
async function loadFocus(clusterId: string, incidentId: number): Promise<{ incidentId: number; nodes: string[] }> {
  const { rows } = await pgPool().query<{ clusterId: string | null; kind: string | null; key: string; namespace: string | null; name: string; ownerKnown: boolean; ownerKind: string | null; ownerName: string | null; parentKind: string | null; parentName: string | null }>(
    `SELECT i."clusterId", e.kind::text AS kind, e.key, e.namespace, e.name,
            po.id IS NOT NULL AS "ownerKnown", po."ownerKind", po."ownerName", poo."ownerKind" AS "parentKind", poo."ownerName" AS "parentName"
       FROM incident i
       LEFT JOIN incident_entity ie ON ie."incidentId" = i.id
       LEFT JOIN entity e ON e.id = ie."entityId"
       LEFT JOIN cluster_object po ON e.kind = 'pod' AND po."clusterId" = i."clusterId" AND po.kind = 'Pod' AND po.namespace = e.namespace AND po.name = e.name
       LEFT JOIN cluster_object poo ON poo."clusterId" = i."clusterId" AND po."ownerKind" IN ('ReplicaSet', 'Job') AND poo.kind = po."ownerKind"
            AND poo.namespace = po.namespace AND poo.name = po."ownerName"
      WHERE i.id = $1`,
    [incidentId],
  );
  if (rows.length === 0 || rows[0]!.clusterId !== clusterId) throw notFound('Incident');
  const nodes = new Set<string>();
  for (const row of rows) {
    if (!row.kind) continue;
    const id = entityNodeId({ ...row, kind: row.kind });
    if (id) nodes.add(id);
  }
  return { incidentId, nodes: [...nodes] };
}
