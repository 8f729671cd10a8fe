// The SQL of a group commit. Each function is one round trip (COPY aside): on the ingest path the
// number of round trips, not the rows, sets the cost of a small batch.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Severity } from '../../db/generated/enums';
import type { BaselineCheck } from '../../detections/audit';
import { maxSeverity } from '../normalized';
import { jsonParam } from '../sanitize';
import { copyAlerts, type AlertCopyRow } from './copy-alerts';
import { entitiesOf, incidentTitle } from './correlate';
import type { RecentSet } from './recent-set';
import type { TimelineRow } from './timeline-entries';
import { compareKeys, iso, type Candidate, type MatchedIncident } from './types';

/** A stable 64-bit advisory lock id for a correlation key (same on every replica). */
export function lockId(key: string): string {
  return createHash('sha256').update(key).digest().readBigInt64BE(0).toString();
}

/**
 * BEGIN and the correlation locks in one round trip (a simple-protocol script: lock ids are
 * integers computed here, so nothing untrusted is interpolated). Sorted, so writers never deadlock.
 */
export async function beginLocked(client: pg.PoolClient, keys: readonly string[]): Promise<void> {
  const ids = [...new Set(keys.map(lockId))].sort();
  if (ids.some((id) => !/^-?\d+$/.test(id))) throw new Error('invalid lock id');
  await client.query(
    ids.length === 0 ? 'BEGIN' : `BEGIN; SELECT pg_advisory_xact_lock(id) FROM unnest('{${ids.join(',')}}'::bigint[]) AS id ORDER BY id`,
  );
}

/** Records the facts; returns those seen for the first time ("clusterId|kind|subject|object"). */
export async function recordBaseline(client: pg.PoolClient, checks: readonly { check: BaselineCheck; clusterId: string }[], now: Date): Promise<Set<string>> {
  const facts = new Map<string, { clusterId: string; kind: string; subject: string; object: string }>();
  for (const { check, clusterId } of checks) {
    facts.set(`${clusterId}|${check.kind}|${check.subject}|${check.object}`, { clusterId, kind: check.kind, subject: check.subject, object: check.object });
  }
  const rows = [...facts.values()].sort((a, b) => compareKeys([a.clusterId, a.kind, a.subject, a.object], [b.clusterId, b.kind, b.subject, b.object]));
  const result = await client.query<{ clusterId: string; kind: string; subject: string; object: string; inserted: boolean }>(
    `INSERT INTO baseline ("clusterId", kind, subject, object, count, "firstSeenAt", "lastSeenAt")
     SELECT r."clusterId", r.kind, r.subject, r.object, 1, $2::timestamp, $2::timestamp
       FROM jsonb_to_recordset($1::jsonb) AS r("clusterId" text, kind text, subject text, object text)
     ON CONFLICT ("clusterId", kind, subject, object)
       DO UPDATE SET count = baseline.count + 1, "lastSeenAt" = EXCLUDED."lastSeenAt"
     RETURNING "clusterId", kind, subject, object, (xmax = 0) AS inserted`,
    [jsonParam(rows), iso(now)],
  );
  return new Set(result.rows.filter((r) => r.inserted).map((r) => `${r.clusterId}|${r.kind}|${r.subject}|${r.object}`));
}

/**
 * In one round trip: which of the alerts are already stored (idempotency), and the incident each
 * correlation key joins — open and seen within the window, or resolved within it (reopened).
 */
