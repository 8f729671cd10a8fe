import { jsonRoute } from '@/lib/http/route-handler';
import { resolveClusterId } from '@/lib/map/clusters';
import { loadWorkloadDetail } from '@/lib/map/detail';
import { parseQuery, workloadQuerySchema } from '@/lib/map/schemas';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/map/workload?cluster=&key=<ns/Kind/name> — the side panel of a workload. */
export const GET = jsonRoute('map.read', async (request) => {
  const q = parseQuery(workloadQuerySchema, request.url);
  const clusterId = await resolveClusterId(q.cluster);
  return await loadWorkloadDetail({ clusterId, key: q.key });
});
