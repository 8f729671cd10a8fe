// Everything the incident workspace shows, as DTOs: header and lifecycle times, the timeline,
// affected entities, ATT&CK techniques, related incidents, notes and notifications.
import 'server-only';
import { pgPool } from '../db/pool';
import type { EntityKind, IncidentStatus, NistPhase, Resolution, Severity, TimelineKind } from '../db/generated/enums';
import { describeTechnique } from '../mitre';
import { listIncidentDeliveries, type IncidentDelivery } from '../notify/queries';

export interface TimelineItem {
  id: string;
  at: string;
  lastAt: string | null;
  kind: TimelineKind;
  actorType: string;
  actorLabel: string;
  summary: string;
  count: number;
  source: string | null;
  severity: Severity | null;
  /** For alert groups: the key that finds the raw events of the group. */
  groupKey: string | null;
  data: Record<string, unknown>;
}

export interface IncidentWorkspace {
  id: number;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  phase: NistPhase;
  cluster: { id: string; name: string; displayName: string } | null;
  namespace: string | null;
  workload: string | null;
  node: string | null;
  principal: string | null;
  correlationKey: string;
  assignee: { id: string; email: string; name: string } | null;
  alertCount: number;
  rules: string[];
  techniques: { id: string; name: string | null; tactics: string[] }[];
  firstSeenAt: string;
  lastSeenAt: string;
  detectedAt: string;
  acknowledgedAt: string | null;
  containedAt: string | null;
  eradicatedAt: string | null;
  recoveredAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  resolution: Resolution | null;
  resolutionSummary: string | null;
  reopenCount: number;
  mergedInto: number | null;
  mergedFrom: number[];
  timeline: TimelineItem[];
  entities: { id: string; kind: EntityKind; key: string; name: string; namespace: string | null; isPrimary: boolean }[];
  related: { id: number; title: string; severity: Severity; status: IncidentStatus; lastSeenAt: string; via: string }[];
  notes: { id: string; body: string; author: string; createdAt: string }[];
  deliveries: IncidentDelivery[];
}

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
const TIMELINE_LIMIT = 1_000;

interface IncidentRow {
  id: number;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  phase: NistPhase;
  clusterId: string | null;
  clusterName: string | null;
  clusterDisplayName: string | null;
  namespace: string | null;
  workload: string | null;
  node: string | null;
  principal: string | null;
  correlationKey: string;
  assigneeId: string | null;
  assigneeEmail: string | null;
  assigneeName: string | null;
  alertCount: number;
  rules: string[];
  techniques: string[];
  firstSeenAt: Date;
  lastSeenAt: Date;
  detectedAt: Date;
  acknowledgedAt: Date | null;
  containedAt: Date | null;
  eradicatedAt: Date | null;
  recoveredAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  resolution: Resolution | null;
  resolutionSummary: string | null;
  reopenCount: number;
  mergedIntoId: number | null;
  mergedFrom: number[];
}

