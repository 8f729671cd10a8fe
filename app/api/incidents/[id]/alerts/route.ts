import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { jsonRoute } from '@/lib/http/route-handler';
import { incidentIdSchema } from '@/lib/incidents/schemas';
import { loadAlertGroup } from '@/lib/incidents/workspace';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const query = z.object({ group: z.string().min(1).max(400) });

/** GET /api/incidents/<id>/alerts?group=<groupKey> — the raw events of one timeline entry. */
export const GET = jsonRoute('incident.read', async (request) => {
  const url = new URL(request.url);
  const id = incidentIdSchema.safeParse(url.pathname.split('/')[3]);
  const params = query.safeParse({ group: url.searchParams.get('group') });
  if (!id.success || !params.success) throw new AppError('bad_request', { userMessage: 'Give an incident id and ?group=<timeline group>.' });
  return { events: await loadAlertGroup(id.data, params.data.group) };
});
