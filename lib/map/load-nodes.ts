// The map's nodes from the inventory — namespaces, workloads (ReplicaSets folded into their
// Deployment, Jobs into their CronJob), bare pods — with their state: open incidents, isolation,
// exposure, privilege, wide service account, untrusted registries, new. Five set-based queries in
// parallel, whatever the size of the cluster; optionally limited to some namespaces (deltas).
import 'server-only';
import { pgPool } from '../db/pool';
import type { Severity } from '../db/generated/enums';
import type { ClusterRoleSummary, PodSummary, WorkloadSummary, BindingSummary } from '../inventory/summarize';
import type { MapNode, MapNodeState } from './types';
import type { MapContext } from './context';
import { drawnWorkloadId, namespaceId, nodeIdOfFlowKey, ownerOf, podWorkloadId, type PodOwnerColumns } from './ids';
import { exposureOf, maxSeverity, unknownRegistries, wideServiceAccounts, type ExposingIngress, type ExposingService } from './state';

const DRAWN_KINDS = ['Namespace', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'CronJob', 'Job', 'Pod'];
export const ISOLATION_KINDS = ['isolate_pod', 'isolate_workload', 'block_egress'];

export interface IncidentAggregate {
  ids: Set<number>;
  maxSeverity: Severity | null;
}

export interface InventoryNodes {
  nodes: Map<string, MapNode>;
  /** Open incidents by node id, externals and flow-only workloads included. */
  incidents: Map<string, IncidentAggregate>;
  isolated: Set<string>;
  /** "ns/name" of an inventory workload → its node id (entities whose workload kind is unknown). */
  byName: Map<string, string>;
}

/** Objects as they were at ctx.at (created before, not deleted before) or as they are now. */
function existsClause(ctx: MapContext, at: string): string {
  return ctx.at ? `("deletedAt" IS NULL OR "deletedAt" > ${at}::timestamptz) AND coalesce((summary->>'created')::timestamptz <= ${at}::timestamptz, true)` : `"deletedAt" IS NULL AND ${at}::text IS NULL`;
}

export function emptyState(): MapNodeState {
  return { incidents: { open: 0, maxSeverity: null, ids: [] }, isolated: false, exposure: [], privileged: false, wideServiceAccount: null, unknownRegistries: [], new: false };
}

export function incidentState(aggregate: IncidentAggregate | undefined): MapNodeState['incidents'] {
  if (!aggregate) return { open: 0, maxSeverity: null, ids: [] };
  const ids = [...aggregate.ids].sort((a, b) => b - a);
  return { open: ids.length, maxSeverity: aggregate.maxSeverity, ids };
}

interface ObjectRow {
  kind: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  summary: Record<string, unknown>;
  ownerKind: string | null;
  ownerName: string | null;
}