// Raw SQL on the pg pool, all queries at once (the related incidents find the incident's entities
// and techniques by subquery): through Prisma's query compiler the same workspace cost ~30 ms of
// CPU per page, several times the database's own work (npm run bench:console).
export async function loadIncidentWorkspace(id: number): Promise<IncidentWorkspace | null> {
  const pool = pgPool();
  const [incidents, timeline, entities, notes, related, deliveries] = await Promise.all([
    pool.query<IncidentRow>(
      `SELECT i.id, i.title, i.severity::text, i.status::text, i.phase::text, c.id AS "clusterId", c.name AS "clusterName",
              c."displayName" AS "clusterDisplayName", i.namespace, i.workload, i.node, i.principal, i."correlationKey",
              u.id AS "assigneeId", u.email AS "assigneeEmail", u.name AS "assigneeName", i."alertCount", COALESCE(i.rules, '{}') AS rules, COALESCE(i.techniques, '{}') AS techniques,
              i."firstSeenAt", i."lastSeenAt", i."detectedAt", i."acknowledgedAt", i."containedAt", i."eradicatedAt", i."recoveredAt",
              i."resolvedAt", i."closedAt", i.resolution::text, i."resolutionSummary", i."reopenCount", i."mergedIntoId",
              ARRAY(SELECT m.id FROM incident m WHERE m."mergedIntoId" = i.id ORDER BY m.id) AS "mergedFrom"
         FROM incident i
         LEFT JOIN cluster c ON c.id = i."clusterId"
         LEFT JOIN "user" u ON u.id = i."assigneeId"
        WHERE i.id = $1`,
      [id],
    ),
    pool.query<{ id: string; at: Date; lastAt: Date | null; kind: TimelineKind; actorType: string; actorLabel: string; summary: string; count: number; data: unknown; groupKey: string | null }>(
      `SELECT id::text, at, "lastAt", kind::text, "actorType"::text, "actorLabel", summary, count, data, "groupKey"
         FROM timeline_entry WHERE "incidentId" = $1 ORDER BY at ASC, id ASC LIMIT ${TIMELINE_LIMIT}`,
      [id],
    ),
    pool.query<{ id: string; kind: EntityKind; key: string; name: string; namespace: string | null; isPrimary: boolean }>(
      `SELECT e.id, e.kind::text, e.key, e.name, e.namespace, ie."isPrimary"
         FROM incident_entity ie JOIN entity e ON e.id = ie."entityId" WHERE ie."incidentId" = $1`,
      [id],
    ),
    pool.query<{ id: string; body: string; author: string | null; createdAt: Date }>(
      `SELECT n.id, n.body, u.email AS author, n."createdAt" FROM note n LEFT JOIN "user" u ON u.id = n."authorId"
        WHERE n."incidentId" = $1 ORDER BY n."createdAt" ASC`,
      [id],
    ),
    relatedIncidents(id),
    listIncidentDeliveries(id),
  ]);
  const incident = incidents.rows[0];
  if (!incident) return null;
  return {
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    phase: incident.phase,
    cluster: incident.clusterId ? { id: incident.clusterId, name: incident.clusterName!, displayName: incident.clusterDisplayName! } : null,
    namespace: incident.namespace,
    workload: incident.workload,
    node: incident.node,
    principal: incident.principal,
    correlationKey: incident.correlationKey,
    assignee: incident.assigneeId ? { id: incident.assigneeId, email: incident.assigneeEmail!, name: incident.assigneeName! } : null,
    alertCount: incident.alertCount,
    rules: incident.rules,
    techniques: incident.techniques.map((t) => {
      const info = describeTechnique(t);
      return { id: t, name: info?.name ?? null, tactics: info?.tactics ?? [] };
    }),
    firstSeenAt: incident.firstSeenAt.toISOString(),
    lastSeenAt: incident.lastSeenAt.toISOString(),
    detectedAt: incident.detectedAt.toISOString(),
    acknowledgedAt: iso(incident.acknowledgedAt),
    containedAt: iso(incident.containedAt),
    eradicatedAt: iso(incident.eradicatedAt),
    recoveredAt: iso(incident.recoveredAt),
    resolvedAt: iso(incident.resolvedAt),
    closedAt: iso(incident.closedAt),
    resolution: incident.resolution,
    resolutionSummary: incident.resolutionSummary,
    reopenCount: incident.reopenCount,
    mergedInto: incident.mergedIntoId,
    mergedFrom: incident.mergedFrom,
    timeline: timeline.rows.map((t) => {
      const data = (t.data ?? {}) as Record<string, unknown>;
      return {
        id: t.id,
        at: t.at.toISOString(),
        lastAt: iso(t.lastAt),
        kind: t.kind,
        actorType: t.actorType,
        actorLabel: t.actorLabel,
        summary: t.summary,
        count: t.count,
        source: typeof data.source === 'string' ? data.source : null,
        severity: typeof data.severity === 'string' ? (data.severity as Severity) : null,
        groupKey: t.kind === 'alert' || t.kind === 'audit_event' ? t.groupKey : null,
        data,
      };
    }),
    entities: entities.rows
      .map((e) => ({ id: e.id, kind: e.kind, key: e.key, name: e.name, namespace: e.namespace, isPrimary: e.isPrimary }))
      .sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary) || a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key)),
    related,
    notes: notes.rows.map((n) => ({ id: n.id, body: n.body, author: n.author ?? 'deleted user', createdAt: n.createdAt.toISOString() })),
    deliveries,
  };
}

