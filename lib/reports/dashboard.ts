// The manager dashboard: SQL aggregates over incidents (never the rows themselves), by week.
// Merged incidents are left out: their alerts count in the incident they were merged into.
import 'server-only';
import { db } from '../db/client';
import type { Severity } from '../db/generated/enums';
import { describeTechnique } from '../mitre';
import { reportTargets, type ReportTargets } from './targets';

export interface Dashboard {
  weeks: string[]; // ISO dates of each week's Monday (UTC)
  bySeverity: Record<string, Record<Severity, number>>;
  byTechnique: { technique: string; name: string | null; total: number; perWeek: Record<string, number> }[];
  times: Record<string, { mttd: number | null; mttc: number | null; mttr: number | null; resolved: number }>;
  flow: Record<string, { opened: number; closed: number }>;
  open: number;
  closed: number;
  namespaces: { namespace: string; incidents: number; severe: number }[];
  /** Mean times over the whole window, in seconds. */
  overall: { mttd: number | null; mttc: number | null; mttr: number | null };
  targets: ReportTargets;
  total: number;
}

export function weekStarts(weeks: number, now = new Date()): string[] {
  const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return Array.from({ length: weeks }, (_, i) => new Date(monday.getTime() - (weeks - 1 - i) * 7 * 86_400_000).toISOString().slice(0, 10));
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const num = (v: number | string | null) => (v === null ? null : Number(v));

export async function loadDashboard(options: { weeks: number; now?: Date }): Promise<Dashboard> {
  const weeks = weekStarts(options.weeks, options.now);
  const from = new Date(`${weeks[0]}T00:00:00Z`);
  const [severity, techniques, times, flow, state, namespaces, targets, overall] = await Promise.all([
    db.$queryRaw<{ week: Date; severity: Severity; n: number }[]>`
      SELECT date_trunc('week', "detectedAt") AS week, severity, count(*)::int AS n
        FROM incident WHERE "detectedAt" >= ${from} AND "mergedIntoId" IS NULL GROUP BY 1, 2`,
    db.$queryRaw<{ week: Date; technique: string; n: number; total: number }[]>`
      WITH x AS (
        SELECT date_trunc('week', "detectedAt") AS week, t AS technique
          FROM incident, unnest(techniques) AS t WHERE "detectedAt" >= ${from} AND "mergedIntoId" IS NULL),
      top AS (SELECT technique, count(*)::int AS total FROM x GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 8)
      SELECT x.week, x.technique, count(*)::int AS n, top.total FROM x JOIN top USING (technique) GROUP BY 1, 2, 4`,
    db.$queryRaw<{ week: Date; mttd: number | null; mttc: number | null; mttr: number | null; resolved: number }[]>`
      SELECT date_trunc('week', "detectedAt") AS week,
             avg(extract(epoch FROM ("detectedAt" - "firstSeenAt")))::float8 AS mttd,
             avg(extract(epoch FROM ("containedAt" - "detectedAt")))::float8 AS mttc,
             avg(extract(epoch FROM ("resolvedAt" - "detectedAt")))::float8 AS mttr,
             count("resolvedAt")::int AS resolved
        FROM incident WHERE "detectedAt" >= ${from} AND "mergedIntoId" IS NULL AND resolution IS DISTINCT FROM 'duplicate' GROUP BY 1`,
    db.$queryRaw<{ week: Date; opened: number; closed: number }[]>`
      SELECT week, sum(opened)::int AS opened, sum(closed)::int AS closed FROM (
        SELECT date_trunc('week', "detectedAt") AS week, 1 AS opened, 0 AS closed FROM incident WHERE "detectedAt" >= ${from} AND "mergedIntoId" IS NULL
        UNION ALL
        SELECT date_trunc('week', "closedAt"), 0, 1 FROM incident WHERE "closedAt" >= ${from} AND "mergedIntoId" IS NULL) AS s
      GROUP BY week`,
    db.$queryRaw<{ open: number; closed: number }[]>`
      SELECT count(*) FILTER (WHERE status NOT IN ('resolved', 'closed'))::int AS open,
             count(*) FILTER (WHERE status IN ('resolved', 'closed'))::int AS closed
        FROM incident WHERE "mergedIntoId" IS NULL`,
    db.$queryRaw<{ namespace: string; incidents: number; severe: number }[]>`
      SELECT namespace, count(*)::int AS incidents, count(*) FILTER (WHERE severity IN ('high', 'critical'))::int AS severe
        FROM incident WHERE "detectedAt" >= ${from} AND "mergedIntoId" IS NULL AND namespace IS NOT NULL
       GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`,
    reportTargets(),
    db.$queryRaw<{ mttd: number | null; mttc: number | null; mttr: number | null }[]>`
      SELECT avg(extract(epoch FROM ("detectedAt" - "firstSeenAt")))::float8 AS mttd,
             avg(extract(epoch FROM ("containedAt" - "detectedAt")))::float8 AS mttc,
             avg(extract(epoch FROM ("resolvedAt" - "detectedAt")))::float8 AS mttr
        FROM incident WHERE "detectedAt" >= ${from} AND "mergedIntoId" IS NULL AND resolution IS DISTINCT FROM 'duplicate'`,
  ]);

  const bySeverity = Object.fromEntries(weeks.map((w) => [w, { critical: 0, high: 0, medium: 0, low: 0, info: 0 }]));
  let total = 0;
  for (const row of severity) {
    const bucket = bySeverity[day(row.week)];
    if (bucket) bucket[row.severity] += row.n;
    total += row.n;
  }
  const techniqueMap = new Map<string, Dashboard['byTechnique'][number]>();
  for (const row of techniques) {
    const entry = techniqueMap.get(row.technique) ?? { technique: row.technique, name: describeTechnique(row.technique)?.name ?? null, total: row.total, perWeek: {} };
    entry.perWeek[day(row.week)] = row.n;
    techniqueMap.set(row.technique, entry);
  }
  return {
    weeks,
    bySeverity,
    byTechnique: [...techniqueMap.values()].sort((a, b) => b.total - a.total || a.technique.localeCompare(b.technique)),
    times: Object.fromEntries(times.map((r) => [day(r.week), { mttd: num(r.mttd), mttc: num(r.mttc), mttr: num(r.mttr), resolved: r.resolved }])),
    overall: { mttd: num(overall[0]?.mttd ?? null), mttc: num(overall[0]?.mttc ?? null), mttr: num(overall[0]?.mttr ?? null) },
    flow: Object.fromEntries(flow.map((r) => [day(r.week), { opened: r.opened, closed: r.closed }])),
    open: state[0]?.open ?? 0,
    closed: state[0]?.closed ?? 0,
    namespaces,
    targets,
    total,
  };
}
