// Everything one replica runs: the HTTP server (Next.js plus the lean routes) and the background
// services. Used by `npm start`, the production entry point, the tests and the benchmarks.
import { startContainmentJobs } from '../containment/jobs';
import { env } from '../env';
import { startEvidenceVerifier } from '../evidence/verifier';
import { createIngestService } from '../ingest/service';
import { startInventoryWatchers } from '../inventory/watchers';
import { disconnectDb } from '../db/client';
import { closePgPool } from '../db/pool';
import { closeEventBus } from '../live/event-bus';
import { streamRoute } from '../live/stream-route';
import { metricsRoute } from '../metrics/route';
import { startNotificationWorker } from '../notify/worker';
import { startCordonServer } from './http-server';

export interface CordonAppOptions {
  dev: boolean;
  dir: string;
  host: string;
  port: number;
  trustProxy?: boolean;
}

export async function startCordonApp(options: CordonAppOptions) {
  const ingest = createIngestService();
  const server = await startCordonServer({
    dev: options.dev,
    dir: options.dir,
    host: options.host,
    port: options.port,
    trustProxy: options.trustProxy ?? false,
    routes: [ingest.route, streamRoute, metricsRoute({ token: env().CORDON_METRICS_TOKEN })],
  });
  const notifier = startNotificationWorker({ intervalMs: 2_000 });
  const containment = startContainmentJobs({ intervalMs: 10_000 });
  // Re-hashes stored evidence on a schedule (CORDON_EVIDENCE_VERIFY_INTERVAL_MIN; 0 turns it off).
  const verifier = env().CORDON_EVIDENCE_VERIFY_INTERVAL_MIN > 0 ? startEvidenceVerifier({ intervalMs: 60_000 }) : null;
  const inventory = startInventoryWatchers();
  return {
    port: server.port,
    ingest,
    async close(): Promise<void> {
      await server.close();
      await notifier.stop();
      await containment.stop();
      await verifier?.stop();
      await inventory.stop();
      await closeEventBus();
      await ingest.close();
      await closePgPool();
      await disconnectDb();
    },
  };
}
