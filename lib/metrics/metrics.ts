// Prometheus metrics of one process (docs/operations.md lists them). One registry per process, on
// globalThis: the custom server and the Next.js bundle load this module separately, and both
// record (ingest in the one, containment from server actions in the other). Gauges read what they
// measure when scraped, from the sources registered here.
import { isMainThread } from 'node:worker_threads';
import client from 'prom-client';

interface PoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  ended?: boolean;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

interface WriterLike {
  depth: number;
  inFlight: number;
  /** Its commit worker thread's pool, as of the last commit. */
  commitWorkerPool: PoolStats | null;
}

interface Sources {
  pools: Map<PoolLike, string>;
  writers: Set<WriterLike>;
  sseClients: () => number;
}

function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const sources: Sources = { pools: new Map(), writers: new Set(), sseClients: () => 0 };
  const registers = [registry];

  const poolStats = (): Map<string, PoolStats> => {
    const byName = new Map<string, PoolStats>();
    const add = (name: string, s: PoolStats) => {
      const sum = byName.get(name) ?? { total: 0, idle: 0, waiting: 0 };
      byName.set(name, { total: sum.total + s.total, idle: sum.idle + s.idle, waiting: sum.waiting + s.waiting });
    };
    for (const [pool, name] of sources.pools) {
      if (pool.ended) sources.pools.delete(pool);
      else add(name, { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
    }
    for (const writer of sources.writers) if (writer.commitWorkerPool) add('cordon-ingest-writer', writer.commitWorkerPool);
    return byName;
  };
  const poolGauge = (name: string, help: string, field: keyof PoolStats) =>
    new client.Gauge({
      name,
      help,
      labelNames: ['pool'],
      registers,
      collect() {
        this.reset();
        for (const [pool, stats] of poolStats()) this.set({ pool }, stats[field]);
      },
    });

  return {
    registry,
    sources,
    ingestRequests: new client.Counter({
      name: 'cordon_ingest_requests_total',
      help: 'Ingest requests answered, by source and HTTP status (429: rate-limited, 503: overloaded or database down)',
      labelNames: ['source', 'status'],
      registers,
    }),
    ingestEvents: new client.Counter({
      name: 'cordon_ingest_events_total',
      help: 'Events received in acknowledged ingest requests (alerts, audit events, flows), by source',
      labelNames: ['source'],
      registers,
    }),
    ingestDuration: new client.Histogram({
      name: 'cordon_ingest_request_duration_seconds',
      help: 'Time from request to answer on the ingest endpoints (a 200 means committed), by source and HTTP status',
      labelNames: ['source', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    writerQueueDepth: new client.Gauge({
      name: 'cordon_ingest_writer_queue_depth',
      help: 'Alerts waiting for the group commit (the writer answers 503 beyond its bound)',
      registers,
      collect() {
        let depth = 0;
        for (const writer of sources.writers) depth += writer.depth;
        this.set(depth);
      },
    }),
    writerInFlight: new client.Gauge({
      name: 'cordon_ingest_writer_commits_in_flight',
      help: 'Group-commit transactions running',
      registers,
      collect() {
        let n = 0;
        for (const writer of sources.writers) n += writer.inFlight;
        this.set(n);
      },
    }),
    commitBatchSize: new client.Histogram({
      name: 'cordon_ingest_commit_batch_size',
      help: 'Alerts and baseline checks per group-commit transaction',
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2000, 5000],
      registers,
    }),
    commitDuration: new client.Histogram({
      name: 'cordon_ingest_commit_duration_seconds',
      help: 'Time of one group-commit transaction, queue wait excluded',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    containmentActions: new client.Counter({
      name: 'cordon_containment_actions_total',
      help: 'Containment action events by kind, stage (request, preview, execute, outcome, undo, effect) and outcome (ok, failed, denied)',
      labelNames: ['kind', 'stage', 'outcome'],
      registers,
    }),
    sseClients: new client.Gauge({
      name: 'cordon_sse_clients',
      help: 'Browsers connected to the live event stream (/api/stream)',
      registers,
      collect() {
        this.set(sources.sseClients());
      },
    }),
    dbPoolTotal: poolGauge('cordon_db_pool_connections', 'Open database connections, by pool', 'total'),
    dbPoolIdle: poolGauge('cordon_db_pool_idle_connections', 'Idle database connections, by pool', 'idle'),
    dbPoolWaiting: poolGauge('cordon_db_pool_waiting_requests', 'Queries waiting for a connection, by pool', 'waiting'),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as unknown as { cordonMetrics?: Metrics };

export function metrics(): Metrics {
  return (globalForMetrics.cordonMetrics ??= createMetrics());
}

/**
 * A node-postgres pool, reported as `pool="<name>"` until it ends. Pools of worker threads report
 * through their thread's owner instead (the commit worker's, with each commit).
 */
export function trackPool(name: string, pool: PoolLike): void {
  if (isMainThread) metrics().sources.pools.set(pool, name);
}
