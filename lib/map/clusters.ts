// Clusters for the map's picker, and which one a request means.
import 'server-only';
import { pgPool } from '../db/pool';
import { AppError, notFound } from '../errors';

export interface MapCluster {
  id: string;
  name: string;
  displayName: string;
  source: string;
  /** unknown | connected | unreachable | unauthorized, from the inventory watch. */
  state: string;
  stateMessage: string | null;
  lastSeenAt: string | null;
  /** Registered with credentials: the inventory watches it (otherwise only its flows are known). */
  watched: boolean;
  /** Objects in its inventory now. */
  objects: number;
  isDefault: boolean;
}

const WATCHED = `(c."kubeconfigEnc" IS NOT NULL OR c.source = 'in_cluster')`;
const ORDER = `ORDER BY (NOT ${WATCHED}), c."createdAt", c.id`;

export async function listMapClusters(): Promise<MapCluster[]> {
  const { rows } = await pgPool().query<Omit<MapCluster, 'isDefault' | 'lastSeenAt' | 'objects'> & { lastSeenAt: Date | null; objects: string }>(
    `SELECT c.id, c.name, c."displayName", c.source::text AS source, c.state::text AS state, c."stateMessage", c."lastSeenAt",
            ${WATCHED} AS watched,
            (SELECT count(*) FROM cluster_object o WHERE o."clusterId" = c.id AND o."deletedAt" IS NULL)::text AS objects
       FROM cluster c ${ORDER}`,
  );
  return rows.map((r, i) => ({ ...r, lastSeenAt: r.lastSeenAt?.toISOString() ?? null, objects: Number(r.objects), isDefault: i === 0 }));
}

/** The cluster named by the request, else the first registered (with credentials first). */
export async function resolveClusterId(requested: string | undefined): Promise<string> {
  if (requested) {
    const { rows } = await pgPool().query<{ id: string }>('SELECT id FROM cluster WHERE id = $1 OR name = $1 ORDER BY (id = $1) DESC LIMIT 1', [requested]);
    if (!rows[0]) throw notFound('Cluster');
    return rows[0].id;
  }
  const { rows } = await pgPool().query<{ id: string }>(`SELECT c.id FROM cluster c ${ORDER} LIMIT 1`);
  if (!rows[0]) throw new AppError('not_found', { userMessage: 'No cluster is registered yet.' });
  return rows[0].id;
}
