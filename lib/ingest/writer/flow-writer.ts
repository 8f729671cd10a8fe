// Aggregates flows into edges (source → destination, port, protocol, verdict) with counts,
// first/last seen and per-minute windows for the map's replay. Flows are high-volume telemetry:
// one upsert per distinct edge per batch.
import type pg from 'pg';
import { jsonParam } from '../sanitize';
import type { FlowRecord } from '../sources/hubble';
import { createClusterDirectory } from './cluster-directory';

interface Edge {
  clusterId: string;
  srcKey: string;
  srcNamespace: string | null;
  srcName: string;
  dstKey: string;
  dstNamespace: string | null;
  dstName: string;
  port: number;
  protocol: string;
  verdict: string;
  count: number;
  first: string;
  last: string;
  minutes: Map<string, number>;
}

export class FlowWriter {
  private readonly clusters = createClusterDirectory();

  constructor(private readonly pool: pg.Pool) {}

  async write(records: readonly FlowRecord[], tokenClusterId: string | null): Promise<number> {
    if (records.length === 0) return 0;
    const client = await this.pool.connect();
    let healthy = true;
    try {
      const edges = new Map<string, Edge>();
      for (const r of records) {
        const clusterId = await this.clusters.resolve(client, r.clusterName, tokenClusterId);
        const key = `${clusterId}|${r.src.key}|${r.dst.key}|${r.port}|${r.protocol}|${r.verdict}`;
        const at = r.time.toISOString();
        const minute = `${at.slice(0, 16)}:00.000Z`;
        const edge = edges.get(key);
        if (edge) {
          edge.count += 1;
          if (at < edge.first) edge.first = at;
          if (at > edge.last) edge.last = at;
          edge.minutes.set(minute, (edge.minutes.get(minute) ?? 0) + 1);
        } else {
          edges.set(key, {
            clusterId,
            srcKey: r.src.key,
            srcNamespace: r.src.namespace,
            srcName: r.src.name,
            dstKey: r.dst.key,
            dstNamespace: r.dst.namespace,
            dstName: r.dst.name,
            port: r.port,
            protocol: r.protocol,
            verdict: r.verdict,
            count: 1,
            first: at,
            last: at,
            minutes: new Map([[minute, 1]]),
          });
        }
      }
      const sorted = [...edges.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
      await client.query('BEGIN');
      const upserted = await client.query<{ id: string; key: string }>(
        `INSERT INTO flow ("clusterId", "srcKey", "srcNamespace", "srcName", "dstKey", "dstNamespace", "dstName", port, protocol,
                           verdict, count, "firstSeenAt", "lastSeenAt")
         SELECT r."clusterId", r."srcKey", r."srcNamespace", r."srcName", r."dstKey", r."dstNamespace", r."dstName", r.port,
                r.protocol, r.verdict, r.count, r.first, r.last
           FROM jsonb_to_recordset($1::jsonb) AS r("clusterId" text, "srcKey" text, "srcNamespace" text,
                "srcName" text, "dstKey" text, "dstNamespace" text, "dstName" text, port int, protocol text,
                verdict "FlowVerdict", count bigint, first timestamp, last timestamp)
         ON CONFLICT ("clusterId", "srcKey", "dstKey", port, protocol, verdict) DO UPDATE SET
           count = flow.count + EXCLUDED.count,
           "firstSeenAt" = LEAST(flow."firstSeenAt", EXCLUDED."firstSeenAt"),
           "lastSeenAt" = GREATEST(flow."lastSeenAt", EXCLUDED."lastSeenAt")
         RETURNING id::text, concat_ws('|', "clusterId", "srcKey", "dstKey", port, protocol, verdict) AS key`,
        [jsonParam(sorted.map(({ minutes: _minutes, ...edge }) => edge))],
      );
      const flowIds = new Map(upserted.rows.map((row) => [row.key, row.id]));
      const windows = sorted.flatMap((edge) => {
        const flowId = flowIds.get([edge.clusterId, edge.srcKey, edge.dstKey, edge.port, edge.protocol, edge.verdict].join('|'));
        return [...edge.minutes.entries()].map(([bucketStart, count]) => ({ flowId, bucketStart, count }));
      });
      await client.query(
        `INSERT INTO flow_window ("flowId", "bucketStart", count)
         SELECT r."flowId", r."bucketStart", r.count
           FROM jsonb_to_recordset($1::jsonb) AS r("flowId" bigint, "bucketStart" timestamp, count int)
         ON CONFLICT ("flowId", "bucketStart") DO UPDATE SET count = flow_window.count + EXCLUDED.count`,
        [jsonParam(windows)],
      );
      await client.query(`SELECT pg_notify('cordon_events', $1)`, [JSON.stringify({ topic: 'flows', count: records.length })]);
      await client.query('COMMIT');
      return records.length;
    } catch (error) {
      healthy = !/Connection terminated|ECONN/.test(String(error));
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release(!healthy);
    }
  }
}
