// Which cluster an alert belongs to: the ingest token's cluster when it has one, else the cluster
// the event names (created as a "reported" cluster the first time), else the only cluster there
// is, else "default". Cached in memory; cluster rows are few and rarely change.
import type pg from 'pg';
import type { ClusterDirectory } from './persist-batch';

const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/;

export function createClusterDirectory(): ClusterDirectory & { forget(): void } {
  const byName = new Map<string, { id: string; createdAt: number }>();
  const createdAtById = new Map<string, number>();
  let defaultId: string | null = null;

  async function load(client: pg.PoolClient): Promise<void> {
    const { rows } = await client.query<{ id: string; name: string; createdAt: Date }>('SELECT id, name, "createdAt" FROM cluster');
    byName.clear();
    for (const row of rows) {
      byName.set(row.name, { id: row.id, createdAt: row.createdAt.getTime() });
      createdAtById.set(row.id, row.createdAt.getTime());
    }
    defaultId = rows.length === 1 ? rows[0]!.id : (byName.get('default')?.id ?? null);
  }

  async function ensure(client: pg.PoolClient, name: string): Promise<string> {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO cluster (id, name, "displayName", source, "createdAt", "updatedAt")
       VALUES (gen_random_uuid()::text, $1, $1, 'reported', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
       ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name
       RETURNING id`,
      [name],
    );
    await load(client);
    return rows[0]!.id;
  }

  return {
    async resolve(client, name, fallbackId) {
      // Learning periods need every cluster's creation time, the token's cluster included.
      if (byName.size === 0 || (fallbackId && !createdAtById.has(fallbackId))) await load(client);
      if (fallbackId) return fallbackId;
      const wanted = name?.toLowerCase() ?? null;
      if (wanted && CLUSTER_NAME.test(wanted)) {
        const known = byName.get(wanted);
        if (known) return known.id;
        return await ensure(client, wanted);
      }
      if (defaultId) return defaultId;
      return await ensure(client, 'default');
    },
    learningEndsAt(clusterId, learningMinutes) {
      // An unknown cluster (deleted meanwhile) learns: better silent than a burst of false alerts.
      const created = createdAtById.get(clusterId) ?? Date.now();
      return created + learningMinutes * 60_000;
    },
    forget() {
      byName.clear();
      createdAtById.clear();
      defaultId = null;
    },
  };
}
