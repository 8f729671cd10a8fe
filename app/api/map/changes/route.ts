import { jsonRoute } from '@/lib/http/route-handler';
import { resolveClusterId } from '@/lib/map/clusters';
import { loadMapDelta } from '@/lib/map/delta';
import { changesQuerySchema, parseQuery } from '@/lib/map/schemas';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/map/changes?cluster=&since=[&from=&namespace=&verdict=] — what changed since a snapshot or the previous delta. */
export const GET = jsonRoute('map.read', async (request) => {
  const q = parseQuery(changesQuerySchema, request.url);
  const clusterId = await resolveClusterId(q.cluster);
  return await loadMapDelta({ clusterId, since: q.since, from: q.from, namespace: q.namespace, verdict: q.verdict });
});
