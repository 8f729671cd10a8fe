// GET /api/health: the database's state and version and the configured clusters.
// 503 when the database does not answer, so load balancers take the replica out.
import { pgPool } from './db/pool';

export interface HealthReport {
  status: 'ok' | 'degraded';
  database: { state: 'up' | 'down'; version?: string; latencyMs?: number; error?: string };
  clusters: { name: string; source: string; state: string; lastSeenAt: string | null }[];
  uptimeSeconds: number;
}

const QUERY_TIMEOUT_MS = 2_000;

export async function checkHealth(): Promise<HealthReport> {
  const started = performance.now();
  try {
    const client = await pgPool().connect();
    try {
      await client.query(`SET statement_timeout = ${QUERY_TIMEOUT_MS}`);
      const version = await client.query<{ server_version: string }>('SHOW server_version');
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      const clusters = await client.query<{ name: string; source: string; state: string; lastSeenAt: Date | null }>(
        'SELECT name, source::text, state::text, "lastSeenAt" FROM cluster ORDER BY name',
      );
      return {
        status: 'ok',
        database: { state: 'up', version: `PostgreSQL ${version.rows[0]?.server_version ?? '?'}`, latencyMs },
        clusters: clusters.rows.map((c) => ({ ...c, lastSeenAt: c.lastSeenAt?.toISOString() ?? null })),
        uptimeSeconds: Math.round(process.uptime()),
      };
    } finally {
      client.release();
    }
  } catch (error) {
    return {
      status: 'degraded',
      database: { state: 'down', error: error instanceof Error ? error.message : String(error) },
      clusters: [],
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}

/**
 * What anyone may see: the state, not the database's version, its error text or the clusters'
 * names. Probes need only the status code; the details are for this machine (loopback) and
 * operators (docs/operations.md).
 */
export function publicHealth(report: HealthReport): Pick<HealthReport, 'status' | 'uptimeSeconds'> & { database: { state: 'up' | 'down' } } {
  return { status: report.status, database: { state: report.database.state }, uptimeSeconds: report.uptimeSeconds };
}