export async function findStoredAndIncidents(
  client: pg.PoolClient,
  candidates: readonly Candidate[],
  windowStart: Date,
): Promise<{ stored: Set<string>; incidents: Map<string, MatchedIncident> }> {
  const keys = [...new Set(candidates.map((c) => c.correlation.key))];
  const { rows } = await client.query<{ kind: string; a: string; b: string; id: number | null; status: string | null; severity: Severity | null; rules: string[] | null }>(
    `SELECT 'stored' AS kind, source::text AS a, "sourceEventId" AS b, NULL::int AS id, NULL AS status, NULL::"Severity" AS severity, NULL::text[] AS rules
       FROM alert
      WHERE (source, "sourceEventId") IN (SELECT s::"AlertSource", e FROM unnest($1::text[], $2::text[]) AS u(s, e))
     UNION ALL
     SELECT * FROM (
       -- An incident merged into another hands its alerts on to the one it was merged into.
       SELECT DISTINCT ON (i."correlationKey") 'incident', i."correlationKey", NULL, t.id, t.status::text, t.severity, t.rules
         FROM incident i
         JOIN incident t ON t.id = COALESCE(i."mergedIntoId", i.id)
        WHERE i."correlationKey" = ANY($3::text[]) AND t."mergedIntoId" IS NULL
          AND ((t.status NOT IN ('resolved', 'closed') AND t."lastSeenAt" >= $4::timestamp)
            OR (t.status = 'resolved' AND t."resolvedAt" >= $4::timestamp))
        ORDER BY i."correlationKey", t.id DESC) AS open_incidents`,
    [candidates.map((c) => c.alert.source), candidates.map((c) => c.alert.sourceEventId), keys, iso(windowStart)],
  );
  const stored = new Set<string>();
  const incidents = new Map<string, MatchedIncident>();
  for (const row of rows) {
    if (row.kind === 'stored') stored.add(`${row.a}|${row.b}`);
    else incidents.set(row.a, { id: row.id!, status: row.status!, severity: row.severity!, rules: row.rules!, isNew: false });
  }
  return { stored, incidents };
}

export async function createIncidents(client: pg.PoolClient, groups: [string, Candidate[]][], now: Date): Promise<Map<string, MatchedIncident>> {
  const rows = groups.map(([key, group]) => {
    const first = group.reduce((a, b) => (a.alert.occurredAt <= b.alert.occurredAt ? a : b));
    const a = first.alert;
    return {
      title: incidentTitle(a, first.correlation),
      severity: group.reduce<Severity>((s, c) => maxSeverity(s, c.alert.severity), 'info'),
      clusterId: first.clusterId,
      correlationKey: key,
      namespace: a.namespace,
      workload: first.correlation.scope === 'workload' ? a.workload : null,
      node: a.node,
      principal: a.principal,
      firstSeenAt: iso(a.occurredAt),
    };
  });
  const { rows: created } = await client.query<{ id: number; correlationKey: string; severity: Severity }>(
    `INSERT INTO incident (title, severity, "clusterId", "correlationKey", namespace, workload, node, principal,
                           "firstSeenAt", "lastSeenAt", "detectedAt", "createdAt", "updatedAt")
     SELECT r.title, r.severity, r."clusterId", r."correlationKey", r.namespace, r.workload, r.node, r.principal,
            r."firstSeenAt", r."firstSeenAt", $2::timestamp, $2::timestamp, $2::timestamp
       FROM jsonb_to_recordset($1::jsonb) AS r(title text, severity "Severity", "clusterId" text, "correlationKey" text,
            namespace text, workload text, node text, principal text, "firstSeenAt" timestamp)
     RETURNING id, "correlationKey", severity`,
    [jsonParam(rows), iso(now)],
  );
  return new Map(created.map((r) => [r.correlationKey, { id: r.id, status: 'new', severity: r.severity, rules: [], isNew: true }]));
}

const COPY_THRESHOLD = 200; // below this, one INSERT round trip beats COPY's three

