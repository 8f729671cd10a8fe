// The incident queue: filters from the URL (shareable, bookmarkable), sorting, paging, and the
// counters analysts watch. Read-only; every role may see it.
import 'server-only';
import { pgPool } from '../db/pool';
import type { IncidentStatus, NistPhase, Severity } from '../db/generated/enums';
import { PAGE_SIZE, type QueueFilter } from './queue-filter';
import { responseTargets } from './response-targets';

export interface QueueItem {
  id: number;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  phase: NistPhase;
  cluster: string | null;
  namespace: string | null;
  workload: string | null;
  principal: string | null;
  assignee: { id: string; email: string; name: string } | null;
  alertCount: number;
  rules: string[];
  techniques: string[];
  firstSeenAt: string;
  lastSeenAt: string;
  detectedAt: string;
  acknowledgedAt: string | null;
  breaching: boolean;
}

export interface QueueCounters {
  new: number;
  unassigned: number;
  inContainment: number;
  breaching: number;
}

export interface QueueResult {
  items: QueueItem[];
  total: number;
  page: number;
  pageSize: number;
  counters: QueueCounters;
}

// The queue's two queries (the page and its total) are raw SQL on the pg pool: this is the hottest
// read of the console, and through Prisma's query compiler the same page cost ~13× the CPU (about
// 18 ms per call with 50 rows; measured with npm run bench:console). Semantics are Prisma's:
// `contains` is ILIKE '%q%' (no escaping of % and _), `has` is array containment.
type SqlParam = string | number | string[];

function whereOf(filter: QueueFilter, userId: string): { sql: string; params: SqlParam[] } {
  const params: SqlParam[] = [];
  const p = (value: SqlParam): string => `$${params.push(value)}`;
  const and: string[] = ['i."mergedIntoId" IS NULL'];
  if (filter.status.length > 0) and.push(`i.status = ANY(${p(filter.status)}::"IncidentStatus"[])`);
  else if (filter.view === 'open') and.push(`i.status NOT IN ('resolved', 'closed')`);
  if (filter.severity.length > 0) and.push(`i.severity = ANY(${p(filter.severity)}::"Severity"[])`);
  if (filter.phase.length > 0) and.push(`i.phase = ANY(${p(filter.phase)}::"NistPhase"[])`);
  if (filter.cluster) and.push(`i."clusterId" IN (SELECT id FROM cluster WHERE name = ${p(filter.cluster)})`);
  if (filter.namespace) and.push(`i.namespace = ${p(filter.namespace)}`);
  if (filter.assignee === 'me') and.push(`i."assigneeId" = ${p(userId)}`);
  else if (filter.assignee === 'none') and.push(`i."assigneeId" IS NULL`);
  else if (filter.assignee) and.push(`i."assigneeId" = ${p(filter.assignee)}`);
  if (filter.rule) and.push(`i.rules @> ARRAY[${p(filter.rule)}]::text[]`);
  if (filter.technique) and.push(`i.techniques @> ARRAY[${p(filter.technique)}]::text[]`);
  if (filter.from) and.push(`i."lastSeenAt" >= ${p(new Date(filter.from).toISOString())}::timestamptz AT TIME ZONE 'UTC'`);
  if (filter.to) and.push(`i."firstSeenAt" <= ${p(new Date(filter.to).toISOString())}::timestamptz AT TIME ZONE 'UTC'`);
  if (filter.q) {
    const id = /^#?(\d{1,9})$/.exec(filter.q)?.[1];
    const like = p(`%${filter.q}%`);
    const or = [`i.title ILIKE ${like}`, `i.namespace ILIKE ${like}`, `i.workload ILIKE ${like}`, `i.principal ILIKE ${like}`, `i.node ILIKE ${like}`];
    if (id) or.unshift(`i.id = ${p(Number(id))}`);
    and.push(`(${or.join(' OR ')})`);
  }
  return { sql: and.join(' AND '), params };
}