export async function loadInventoryNodes(ctx: MapContext, namespaces: readonly string[] | null): Promise<InventoryNodes> {
  const pool = pgPool();
  const at = ctx.at?.toISOString() ?? null;
  const nsParam = namespaces ? [...namespaces] : null;
  const [objects, exposing, bindings, incidents, isolated] = await Promise.all([
    pool.query<ObjectRow>(
      `SELECT kind, namespace, name, labels, summary, "ownerKind", "ownerName" FROM cluster_object
        WHERE "clusterId" = $1 AND kind = ANY($2::text[])
          AND (kind <> 'Pod' OR "ownerKind" IS NULL OR "ownerKind" NOT IN ('ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job'))
          AND NOT (kind = 'ReplicaSet' AND "ownerKind" = 'Deployment') AND NOT (kind = 'Job' AND "ownerKind" = 'CronJob')
          AND ${existsClause(ctx, '$4')}
          AND ($3::text[] IS NULL OR namespace = ANY($3) OR (kind = 'Namespace' AND name = ANY($3)))`,
      [ctx.clusterId, DRAWN_KINDS, nsParam, at],
    ),
    loadExposing(ctx, nsParam, at),
    pool.query<{ name: string; summary: BindingSummary; role: ClusterRoleSummary | null }>(
      `SELECT b.name, b.summary, r.summary AS role FROM cluster_object b
         LEFT JOIN cluster_object r ON r."clusterId" = b."clusterId" AND r.kind = 'ClusterRole' AND r.namespace = ''
              AND r.name = b.summary->'roleRef'->>'name' AND r."deletedAt" IS NULL
        WHERE b."clusterId" = $1 AND b.kind = 'ClusterRoleBinding' AND b."deletedAt" IS NULL`,
      [ctx.clusterId],
    ),
    loadIncidentEntities(ctx, nsParam, at),
    loadIsolations(ctx, at),
  ]);

  const nodes = new Map<string, MapNode>();
  const byName = new Map<string, string>();
  const wide = wideServiceAccounts(bindings.rows.map((b) => ({ name: b.name, summary: b.summary, role: b.role })));
  const isNew = (created: unknown) => typeof created === 'string' && new Date(created).getTime() > ctx.learningEndsAt.getTime();

  const addNamespace = (name: string, created: unknown) => {
    const id = namespaceId(name);
    const existing = nodes.get(id);
    if (existing) {
      if (created !== undefined) existing.state.new = isNew(created);
      return;
    }
    const state = emptyState();
    state.incidents = incidentState(incidents.get(id));
    state.new = isNew(created);
    nodes.set(id, { id, kind: 'namespace', parent: null, label: name, namespace: name, workloadKind: null, pods: null, state });
  };

  for (const row of objects.rows) {
    if (row.kind === 'Namespace') {
      addNamespace(row.name, row.summary.created);
      continue;
    }
    const id = drawnWorkloadId(row.kind, row.namespace, row.name, row.ownerKind, row.ownerName);
    const pod = row.kind === 'Pod' ? (row.summary as unknown as PodSummary) : null;
    const workload = pod ? null : (row.summary as unknown as WorkloadSummary);
    const spec = (pod ?? workload)!;
    const podLabels = pod ? row.labels : Object.keys(workload!.templateLabels ?? {}).length > 0 ? workload!.templateLabels : (workload!.selector ?? {});
    const state: MapNodeState = {
      incidents: incidentState(incidents.get(id)),
      isolated: isolated.has(id),
      exposure: exposureOf(row.namespace, podLabels, exposing.services.get(row.namespace) ?? [], exposing.ingresses.get(row.namespace) ?? []),
      privileged: Boolean(spec.privileged || spec.hostNetwork || spec.hostPID),
      wideServiceAccount: wide(row.namespace, spec.serviceAccountName ?? 'default'),
      unknownRegistries: unknownRegistries(spec.images ?? [], ctx.trustedRegistries),
      new: isNew(spec.created),
    };
    nodes.set(id, {
      id,
      kind: 'workload',
      parent: namespaceId(row.namespace),
      label: row.name,
      namespace: row.namespace,
      workloadKind: row.kind,
      pods: pod ? { desired: 1, ready: pod.ready ? 1 : 0 } : { desired: workload!.replicas ?? null, ready: workload!.ready ?? null },
      state,
    });
    byName.set(`${row.namespace}/${row.name}`, id);
  }
  for (const node of [...nodes.values()]) if (node.kind === 'workload' && node.namespace) addNamespace(node.namespace, undefined);

  // Incidents about workloads whose kind the alert did not know ("ns/Workload/name").
  for (const [id, aggregate] of incidents) {
    const match = /^([^/]+)\/Workload\/([^/]+)$/.exec(id);
    const target = match ? byName.get(`${match[1]}/${match[2]}`) : undefined;
    const node = target ? nodes.get(target) : undefined;
    if (!node) continue;
    const merged = incidents.get(target!) ?? { ids: new Set<number>(), maxSeverity: null };
    for (const i of aggregate.ids) merged.ids.add(i);
    merged.maxSeverity = maxSeverity(merged.maxSeverity, aggregate.maxSeverity);
    incidents.set(target!, merged);
    node.state.incidents = incidentState(merged);
  }
  return { nodes, incidents, isolated, byName };
}