/** Stores the alerts; returns the "source|sourceEventId" of those written. */
export async function storeAlerts(client: pg.PoolClient, rows: AlertCopyRow[], allowCopy: boolean): Promise<Set<string>> {
  if (allowCopy && rows.length >= COPY_THRESHOLD) {
    // Duplicates were filtered out under the correlation locks; if one slips through anyway the
    // unique violation fails the transaction and the writer retries with COPY off.
    await copyAlerts(client, rows);
    return new Set(rows.map((r) => `${r.source}|${r.sourceEventId}`));
  }
  const json = `[${rows
    .map(({ rawText, raw, ...rest }) =>
      rawText && !rawText.includes('\\u0000') ? `${jsonParam(rest).slice(0, -1)},"raw":${rawText}}` : jsonParam({ ...rest, raw }),
    )
    .join(',')}]`;
  const inserted = await client.query<{ source: string; sourceEventId: string }>(
    `INSERT INTO alert (source, "sourceEventId", "dedupKey", rule, title, severity, "occurredAt", "receivedAt", "clusterId",
                        namespace, "workloadKind", workload, pod, container, node, image, principal, process, "srcIp", "dstIp",
                        "dstPort", "dstName", techniques, tags, fields, raw, "incidentId")
     SELECT r.source, r."sourceEventId", r."dedupKey", r.rule, r.title, r.severity, r."occurredAt", r."receivedAt", r."clusterId",
            r.namespace, r."workloadKind", r.workload, r.pod, r.container, r.node, r.image, r.principal, r.process, r."srcIp",
            r."dstIp", r."dstPort", r."dstName", r.techniques, r.tags, r.fields, r.raw, r."incidentId"
       FROM json_to_recordset($1::json) AS r(source "AlertSource", "sourceEventId" text, "dedupKey" text, rule text,
            title text, severity "Severity", "occurredAt" timestamp, "receivedAt" timestamp, "clusterId" text, namespace text,
            "workloadKind" text, workload text, pod text, container text, node text, image text, principal text, process text,
            "srcIp" text, "dstIp" text, "dstPort" int, "dstName" text, techniques text[], tags text[], fields jsonb, raw json,
            "incidentId" int)
     ON CONFLICT (source, "sourceEventId") DO NOTHING
     RETURNING source::text, "sourceEventId"`,
    [json],
  );
  return new Set(inserted.rows.map((r) => `${r.source}|${r.sourceEventId}`));
}

export interface IncidentAggregate {
  id: number;
  count: number;
  first: string;
  last: string;
  severity: Severity;
  rules: string[];
  techniques: string[];
  reopen: boolean;
}

/**
 * Incident counters, severity, rules and techniques; reopenings; the timeline entries; and the
 * LISTEN/NOTIFY announcement (delivered at commit) — one statement.
 */
export async function applyIncidentUpdates(
  client: pg.PoolClient,
  aggregates: readonly IncidentAggregate[],
  timeline: readonly TimelineRow[],
  announcement: string,
  now: Date,
): Promise<void> {
  const sortedTimeline = [...timeline].sort((a, b) => compareKeys([a.incidentId, a.groupKey], [b.incidentId, b.groupKey]));
  await client.query(
    `WITH updated AS (
       UPDATE incident AS i SET
          "alertCount" = i."alertCount" + r.count,
          "firstSeenAt" = LEAST(i."firstSeenAt", r.first),
          "lastSeenAt" = GREATEST(i."lastSeenAt", r.last),
          severity = GREATEST(i.severity, r.severity),
          rules = ARRAY(SELECT DISTINCT x FROM unnest(i.rules || r.rules) AS x ORDER BY 1),
          techniques = ARRAY(SELECT DISTINCT x FROM unnest(i.techniques || r.techniques) AS x ORDER BY 1),
          status = CASE WHEN r.reopen THEN 'investigating'::"IncidentStatus" ELSE i.status END,
          phase = CASE WHEN r.reopen THEN 'detection_analysis'::"NistPhase" ELSE i.phase END,
          "reopenCount" = i."reopenCount" + CASE WHEN r.reopen THEN 1 ELSE 0 END,
          "resolvedAt" = CASE WHEN r.reopen THEN NULL ELSE i."resolvedAt" END,
          "recoveredAt" = CASE WHEN r.reopen THEN NULL ELSE i."recoveredAt" END,
          "updatedAt" = $4::timestamp
         FROM jsonb_to_recordset($1::jsonb) AS r(id int, count int, first timestamp, last timestamp, severity "Severity",
              rules text[], techniques text[], reopen boolean)
        WHERE i.id = r.id
       RETURNING 1),
     written AS (
       INSERT INTO timeline_entry ("incidentId", at, kind, "actorType", "actorLabel", summary, data, "groupKey", count, "lastAt")
       SELECT r."incidentId", r.at, r.kind, r."actorType", r."actorLabel", r.summary, r.data, r."groupKey", r.count, r."lastAt"
         FROM jsonb_to_recordset($2::jsonb) AS r("incidentId" int, at timestamp, kind "TimelineKind", "actorType" "ActorType",
              "actorLabel" text, summary text, data jsonb, "groupKey" text, count int, "lastAt" timestamp)
       ON CONFLICT ("incidentId", "groupKey") DO UPDATE SET
         count = timeline_entry.count + EXCLUDED.count,
         "lastAt" = GREATEST(timeline_entry."lastAt", EXCLUDED."lastAt")
       RETURNING 1)
     SELECT pg_notify('cordon_events', $3), (SELECT count(*) FROM updated), (SELECT count(*) FROM written)`,
    [jsonParam([...aggregates].sort((a, b) => a.id - b.id)), jsonParam(sortedTimeline), announcement, iso(now)],
  );
}

