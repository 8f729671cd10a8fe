// The ingest pipeline of one process: its own small connection pool, the group-commit alert
// writer, the flow writer, token authentication and the HTTP route.
import { env } from '../env';
import { createPgPool } from '../db/pool';
import { metrics } from '../metrics/metrics';
import { IngestRateLimiter, type RateLimitOptions } from './http/rate-limit';
import { ingestRoutes } from './http/routes';
import { createTokenAuthenticator } from './http/token-auth';
import { AlertWriter, type AlertWriterOptions } from './writer/alert-writer';
import { FlowWriter } from './writer/flow-writer';

export interface IngestServiceOptions {
  maxBodyBytes?: number;
  writer?: Partial<AlertWriterOptions>;
  /** Default: CORDON_INGEST_RATE_LIMIT / CORDON_INGEST_RATE_BURST. */
  rateLimit?: RateLimitOptions;
}

export function createIngestService(options: IngestServiceOptions = {}) {
  const pool = createPgPool(6, 'cordon-ingest');
  const alerts = new AlertWriter({ maxBatchAlerts: 2_000, maxInFlight: 2, maxQueuedAlerts: 50_000, ...options.writer });
  const flows = new FlowWriter(pool);
  const eventsPerSecond = env().CORDON_INGEST_RATE_LIMIT;
  const rateLimit = options.rateLimit ?? { eventsPerSecond, burst: env().CORDON_INGEST_RATE_BURST ?? Math.max(1, 2 * eventsPerSecond) };
  const m = metrics();
  m.sources.writers.add(alerts);
  const route = ingestRoutes({
    pool,
    alerts,
    flows,
    authenticate: createTokenAuthenticator(pool, env().CORDON_INGEST_TOKEN_HEADER),
    maxBodyBytes: options.maxBodyBytes ?? 10 * 1024 * 1024,
    rateLimiter: new IngestRateLimiter(rateLimit),
    onAccepted: (source, events) => m.ingestEvents.inc({ source }, events),
  });
  return {
    route,
    alerts,
    async close(): Promise<void> {
      await alerts.close();
      m.sources.writers.delete(alerts);
      await pool.end();
    },
  };
}

export type IngestService = ReturnType<typeof createIngestService>;