async function loadExposing(ctx: MapContext, namespaces: string[] | null, at: string | null) {
  const { rows } = await pgPool().query<{ kind: string; namespace: string; name: string; summary: Record<string, unknown> }>(
    `WITH live AS (
       SELECT kind, namespace, name, summary FROM cluster_object
        WHERE "clusterId" = $1 AND kind IN ('Service', 'Ingress') AND ${existsClause(ctx, '$3')}
          AND ($2::text[] IS NULL OR namespace = ANY($2)))
     SELECT * FROM live
      WHERE kind = 'Ingress'
         OR summary->>'type' IN ('LoadBalancer', 'NodePort')
         OR jsonb_array_length(coalesce(summary->'externalIPs', '[]')) > 0
         OR (namespace, name) IN (SELECT namespace, jsonb_array_elements_text(summary->'backends') FROM live WHERE kind = 'Ingress')`,
    [ctx.clusterId, namespaces, at],
  );
  const services = new Map<string, ExposingService[]>();
  const ingresses = new Map<string, ExposingIngress[]>();
  for (const row of rows) {
    if (row.kind === 'Service') {
      const list = services.get(row.namespace) ?? [];
      list.push({ namespace: row.namespace, name: row.name, summary: { type: 'ClusterIP', selector: {}, externalIPs: [], loadBalancer: [], ...(row.summary as Partial<ExposingService['summary']>) } });
      services.set(row.namespace, list);
    } else {
      const list = ingresses.get(row.namespace) ?? [];
      list.push({ namespace: row.namespace, name: row.name, hosts: (row.summary.hosts as string[]) ?? [], backends: (row.summary.backends as string[]) ?? [] });
      ingresses.set(row.namespace, list);
    }
  }
  return { services, ingresses };
}

/** SQL: the owner (and its owner) of the pod named by `<ns>`/`<name>`, when `<when>` holds. */
const podOwner = (ns: string, name: string, when: string) => `
  LEFT JOIN cluster_object po ON ${when} AND po."clusterId" = $1 AND po.kind = 'Pod' AND po.namespace = ${ns} AND po.name = ${name}
  LEFT JOIN cluster_object poo ON poo."clusterId" = $1 AND po."ownerKind" IN ('ReplicaSet', 'Job') AND poo.kind = po."ownerKind"
       AND poo.namespace = po.namespace AND poo.name = po."ownerName"`;
const podOwnerColumns = `po.id IS NOT NULL AS "ownerKnown", po."ownerKind", po."ownerName", poo."ownerKind" AS "parentKind", poo."ownerName" AS "parentName"`;

/** The node an incident entity stands for. */
export function entityNodeId(row: { kind: string; key: string; namespace: string | null; name: string } & PodOwnerColumns): string | null {
  switch (row.kind) {
    case 'workload':
      return row.key;
    case 'pod':
      return row.namespace ? podWorkloadId(row.namespace, row.name, ownerOf(row)) : null;
    case 'namespace':
      return namespaceId(row.key);
    case 'ip':
      return nodeIdOfFlowKey(`ip:${row.key}`);
    case 'domain':
      return `dns:${row.key}`;
    default:
      return null;
  }
}

/**
 * Open incidents (not resolved or closed, not merged) by node; at `ctx.at`, those first seen by
 * then and not yet resolved or closed then. Externals (ip, domain) are always included.
 */
