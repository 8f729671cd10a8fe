import { jsonRoute } from '@/lib/http/route-handler';
import { listMapClusters } from '@/lib/map/clusters';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/map/clusters — the clusters for the map's picker, with their state; the default first. */
export const GET = jsonRoute('map.read', async () => ({ clusters: await listMapClusters() }));