function orderOf(filter: QueueFilter): string {
  const dir = filter.dir === 'asc' ? 'ASC' : 'DESC';
  switch (filter.sort) {
    case 'first_seen':
      return `i."firstSeenAt" ${dir}, i.id ${dir}`;
    case 'severity':
      return `i.severity ${dir}, i."lastSeenAt" DESC`;
    case 'alerts':
      return `i."alertCount" ${dir}, i.id ${dir}`;
    case 'id':
      return `i.id ${dir}`;
    default:
      return `i."lastSeenAt" ${dir}, i.id ${dir}`;
  }
}

interface QueueRow {
  id: number;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  phase: NistPhase;
  cluster: string | null;
  namespace: string | null;
  workload: string | null;
  principal: string | null;
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
}

export async function loadQueue(filter: QueueFilter, userId: string): Promise<QueueResult> {
  const where = whereOf(filter, userId);
  const targets = await responseTargets();
  const now = Date.now();
  const paging = [...where.params, PAGE_SIZE, (filter.page - 1) * PAGE_SIZE];
  const [rows, total, counters] = await Promise.all([
    pgPool().query<QueueRow>(
      `SELECT i.id, i.title, i.severity::text, i.status::text, i.phase::text, c.name AS cluster, i.namespace, i.workload, i.principal,
              u.id AS "assigneeId", u.email AS "assigneeEmail", u.name AS "assigneeName", i."alertCount", COALESCE(i.rules, '{}') AS rules, COALESCE(i.techniques, '{}') AS techniques,
              i."firstSeenAt", i."lastSeenAt", i."detectedAt", i."acknowledgedAt"
         FROM incident i
         LEFT JOIN cluster c ON c.id = i."clusterId"
         LEFT JOIN "user" u ON u.id = i."assigneeId"
        WHERE ${where.sql}
        ORDER BY ${orderOf(filter)}
        LIMIT $${paging.length - 1} OFFSET $${paging.length}`,
      paging,
    ),
    pgPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM incident i WHERE ${where.sql}`, where.params),
    loadCounters(targets),
  ]);
  return {
    items: rows.rows.map((row) => ({
      id: row.id,
      title: row.title,
      severity: row.severity,
      status: row.status,
      phase: row.phase,
      cluster: row.cluster,
      namespace: row.namespace,
      workload: row.workload,
      principal: row.principal,
      assignee: row.assigneeId ? { id: row.assigneeId, email: row.assigneeEmail!, name: row.assigneeName! } : null,
      alertCount: row.alertCount,
      rules: row.rules,
      techniques: row.techniques,
      firstSeenAt: row.firstSeenAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      detectedAt: row.detectedAt.toISOString(),
      acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
      breaching: !row.acknowledgedAt && row.status === 'new' && now - row.detectedAt.getTime() > targets[row.severity] * 60_000,
    })),
    total: total.rows[0]!.n,
    page: filter.page,
    pageSize: PAGE_SIZE,
    counters,
  };
}

async function loadCounters(targets: Record<Severity, number>): Promise<QueueCounters> {
  const { rows } = await pgPool().query<{ new: string; unassigned: string; in_containment: string; breaching: string }>(
    `SELECT count(*) FILTER (WHERE status = 'new') AS new,
            count(*) FILTER (WHERE "assigneeId" IS NULL) AS unassigned,
            count(*) FILTER (WHERE status = 'contained' OR phase IN ('containment', 'eradication')) AS in_containment,
            count(*) FILTER (WHERE "acknowledgedAt" IS NULL AND status = 'new' AND "detectedAt" < now() AT TIME ZONE 'UTC' - make_interval(mins =>
              CASE severity WHEN 'critical' THEN $1::int WHEN 'high' THEN $2::int WHEN 'medium' THEN $3::int WHEN 'low' THEN $4::int ELSE $5::int END)) AS breaching
       FROM incident
      WHERE "mergedIntoId" IS NULL AND status NOT IN ('resolved', 'closed')`,
    [targets.critical, targets.high, targets.medium, targets.low, targets.info],
  );
  const r = rows[0]!;
  return { new: Number(r.new), unassigned: Number(r.unassigned), inContainment: Number(r.in_containment), breaching: Number(r.breaching) };
}