async function loadIncidentEntities(ctx: MapContext, namespaces: string[] | null, at: string | null): Promise<Map<string, IncidentAggregate>> {
  const open = ctx.at
    ? `i."firstSeenAt" <= $3::timestamptz AND ie."firstSeenAt" <= $3::timestamptz AND (i."resolvedAt" IS NULL OR i."resolvedAt" > $3::timestamptz)
       AND (i."closedAt" IS NULL OR i."closedAt" > $3::timestamptz)`
    : `i.status NOT IN ('resolved', 'closed') AND $3::text IS NULL`;
  const { rows } = await pgPool().query<{ kind: string; key: string; namespace: string | null; name: string; id: number; severity: Severity } & PodOwnerColumns>(
    `SELECT e.kind::text AS kind, e.key, e.namespace, e.name, i.id, i.severity::text AS severity, ${podOwnerColumns}
       FROM incident i
       JOIN incident_entity ie ON ie."incidentId" = i.id
       JOIN entity e ON e.id = ie."entityId"
       ${podOwner('e.namespace', 'e.name', `e.kind = 'pod'`)}
      WHERE i."clusterId" = $1 AND i."mergedIntoId" IS NULL AND ${open}
        AND e.kind IN ('workload', 'pod', 'namespace', 'ip', 'domain')
        AND ($2::text[] IS NULL OR e.namespace = ANY($2) OR e.kind IN ('ip', 'domain'))`,
    [ctx.clusterId, namespaces, at],
  );
  const out = new Map<string, IncidentAggregate>();
  for (const row of rows) {
    const id = entityNodeId(row);
    if (!id) continue;
    const aggregate = out.get(id) ?? { ids: new Set<number>(), maxSeverity: null };
    aggregate.ids.add(row.id);
    aggregate.maxSeverity = maxSeverity(aggregate.maxSeverity, row.severity);
    out.set(id, aggregate);
  }
  return out;
}

/**
 * Nodes under a Cordon isolation: succeeded isolate/block-egress actions not undone; at
 * `ctx.at`, those finished by then whose undo (if any) had not finished by then.
 */
export async function loadIsolations(ctx: MapContext, at: string | null): Promise<Set<string>> {
  const inForce = ctx.at
    ? `a.status IN ('succeeded', 'undone', 'expired') AND a."finishedAt" <= $3::timestamptz
       AND NOT EXISTS (SELECT 1 FROM containment_action u WHERE u."undoOfId" = a.id AND u.status = 'succeeded' AND u."finishedAt" <= $3::timestamptz)`
    : `a.status = 'succeeded' AND $3::text IS NULL`;
  const { rows } = await pgPool().query<{ target: { kind: string; workloadKind?: string; namespace?: string; name: string }; rsOwnerKind: string | null; rsOwnerName: string | null } & PodOwnerColumns>(
    `SELECT a.target, rs."ownerKind" AS "rsOwnerKind", rs."ownerName" AS "rsOwnerName", ${podOwnerColumns}
       FROM containment_action a
       ${podOwner(`a.target->>'namespace'`, `a.target->>'name'`, `a.target->>'kind' = 'pod'`)}
       LEFT JOIN cluster_object rs ON a.target->>'workloadKind' = 'ReplicaSet' AND rs."clusterId" = $1 AND rs.kind = 'ReplicaSet'
            AND rs.namespace = a.target->>'namespace' AND rs.name = a.target->>'name'
      WHERE a."clusterId" = $1 AND a.kind::text = ANY($2::text[]) AND a."undoOfId" IS NULL AND ${inForce}`,
    [ctx.clusterId, ISOLATION_KINDS, at],
  );
  const out = new Set<string>();
  for (const row of rows) {
    const t = row.target;
    if (t.kind === 'pod' && t.namespace) out.add(podWorkloadId(t.namespace, t.name, ownerOf(row)));
    else if (t.kind === 'workload' && t.namespace && t.workloadKind) out.add(drawnWorkloadId(t.workloadKind, t.namespace, t.name, row.rsOwnerKind, row.rsOwnerName));
  }
  return out;
}
