// The map's edges: aggregated flows (source, destination, port, protocol, verdict) active in a
// window, counted from their per-minute buckets. An edge whose whole life lies inside the window
// takes its total count without reading buckets. Two queries: the edges, then the bucket sums of
// those that need them (by index for a few, one pass over the window's buckets for many).
//
// Times stay ISO 8601 text from the query to the JSON (same width, so they compare as strings): a
// snapshot has 15,000 edges, and in the Next.js server every `new Date()` goes through its Date
// wrapper (node-environment-extensions/date.js) — building two Dates per edge and formatting them
// back cost about a third of the snapshot's time.
import 'server-only';
import { pgPool } from '../db/pool';
import type { MapEdge, MapVerdict } from './types';
import { nodeIdOfFlowKey } from './ids';

/** A timestamptz parameter as the `timestamp` (UTC) the tables store. */
export const ts = (n: number): string => `($${n}::timestamptz AT TIME ZONE 'UTC')`;

/** A stored `timestamp` (UTC, milliseconds) as the text `Date.toISOString()` gives. */
export const isoText = (column: string): string => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export interface EdgeQuery {
  clusterId: string;
  from: Date;
  to: Date;
  namespace?: string | null;
  verdict?: MapVerdict | null;
  /** Deltas: only edges seen after this. */
  seenAfter?: Date | null;
  /** Edges whose first sighting is later than this are new. */
  learningEndsAt: Date;
  limit: number;
  /** Replay: last seen is clipped to the window (the map as it was). */
  replay?: boolean;
}

interface FlowRow {
  id: string;
  src: string;
  dst: string;
  port: number;
  protocol: string;
  verdict: MapVerdict;
  /** ISO 8601 (isoText). */
  firstSeenAt: string;
  lastSeenAt: string;
  count: string;
}

/** Above this many edges to count from buckets, one pass over the window's buckets beats index lookups. */
const SCAN_ABOVE = 2_000;

export async function loadEdges(q: EdgeQuery): Promise<{ edges: MapEdge[]; truncated: boolean }> {
  const pool = pgPool();
  const { rows } = await pool.query<FlowRow>(
    `SELECT id::text, "srcKey" AS src, "dstKey" AS dst, port, protocol, verdict::text AS verdict, count::text,
            ${isoText('"firstSeenAt"')} AS "firstSeenAt", ${isoText('"lastSeenAt"')} AS "lastSeenAt"
       FROM flow
      WHERE "clusterId" = $1 AND "lastSeenAt" >= ${ts(2)} AND "firstSeenAt" <= ${ts(3)}
        AND ($4::text IS NULL OR "srcNamespace" = $4 OR "dstNamespace" = $4)
        AND ($5::text IS NULL OR verdict::text = $5)
        AND ($6::timestamptz IS NULL OR "lastSeenAt" > ${ts(6)})
      ORDER BY "lastSeenAt" DESC
      LIMIT $7`,
    [q.clusterId, q.from.toISOString(), q.to.toISOString(), q.namespace ?? null, q.verdict ?? null, q.seenAfter?.toISOString() ?? null, q.limit + 1],
  );
  const truncated = rows.length > q.limit;
  const flows = truncated ? rows.slice(0, q.limit) : rows;

  // Live: an edge whose whole life lies in the window counts its total; the others (and every
  // edge in a replay) are counted from their per-minute buckets in the window.
  const from = q.from.toISOString();
  const to = q.to.toISOString();
  const learningEndsAt = q.learningEndsAt.toISOString();
  const needBuckets = q.replay ? flows : flows.filter((f) => f.firstSeenAt < from || f.lastSeenAt > to);
  const buckets = new Map<string, { n: number; last: Date }>();
  if (needBuckets.length > 0) {
    const range = `"bucketStart" >= date_trunc('minute', ${ts(1)}) AND "bucketStart" <= ${ts(2)}`;
    const scan = needBuckets.length > SCAN_ABOVE;
    const { rows: sums } = await pool.query<{ id: string; n: string; last: Date }>(
      `SELECT "flowId"::text AS id, sum(count)::text AS n, max("bucketStart") AS last FROM flow_window
        WHERE ${range} AND ($3::bigint[] IS NULL OR "flowId" = ANY($3::bigint[]))
        GROUP BY "flowId"`,
      [q.from.toISOString(), q.to.toISOString(), scan ? null : needBuckets.map((f) => f.id)],
    );
    for (const row of sums) buckets.set(row.id, { n: Number(row.n), last: row.last });
  }
  const inWindow = (f: FlowRow) => !q.replay && f.firstSeenAt >= from && f.lastSeenAt <= to;

  const edges = new Map<string, MapEdge>();
  for (const row of flows) {
    const bucket = buckets.get(row.id);
    const count = inWindow(row) ? Number(row.count) : (bucket?.n ?? 0);
    if (count <= 0) continue; // seen before and after the window, not in it
    // Replay: last seen as of the window's end (the end of its last minute bucket, at the latest).
    const last = q.replay && bucket ? new Date(Math.min(Date.parse(row.lastSeenAt), bucket.last.getTime() + 59_999, q.to.getTime())).toISOString() : row.lastSeenAt;
    const source = nodeIdOfFlowKey(row.src);
    const target = nodeIdOfFlowKey(row.dst);
    const id = `${source}|${target}|${row.port}|${row.protocol}|${row.verdict}`;
    const existing = edges.get(id);
    if (existing) {
      existing.count += count;
      if (row.firstSeenAt < existing.firstSeenAt) existing.firstSeenAt = row.firstSeenAt;
      if (last > existing.lastSeenAt) existing.lastSeenAt = last;
      existing.new = existing.firstSeenAt > learningEndsAt;
      continue;
    }
    edges.set(id, {
      id,
      source,
      target,
      port: row.port,
      protocol: row.protocol,
      verdict: row.verdict,
      count,
      firstSeenAt: row.firstSeenAt,
      lastSeenAt: last,
      new: row.firstSeenAt > learningEndsAt,
    });
  }
  return { edges: [...edges.values()], truncated };
}
