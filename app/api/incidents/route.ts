import { jsonRoute } from '@/lib/http/route-handler';
import { loadQueue } from '@/lib/incidents/queue';
import { parseQueueFilter } from '@/lib/incidents/queue-filter';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = jsonRoute('incident.read', (request, user) => loadQueue(parseQueueFilter(new URL(request.url).searchParams), user.id));
