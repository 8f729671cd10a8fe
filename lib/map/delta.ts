// What changed on the map since a snapshot or the previous delta: objects the inventory updated or
// deleted, edges seen since, and nodes whose state changed (incidents updated, isolations applied
// or undone). `until` is the database's time before the queries; the queries look a little before
// `since` (writes in flight when the previous delta ran, flows that arrive after their event
// time), so nothing is lost between deltas and a few items come twice (deltas are idempotent).
import 'server-only';
import { pgPool } from '../db/pool';
import type { PodOwnerColumns } from './ids';
import { drawnWorkloadId, isExternalId, METADATA_ID, namespaceId, nodeIdOfFlowKey, ownerOf, parseWorkloadId, podWorkloadId } from './ids';
import { loadMapContext } from './context';
import { addFlowOnlyNodes } from './graph';
import { loadEdges, ts } from './load-edges';
import { entityNodeId, ISOLATION_KINDS, loadInventoryNodes } from './load-nodes';
import { MAP_LIMITS, type MapDelta, type MapNode, type MapVerdict } from './types';

/** Writes committed just after the previous delta's clock reading are still found. */
export const DELTA_OVERLAP_MS = 5_000;
/** Flows are stamped with their event time and arrive a few seconds later (sender batching). */
export const FLOW_LATENCY_MS = 15_000;

export interface MapDeltaQuery {
  clusterId: string;
  since: Date;
  /** The live window's start: edge counts cover [from, now]; edges that left it are removed. */
  from?: Date | null;
  namespace?: string | null;
  verdict?: MapVerdict | null;
}

const METADATA_KEYS = ['ip:169.254.169.254', 'ip:fd00:ec2::254', 'ip:100.100.100.200'];
const DRAWN = new Set(['Namespace', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'CronJob', 'Job', 'Pod']);

interface ObjectRow extends PodOwnerColumns {
  kind: string;
  namespace: string;
  name: string;
  deleted: boolean;
  subjects: { kind: string; name: string; namespace: string | null }[] | null;
}

