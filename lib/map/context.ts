// What every map query needs first: the cluster, the database's clock (captured before any other
// query, so a snapshot's time is a safe `since` for the next delta), the end of the cluster's
// baseline learning period and the trusted registries.
import 'server-only';
import { pgPool } from '../db/pool';
import { notFound } from '../errors';
import { loadIngestSettings } from '../ingest/settings';

export interface MapContext {
  clusterId: string;
  /** Database time before the map's queries ran. */
  now: Date;
  /** Things first seen after this are "new" (cluster registration + the learning period). */
  learningEndsAt: Date;
  trustedRegistries: string[];
  /** Replay: the map as it was at this time; null for the live map. */
  at: Date | null;
}

export async function loadMapContext(clusterId: string, at: Date | null = null): Promise<MapContext> {
  const pool = pgPool();
  const [{ rows }, settings] = await Promise.all([
    pool.query<{ now: Date; createdAt: Date }>(`SELECT now()::timestamp AS now, "createdAt" FROM cluster WHERE id = $1`, [clusterId]),
    loadIngestSettings(pool),
  ]);
  const cluster = rows[0];
  if (!cluster) throw notFound('Cluster');
  return {
    clusterId,
    now: cluster.now,
    learningEndsAt: new Date(cluster.createdAt.getTime() + settings.learningMinutes * 60_000),
    trustedRegistries: settings.trustedRegistries,
    at,
  };
}
