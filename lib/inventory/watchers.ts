// The inventory watchers of one replica: every registered cluster with credentials is listed and
// watched by exactly one replica, the one holding its PostgreSQL session advisory lock (taken on
// a dedicated connection, so it lives exactly as long as that session). Replicas that do not hold
// a lock try again every few seconds, so a replica that stops or dies is replaced. Clusters
// registered later, removed, or given new credentials are picked up from the cluster table.
import 'server-only';
import type pg from 'pg';
import { createPgPool, pgPool } from '../db/pool';
import { forgetClusterConnection } from '../k8s';
import { loadClusterConnection } from '../k8s/load-cluster';
import { isK8sError } from '../k8s/errors';
import { logger } from '../log';
import { ClusterWatch, type ClusterHealth, type ClusterWatchOptions } from './cluster-watch';

/** First key of the two-key advisory locks; the second is hashtext(clusterId). */
const LOCK_CLASS = 7411301;

export interface InventoryWatcherOptions extends ClusterWatchOptions {
  /** How often the cluster table is read for added, removed or re-credentialed clusters. */
  pollIntervalMs?: number;
  /** How often locks not held are tried again and cluster health is written. */
  lockRetryMs?: number;
}

export interface InventoryWatchers {
  stop(): Promise<void>;
  /** Ids of the clusters whose lock this replica holds. */
  held(): string[];
  /** The watch of one cluster, when held (tests, health). */
  watch(clusterId: string): ClusterWatch | undefined;
  /** Runs one round now (tests): cluster list, locks, health. */
  tick(): Promise<void>;
}

interface Held {
  fingerprint: string;
  watch: ClusterWatch | null;
  lastHealth: string;
  /** Health writes in order: a later state never lands before an earlier one. */
  healthWrites: Promise<void>;
}

export function startInventoryWatchers(options: InventoryWatcherOptions = {}): InventoryWatchers {
  const pollIntervalMs = options.pollIntervalMs ?? 10_000;
  const lockRetryMs = options.lockRetryMs ?? 10_000;
  const held = new Map<string, Held>();
  let clusters: { id: string; fingerprint: string }[] = [];
  let clustersReadAt = 0;
  let lockPool: pg.Pool | null = null;
  let lockClient: pg.PoolClient | null = null;
  let stopped = false;
  let running: Promise<void> | null = null;

  async function lockConnection(): Promise<pg.PoolClient> {
    if (lockClient) return lockClient;
    lockPool ??= createPgPool(1, 'cordon-inventory-locks');
    const client = await lockPool.connect();
    client.on('error', (error) => {
      // The session is gone, and its locks with it: another replica may already watch.
      logger.warn({ err: error }, 'inventory: lock connection lost; stopping watches until the locks are taken again');
      if (lockClient === client) {
        lockClient = null;
        client.release(true);
        void releaseAll(false);
      }
    });
    lockClient = client;
    return client;
  }

  async function releaseAll(unlock: boolean): Promise<void> {
    const entries = [...held.entries()];
    held.clear();
    await Promise.all(entries.map(([, h]) => h.watch?.stop() ?? Promise.resolve()));
    if (unlock && lockClient) {
      for (const [id] of entries) await lockClient.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS, id]).catch(() => undefined);
    }
  }

  async function startWatch(clusterId: string, entry: Held): Promise<void> {
    try {
      const conn = await loadClusterConnection(clusterId);
      if (stopped || held.get(clusterId) !== entry) return;
      entry.watch = new ClusterWatch(clusterId, conn, pgPool(), options);
      entry.watch.onActivity = () => void recordHealth(clusterId, entry);
      entry.watch.start();
      logger.info({ clusterId }, 'inventory: watching cluster');
    } catch (error) {
      const message = isK8sError(error) ? error.message : 'The cluster\'s credentials could not be opened.';
      logger.warn({ err: error, clusterId }, 'inventory: cannot connect to the cluster; retrying');
      await writeHealth(clusterId, { state: 'unknown', message }, false);
    }
  }

  async function writeHealth(clusterId: string, health: ClusterHealth, seen: boolean): Promise<void> {
    await pgPool().query(
      `UPDATE cluster SET state = $2::"ClusterState", "stateMessage" = $3, "lastSeenAt" = CASE WHEN $4 THEN now() ELSE "lastSeenAt" END, "updatedAt" = now()
        WHERE id = $1`,
      [clusterId, health.state, health.message, seen],
    );
  }

  function recordHealth(clusterId: string, entry: Held, force = false): Promise<void> {
    if (!entry.watch) return Promise.resolve();
    const health = entry.watch.currentHealth();
    const key = `${health.state}|${health.message ?? ''}`;
    if (!force && key === entry.lastHealth) return entry.healthWrites;
    entry.lastHealth = key;
    entry.healthWrites = entry.healthWrites.then(() => writeHealth(clusterId, health, health.state === 'connected')).catch((error: unknown) => {
      entry.lastHealth = '';
      logger.warn({ err: error, clusterId }, 'inventory: could not record the cluster\'s health');
    });
    return entry.healthWrites;
  }

  async function readClusters(): Promise<void> {
    const { rows } = await pgPool().query<{ id: string; fingerprint: string }>(
      // Clusters with credentials: a sealed kubeconfig, or the pod's own service account (in_cluster).
      `SELECT id, coalesce(md5("kubeconfigEnc"), 'in-cluster') || coalesce(context, '') AS fingerprint
         FROM cluster WHERE "kubeconfigEnc" IS NOT NULL OR source = 'in_cluster' ORDER BY "createdAt"`,
    );
    clusters = rows;
    clustersReadAt = Date.now();
  }

  async function round(): Promise<void> {
    if (Date.now() - clustersReadAt >= pollIntervalMs || clustersReadAt === 0) await readClusters();
    const client = await lockConnection();
    const wanted = new Map(clusters.map((c) => [c.id, c.fingerprint]));
    // Removed clusters (or credentials removed): stop and let go.
    for (const [id, entry] of held) {
      if (wanted.has(id)) continue;
      held.delete(id);
      await entry.watch?.stop();
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS, id]);
    }
    for (const [id, fingerprint] of wanted) {
      if (stopped) return;
      const entry = held.get(id);
      if (entry) {
        if (entry.fingerprint !== fingerprint) {
          // New credentials: the cached connection and the watches use the old ones.
          await entry.watch?.stop();
          forgetClusterConnection(id);
          const fresh: Held = { fingerprint, watch: null, lastHealth: '', healthWrites: Promise.resolve() };
          held.set(id, fresh);
          await startWatch(id, fresh);
        } else if (!entry.watch) {
          await startWatch(id, entry);
        } else {
          await recordHealth(id, entry, true);
        }
        continue;
      }
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [LOCK_CLASS, id]);
      if (!rows[0]?.locked) continue;
      const fresh: Held = { fingerprint, watch: null, lastHealth: '', healthWrites: Promise.resolve() };
      held.set(id, fresh);
      await startWatch(id, fresh);
    }
  }

  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= round()
      .catch((error: unknown) => logger.warn({ err: error }, 'inventory: watcher round failed; retrying'))
      .finally(() => {
        running = null;
      });
    return running;
  };

  void tick();
  const timer = setInterval(() => void tick(), lockRetryMs);
  timer.unref();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await releaseAll(true);
      lockClient?.release();
      lockClient = null;
      await lockPool?.end().catch(() => undefined);
      lockPool = null;
    },
    held: () => [...held.keys()],
    watch: (clusterId) => held.get(clusterId)?.watch ?? undefined,
    tick,
  };
}