export async function loadMapDelta(query: MapDeltaQuery): Promise<MapDelta> {
  const ctx = await loadMapContext(query.clusterId);
  const until = ctx.now;
  const since = new Date(query.since.getTime() - DELTA_OVERLAP_MS);
  const pool = pgPool();
  const params = [ctx.clusterId, since.toISOString()];

  const [objects, edgeResult, incidentEntities, actions, left] = await Promise.all([
    pool.query<ObjectRow>(
      `SELECT o.kind, o.namespace, o.name, o."deletedAt" IS NOT NULL AS deleted,
              CASE WHEN o.kind IN ('ClusterRoleBinding', 'RoleBinding') THEN o.summary->'subjects' END AS subjects,
              o.kind = 'Pod' AS "ownerKnown", o."ownerKind", o."ownerName", oo."ownerKind" AS "parentKind", oo."ownerName" AS "parentName"
         FROM cluster_object o
         LEFT JOIN cluster_object oo ON o."ownerKind" IN ('ReplicaSet', 'Job') AND oo."clusterId" = o."clusterId" AND oo.kind = o."ownerKind"
              AND oo.namespace = o.namespace AND oo.name = o."ownerName"
        WHERE o."clusterId" = $1 AND o."updatedAt" > ${ts(2)}`,
      params,
    ),
    loadEdges({
      clusterId: ctx.clusterId,
      from: query.from ?? new Date(0),
      to: until,
      namespace: query.namespace,
      verdict: query.verdict,
      seenAfter: new Date(query.since.getTime() - FLOW_LATENCY_MS),
      learningEndsAt: ctx.learningEndsAt,
      limit: MAP_LIMITS.edges,
    }),
    pool.query<{ kind: string; key: string; namespace: string | null; name: string } & PodOwnerColumns>(
      `SELECT DISTINCT e.kind::text AS kind, e.key, e.namespace, e.name,
              po.id IS NOT NULL AS "ownerKnown", po."ownerKind", po."ownerName", poo."ownerKind" AS "parentKind", poo."ownerName" AS "parentName"
         FROM incident i
         JOIN incident_entity ie ON ie."incidentId" = i.id
         JOIN entity e ON e.id = ie."entityId"
         LEFT JOIN cluster_object po ON e.kind = 'pod' AND po."clusterId" = $1 AND po.kind = 'Pod' AND po.namespace = e.namespace AND po.name = e.name
         LEFT JOIN cluster_object poo ON poo."clusterId" = $1 AND po."ownerKind" IN ('ReplicaSet', 'Job') AND poo.kind = po."ownerKind"
              AND poo.namespace = po.namespace AND poo.name = po."ownerName"
        WHERE i."clusterId" = $1 AND i."updatedAt" > ${ts(2)} AND e.kind IN ('workload', 'pod', 'namespace', 'ip', 'domain')`,
      params,
    ),
    pool.query<{ target: { kind: string; workloadKind?: string; namespace?: string; name: string } } & PodOwnerColumns>(
      `SELECT a.target, po.id IS NOT NULL AS "ownerKnown", po."ownerKind", po."ownerName", poo."ownerKind" AS "parentKind", poo."ownerName" AS "parentName"
         FROM containment_action a
         LEFT JOIN cluster_object po ON a.target->>'kind' = 'pod' AND po."clusterId" = $1 AND po.kind = 'Pod'
              AND po.namespace = a.target->>'namespace' AND po.name = a.target->>'name'
         LEFT JOIN cluster_object poo ON poo."clusterId" = $1 AND po."ownerKind" IN ('ReplicaSet', 'Job') AND poo.kind = po."ownerKind"
              AND poo.namespace = po.namespace AND poo.name = po."ownerName"
        WHERE a."clusterId" = $1 AND a.kind::text = ANY($3::text[]) AND a."finishedAt" > ${ts(2)}`,
      [...params, ISOLATION_KINDS],
    ),
    edgesThatLeftTheWindow(query, until),
  ]);

  const touched = new Set<string>();
  const touchedNamespaces = new Set<string>();
  let everything = false;
  const removed = new Set<string>();
  for (const o of objects.rows) {
    if (DRAWN.has(o.kind)) {
      let id: string;
      if (o.kind === 'Namespace') id = namespaceId(o.name);
      else if (o.kind === 'Pod') id = podWorkloadId(o.namespace, o.name, ownerOf(o));
      else id = drawnWorkloadId(o.kind, o.namespace, o.name, o.ownerKind, o.ownerName);
      touched.add(id);
      const folded = (o.kind === 'ReplicaSet' && o.ownerKind === 'Deployment') || (o.kind === 'Job' && o.ownerKind === 'CronJob');
      const ownPod = o.kind === 'Pod' && id === `${o.namespace}/Pod/${o.name}`;
      if (o.deleted && !folded && (o.kind !== 'Pod' || ownPod)) removed.add(id);
    } else if (o.kind === 'Service' || o.kind === 'Ingress') {
      touchedNamespaces.add(o.namespace); // exposure of its workloads
    } else if (o.kind === 'ServiceAccount') {
      touchedNamespaces.add(o.namespace);
    } else if (o.kind === 'ClusterRoleBinding' || o.kind === 'ClusterRole') {
      // Wide service accounts: the subjects' namespaces; a role or a group binding may touch any.
      const subjects = o.subjects ?? [];
      if (o.kind === 'ClusterRole' || subjects.some((s) => s.kind === 'Group')) everything = true;
      for (const s of subjects) if (s.kind === 'ServiceAccount' && s.namespace) touchedNamespaces.add(s.namespace);
    }
  }
  for (const row of incidentEntities.rows) {
    const id = entityNodeId(row);
    if (!id) continue;
    touched.add(id);
    // A workload whose kind the alert did not know is matched by name in its namespace.
    const w = parseWorkloadId(id);
    if (w?.kind === 'Workload') touchedNamespaces.add(w.namespace);
  }
  for (const { target: t, ...owner } of actions.rows) {
    if (t.kind === 'pod' && t.namespace) touched.add(podWorkloadId(t.namespace, t.name, ownerOf(owner)));
    else if (t.kind === 'workload' && t.namespace && t.workloadKind) touched.add(`${t.namespace}/${t.workloadKind}/${t.name}`);
  }

  const edges = edgeResult.edges;
  const endpoints = new Set(edges.flatMap((e) => [e.source, e.target]));
  const inventoryIds = await existingWorkloads(ctx.clusterId, [...endpoints, ...touched]);
  // Nodes only the flows know (endpoints of the changed edges, touched ones that still have an
  // edge in the window), with their first sighting.
  const flowOnly = [...new Set([...endpoints, ...touched])].filter((id) => !inventoryIds.has(id) && !id.startsWith('ns:'));
  const firstSeen = await firstSightings(ctx.clusterId, flowOnly, query.from ?? null);
  for (const id of endpoints) if (!inventoryIds.has(id) && !id.startsWith('ns:') && !firstSeen.has(id)) firstSeen.set(id, Date.now());

  const scope = new Set<string>(touchedNamespaces);
  for (const id of [...touched, ...firstSeen.keys()]) {
    const ns = id.startsWith('ns:') ? id.slice(3) : parseWorkloadId(id)?.namespace;
    if (ns) scope.add(ns);
  }
  const upsert = new Map<string, MapNode>();
  if (everything || scope.size > 0 || firstSeen.size > 0) {
    const inventory = await loadInventoryNodes(ctx, everything ? null : [...scope]);
    for (const node of inventory.nodes.values()) {
      if (everything || touched.has(node.id) || (node.namespace && touchedNamespaces.has(node.namespace))) upsert.set(node.id, node);
    }
    const all = new Map(inventory.nodes);
    addFlowOnlyNodes(ctx, firstSeen, all, inventory);
    for (const id of firstSeen.keys()) {
      const node = all.get(id);
      if (!node || inventory.nodes.has(id)) continue;
      upsert.set(id, node);
      if (node.parent && !inventory.nodes.has(node.parent)) upsert.set(node.parent, all.get(node.parent)!);
    }
  }
  for (const id of upsert.keys()) removed.delete(id);

  let upsertNodes = [...upsert.values()];
  if (query.namespace) {
    const peers = new Set(edges.flatMap((e) => [e.source, e.target]));
    upsertNodes = upsertNodes.filter((n) => n.namespace === query.namespace || peers.has(n.id) || isExternalId(n.id));
  }
  return {
    clusterId: ctx.clusterId,
    since: query.since.toISOString(),
    until: until.toISOString(),
    upsertNodes,
    removeNodes: [...removed],
    upsertEdges: edges,
    removeEdges: left,
  };
}