/** Entities named by the alerts, linked to their incidents (skipped when linked in the last minute). */
export async function linkEntities(
  client: pg.PoolClient,
  committed: readonly Candidate[],
  incidents: ReadonlyMap<string, MatchedIncident>,
  recent: RecentSet,
  now: Date,
): Promise<void> {
  const entities = new Map<string, { clusterId: string; kind: string; key: string; name: string; namespace: string | null }>();
  const links = new Map<string, { incidentId: number; entity: string; isPrimary: boolean }>();
  for (const c of committed) {
    const incidentId = incidents.get(c.correlation.key)!.id;
    for (const e of entitiesOf(c.alert)) {
      const entity = `${c.clusterId}|${e.kind}|${e.key}`;
      const link = `${incidentId}|${entity}`;
      if (recent.has(link) || links.has(link)) continue;
      entities.set(entity, { clusterId: c.clusterId, ...e });
      links.set(link, { incidentId, entity, isPrimary: c.correlation.primaryEntity === `${e.kind}|${e.key}` });
    }
  }
  if (links.size === 0) return;
  const sortedEntities = [...entities.values()].sort((a, b) => compareKeys([a.clusterId, a.kind, a.key], [b.clusterId, b.kind, b.key]));
  const sortedLinks = [...links.values()].sort((a, b) => compareKeys([a.incidentId, a.entity], [b.incidentId, b.entity]));
  await client.query(
    `WITH upserted AS (
       INSERT INTO entity (id, "clusterId", kind, key, name, namespace, "firstSeenAt", "lastSeenAt")
       SELECT gen_random_uuid()::text, r."clusterId", r.kind, r.key, r.name, r.namespace, $3::timestamp, $3::timestamp
         FROM jsonb_to_recordset($1::jsonb) AS r("clusterId" text, kind "EntityKind", key text, name text, namespace text)
       ON CONFLICT ("clusterId", kind, key) DO UPDATE SET "lastSeenAt" = EXCLUDED."lastSeenAt"
       RETURNING id, "clusterId" || '|' || kind::text || '|' || key AS ref)
     INSERT INTO incident_entity ("incidentId", "entityId", "isPrimary", "firstSeenAt")
     SELECT l."incidentId", u.id, l."isPrimary", $3::timestamp
       FROM jsonb_to_recordset($2::jsonb) AS l("incidentId" int, entity text, "isPrimary" boolean)
       JOIN upserted u ON u.ref = l.entity
     ON CONFLICT DO NOTHING`,
    [jsonParam(sortedEntities), jsonParam(sortedLinks), iso(now)],
  );
  for (const link of links.keys()) recent.add(link);
}