// Clusters, namespaces and nodes are too broad to call incidents related; workloads, pods,
// identities, images and addresses are not. An incident related through several entities is
// explained by the first of them in this order.
const SPECIFIC_KINDS: EntityKind[] = ['workload', 'pod', 'service_account', 'user', 'image', 'ip', 'domain'];

type Related = IncidentWorkspace['related'][number];

async function relatedIncidents(id: number): Promise<Related[]> {
  const [byEntity, byTechnique] = await Promise.all([
    pgPool().query<{ kind: string; name: string; id: number; title: string; severity: Severity; status: IncidentStatus; lastSeenAt: Date; mergedIntoId: number | null }>(
      `SELECT l.kind::text, l.name, i.id, i.title, i.severity::text, i.status::text, i."lastSeenAt", i."mergedIntoId"
         FROM (SELECT ie."incidentId", e.kind, e.name
                 FROM incident_entity ie
                 JOIN entity e ON e.id = ie."entityId"
                WHERE ie."entityId" IN (SELECT "entityId" FROM incident_entity WHERE "incidentId" = $1)
                  AND ie."incidentId" <> $1 AND e.kind = ANY($2::"EntityKind"[])
                ORDER BY ie."incidentId" DESC, array_position($2::"EntityKind"[], e.kind), e.name
                LIMIT 50) AS l
         JOIN incident i ON i.id = l."incidentId"
        ORDER BY l."incidentId" DESC, array_position($2::"EntityKind"[], l.kind), l.name`,
      [id, SPECIFIC_KINDS],
    ),
    // An incident without techniques shares none (&& with an empty array is false).
    pgPool().query<{ id: number; title: string; severity: Severity; status: IncidentStatus; lastSeenAt: Date; shared: string[] }>(
      `WITH own AS (SELECT techniques FROM incident WHERE id = $1)
       SELECT i.id, i.title, i.severity::text, i.status::text, i."lastSeenAt",
              ARRAY(SELECT t FROM unnest(i.techniques) WITH ORDINALITY AS u(t, n) WHERE t = ANY(own.techniques) ORDER BY n) AS shared
         FROM incident i, own
        WHERE i.id <> $1 AND i.techniques && own.techniques AND i."mergedIntoId" IS NULL
          AND i."lastSeenAt" >= $2::timestamptz AT TIME ZONE 'UTC'
        ORDER BY i."lastSeenAt" DESC
        LIMIT 10`,
      [id, new Date(Date.now() - 7 * 86_400_000).toISOString()],
    ),
  ]);
  const out = new Map<number, Related>();
  for (const link of byEntity.rows) {
    if (link.mergedIntoId || out.has(link.id)) continue;
    out.set(link.id, { id: link.id, title: link.title, severity: link.severity, status: link.status, lastSeenAt: link.lastSeenAt.toISOString(), via: `same ${link.kind.replace('_', ' ')} ${link.name}` });
  }
  for (const incident of byTechnique.rows) {
    if (out.has(incident.id)) continue;
    out.set(incident.id, { id: incident.id, title: incident.title, severity: incident.severity, status: incident.status, lastSeenAt: incident.lastSeenAt.toISOString(), via: `same technique ${incident.shared.join(', ')}` });
  }
  return [...out.values()].slice(0, 20);
}

/** The raw events behind a timeline entry (an alert group), newest first, for the detail view. */
export async function loadAlertGroup(incidentId: number, groupKey: string, limit = 50) {
  // raw::text: the payload exactly as it was received (big numbers included); shown as text.
  const { rows } = await pgPool().query<{
    id: string;
    source: string;
    sourceEventId: string;
    rule: string;
    severity: string;
    occurredAt: Date;
    receivedAt: Date;
    raw: string;
  }>(
    `SELECT id::text, source::text, "sourceEventId", rule, severity::text, "occurredAt", "receivedAt", raw::text AS raw
       FROM alert WHERE "incidentId" = $1 AND "dedupKey" = $2 ORDER BY id DESC LIMIT $3`,
    [incidentId, groupKey, limit],
  );
  return rows.map((r) => ({ ...r, occurredAt: r.occurredAt.toISOString(), receivedAt: r.receivedAt.toISOString() }));
}

export type AlertGroupEvent = Awaited<ReturnType<typeof loadAlertGroup>>[number];