/** Which of these node ids are drawn from the inventory (not only from flows). */
async function existingWorkloads(clusterId: string, ids: string[]): Promise<Set<string>> {
  const parsed = [...new Set(ids)].map((id) => ({ id, w: parseWorkloadId(id) })).filter((x): x is { id: string; w: NonNullable<ReturnType<typeof parseWorkloadId>> } => x.w !== null);
  if (parsed.length === 0) return new Set();
  const { rows } = await pgPool().query<{ kind: string; namespace: string; name: string }>(
    `SELECT kind, namespace, name FROM cluster_object
      WHERE "clusterId" = $1 AND "deletedAt" IS NULL
        AND (kind, namespace, name) IN (SELECT * FROM unnest($2::text[], $3::text[], $4::text[]))`,
    [clusterId, parsed.map((x) => x.w.kind), parsed.map((x) => x.w.namespace), parsed.map((x) => x.w.name)],
  );
  return new Set(rows.map((r) => `${r.namespace}/${r.kind}/${r.name}`));
}

/**
 * For nodes only the flows know: the first sighting of each that still has an edge in the window
 * (since `from`); the others are left out.
 */
async function firstSightings(clusterId: string, ids: string[], from: Date | null): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const keys = ids.flatMap((id) => (id === METADATA_ID ? METADATA_KEYS : [id]));
  const { rows } = await pgPool().query<{ key: string; first: Date }>(
    `SELECT k AS key, min(f."firstSeenAt") AS first
       FROM unnest($2::text[]) AS k
       JOIN flow f ON f."clusterId" = $1 AND (f."srcKey" = k OR f."dstKey" = k) AND f."lastSeenAt" >= ${ts(3)}
      GROUP BY k`,
    [clusterId, keys, (from ?? new Date(0)).toISOString()],
  );
  const out = new Map<string, number>();
  for (const row of rows) {
    const id = nodeIdOfFlowKey(row.key);
    out.set(id, Math.min(out.get(id) ?? Infinity, row.first.getTime()));
  }
  return out;
}

/**
 * Live window: the window moved by (until − since) since the previous call, so edges whose last
 * sighting fell behind its start meanwhile are gone.
 */
async function edgesThatLeftTheWindow(query: MapDeltaQuery, until: Date): Promise<string[]> {
  if (!query.from) return [];
  const previousFrom = new Date(query.from.getTime() - (until.getTime() - query.since.getTime()) - DELTA_OVERLAP_MS);
  const { rows } = await pgPool().query<{ src: string; dst: string; port: number; protocol: string; verdict: string }>(
    `SELECT "srcKey" AS src, "dstKey" AS dst, port, protocol, verdict::text AS verdict FROM flow
      WHERE "clusterId" = $1 AND "lastSeenAt" >= ${ts(2)} AND "lastSeenAt" < ${ts(3)}
        AND ($4::text IS NULL OR "srcNamespace" = $4 OR "dstNamespace" = $4) AND ($5::text IS NULL OR verdict::text = $5)`,
    [query.clusterId, previousFrom.toISOString(), query.from.toISOString(), query.namespace ?? null, query.verdict ?? null],
  );
  return [...new Set(rows.map((r) => `${nodeIdOfFlowKey(r.src)}|${nodeIdOfFlowKey(r.dst)}|${r.port}|${r.protocol}|${r.verdict}`))];
}
