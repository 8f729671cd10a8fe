// The side panel of a workload: its pods (node, phase, IP, restarts), images, service account,
// exposure, open incidents and most recent alerts, with the same state as its map node.
import 'server-only';
import type { Severity } from '../db/generated/enums';
import { pgPool } from '../db/pool';
import { notFound } from '../errors';
import type { PodSummary, WorkloadSummary } from '../inventory/summarize';
import { loadMapContext } from './context';
import { parseWorkloadId } from './ids';
import { emptyState, loadInventoryNodes } from './load-nodes';
import type { WorkloadDetail } from './types';

const RECENT_ALERTS = 20;

export async function loadWorkloadDetail(query: { clusterId: string; key: string }): Promise<WorkloadDetail> {
  const workload = parseWorkloadId(query.key);
  if (!workload) throw notFound('Workload');
  const { namespace, kind, name } = workload;
  const ctx = await loadMapContext(query.clusterId);
  const pool = pgPool();
  const [self, pods, inventory] = await Promise.all([
    pool.query<{ summary: WorkloadSummary | PodSummary }>(
      `SELECT summary FROM cluster_object WHERE "clusterId" = $1 AND kind = $2 AND namespace = $3 AND name = $4 AND "deletedAt" IS NULL`,
      [ctx.clusterId, kind, namespace, name],
    ),
    // Its pods: through the ReplicaSet (Deployment) or the Job (CronJob), or directly; a bare pod is its own.
    pool.query<{ name: string; summary: PodSummary }>(
      `SELECT p.name, p.summary FROM cluster_object p
         LEFT JOIN cluster_object o ON p."ownerKind" IN ('ReplicaSet', 'Job') AND o."clusterId" = p."clusterId" AND o.kind = p."ownerKind"
              AND o.namespace = p.namespace AND o.name = p."ownerName"
        WHERE p."clusterId" = $1 AND p.kind = 'Pod' AND p.namespace = $3 AND p."deletedAt" IS NULL
          AND (($2 = 'Pod' AND p.name = $4)
               OR (p."ownerKind" = $2 AND p."ownerName" = $4)
               OR (o."ownerKind" = $2 AND o."ownerName" = $4))
        ORDER BY p.name`,
      [ctx.clusterId, kind, namespace, name],
    ),
    loadInventoryNodes(ctx, [namespace]),
  ]);
  const node = inventory.nodes.get(query.key);
  const known = self.rows[0]?.summary ?? null;
  if (!node && !known && pods.rows.length === 0) {
    // Known only from flows or incidents: still worth a panel if anything names it.
    const { rows } = await pool.query<{ n: number }>(
      `SELECT 1 AS n FROM flow WHERE "clusterId" = $1 AND ("srcKey" = $2 OR "dstKey" = $2)
        UNION ALL SELECT 1 FROM entity WHERE "clusterId" = $1 AND kind = 'workload' AND key = $2 LIMIT 1`,
      [ctx.clusterId, query.key],
    );
    if (rows.length === 0) throw notFound('Workload');
  }
  const state = node?.state ?? emptyState();
  if (!node) {
    state.incidents.ids = [...(inventory.incidents.get(query.key)?.ids ?? [])].sort((a, b) => b - a);
    state.incidents.open = state.incidents.ids.length;
    state.incidents.maxSeverity = inventory.incidents.get(query.key)?.maxSeverity ?? null;
    state.isolated = inventory.isolated.has(query.key);
  }

  const podNames = pods.rows.map((p) => `${namespace}/${p.name}`);
  const [incidents, alerts] = await Promise.all([
    state.incidents.ids.length === 0
      ? Promise.resolve({ rows: [] })
      : pool.query<{ id: number; title: string; severity: Severity; status: string; lastSeenAt: Date }>(
          `SELECT id, title, severity::text AS severity, status::text AS status, "lastSeenAt" FROM incident WHERE id = ANY($1::int[]) ORDER BY "lastSeenAt" DESC`,
          [state.incidents.ids],
        ),
    // Alerts are read through the incidents naming the workload or its pods (alert's index is
    // (incidentId, occurredAt)): at most 20 per incident, then the 20 most recent overall.
    pool.query<{ at: Date; rule: string; severity: Severity; incidentId: number | null; source: string }>(
      `WITH inc AS (
         SELECT DISTINCT ie."incidentId" AS id FROM entity e JOIN incident_entity ie ON ie."entityId" = e.id
          WHERE e."clusterId" = $1 AND ((e.kind = 'workload' AND e.key = $2) OR (e.kind = 'pod' AND e.key = ANY($3::text[]))))
       SELECT a."occurredAt" AS at, a.rule, a.severity::text AS severity, a."incidentId", a.source::text AS source
         FROM inc CROSS JOIN LATERAL (
           SELECT "occurredAt", rule, severity, "incidentId", source FROM alert
            WHERE "incidentId" = inc.id AND namespace = $4 AND (workload = $5 OR pod = ANY($6::text[]))
            ORDER BY "occurredAt" DESC LIMIT ${RECENT_ALERTS}) a
        ORDER BY a."occurredAt" DESC LIMIT ${RECENT_ALERTS}`,
      [ctx.clusterId, query.key, podNames, namespace, name, pods.rows.map((p) => p.name)],
    ),
  ]);

  const images = new Set<string>(known?.images ?? []);
  for (const p of pods.rows) for (const image of p.summary.images ?? []) images.add(image);
  const podList = pods.rows.map((p) => ({ name: p.name, node: p.summary.nodeName ?? null, phase: p.summary.phase ?? null, ip: p.summary.podIP ?? null, restarts: p.summary.restarts ?? 0 }));
  return {
    clusterId: ctx.clusterId,
    id: query.key,
    namespace,
    kind,
    name,
    serviceAccount: known?.serviceAccountName ?? pods.rows[0]?.summary.serviceAccountName ?? null,
    images: [...images],
    pods: podList,
    nodes: [...new Set(podList.map((p) => p.node).filter((n): n is string => n !== null))].sort(),
    exposure: state.exposure,
    incidents: incidents.rows.map((i) => ({ id: i.id, title: i.title, severity: i.severity, status: i.status, lastSeenAt: i.lastSeenAt.toISOString() })),
    recentAlerts: alerts.rows.map((a) => ({ at: a.at.toISOString(), rule: a.rule, severity: a.severity, incidentId: a.incidentId, source: a.source })),
    state,
  };
}
