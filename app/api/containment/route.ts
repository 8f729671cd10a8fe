import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { jsonRoute } from '@/lib/http/route-handler';
import { catalogRights } from '@/lib/containment/rights';
import { listIncidentActions, listWorkloadActions } from '@/lib/containment/queries';
import { CATALOG } from '@/lib/containment/catalog';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const query = z.object({
  incident: z.coerce.number().int().positive().optional(),
  cluster: z.string().min(1).optional(),
  namespace: z.string().max(253).optional(),
  /** With namespace: the actions on these targets (workload, pods, service account), comma-separated names. */
  targets: z.string().max(4_000).optional(),
});

/**
 * GET /api/containment?incident=<id>&cluster=<id>[&namespace=][&targets=a,b] — the actions taken (on the
 * incident, or on the named targets of the namespace), the catalog and the console's rights there.
 */
export const GET = jsonRoute('incident.read', async (request) => {
  const params = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!params.success) throw new AppError('bad_request', { userMessage: 'Give ?incident=<id> and/or ?cluster=<id>.' });
  const { incident, cluster, namespace, targets } = params.data;
  const [actions, rights] = await Promise.all([
    cluster && namespace && targets
      ? listWorkloadActions(cluster, namespace, targets.split(',').filter(Boolean).slice(0, 100))
      : incident
        ? listIncidentActions(incident)
        : Promise.resolve([]),
    cluster ? catalogRights(cluster, namespace) : Promise.resolve([]),
  ]);
  return { actions, catalog: Object.values(CATALOG), rights };
});
