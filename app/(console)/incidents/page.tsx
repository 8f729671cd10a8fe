import type { Metadata } from 'next';
import { IncidentQueue } from '@/components/incidents/queue/incident-queue';
import { requireUser } from '@/lib/auth/session';
import { can } from '@/lib/auth/roles';
import { loadQueueFacets } from '@/lib/incidents/facets';
import { loadQueue } from '@/lib/incidents/queue';
import { parseQueueFilter, queueSearch } from '@/lib/incidents/queue-filter';

export const metadata: Metadata = { title: 'Incidents' };
export const dynamic = 'force-dynamic';

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const filter = parseQueueFilter(await searchParams);
  const user = await requireUser(`/incidents${queueSearch(filter)}`);
  const [initial, facets] = await Promise.all([loadQueue(filter, user.id), loadQueueFacets()]);
  return (
    <div className="p-4">
      <h1 className="sr-only">Incidents</h1>
      <IncidentQueue initial={initial} filter={filter} facets={facets} canTriage={can(user.role, 'incident.triage')} role={user.role} />
    </div>
  );
}
