import { jsonRoute } from '@/lib/http/route-handler';
import { resolveClusterId } from '@/lib/map/clusters';
import { loadMapGraph } from '@/lib/map/graph';
import { mapQuerySchema, parseQuery } from '@/lib/map/schemas';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * GET /api/map?cluster=&from=&to=&namespace=&verdict= — the live map (default: the first cluster,
 * the last hour). `?at=<time>[&incident=<id>]` replays the map as it was (the five minutes before).
 */
export const GET = jsonRoute('map.read', async (request) => {
  const q = parseQuery(mapQuerySchema, request.url);
  const clusterId = await resolveClusterId(q.cluster);
  return await loadMapGraph({ clusterId, from: q.from, to: q.to, namespace: q.namespace, verdict: q.verdict, at: q.at, incidentId: q.incident });
});
