import type { Metadata } from 'next';
import { preload } from 'react-dom';
import { mapFetchUrl, mapViewUrl, windowKeyOf } from '@/components/map/graph-url';
import { NetworkMap } from '@/components/map/network-map';
import { requireUser } from '@/lib/auth/session';
import { can } from '@/lib/auth/roles';
import { db } from '@/lib/db/client';

export const metadata: Metadata = { title: 'Map' };
export const dynamic = 'force-dynamic';

/** The live network map of one cluster; filters, focus and replay live in the URL. */
export default async function MapPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser('/map');
  const params = await searchParams;
  const clusters = await db.cluster.findMany({ select: { id: true, name: true, displayName: true }, orderBy: { createdAt: 'asc' } });
  const wanted = typeof params.cluster === 'string' ? params.cluster : null;
  const clusterId = clusters.find((c) => c.id === wanted)?.id ?? clusters[0]?.id ?? null;
  const focusId = typeof params.incident === 'string' && /^\d+$/.test(params.incident) ? Number(params.incident) : null;
  const incidents = clusterId
    ? await db.incident.findMany({
        where: { clusterId, mergedIntoId: null, OR: [{ status: { notIn: ['resolved', 'closed'] } }, ...(focusId ? [{ id: focusId }] : [])] },
        select: { id: true, title: true, severity: true, firstSeenAt: true, resolvedAt: true },
        orderBy: [{ lastSeenAt: 'desc' }],
        take: 200,
      })
    : [];
  // Start the snapshot's request with the page rather than after the scripts have loaded and run.
  const param = (name: string) => (typeof params[name] === 'string' ? params[name] : '');
  const key = clusterId ? mapViewUrl({ clusterId, at: param('at') || null, incidentId: focusId, windowKey: windowKeyOf(param('window')), namespace: param('namespace'), verdict: param('verdict') }) : null;
  const initialGraph = key ? preloadSnapshot(key) : null;
  return (
    <NetworkMap
      initialGraph={initialGraph}
      clusters={clusters}
      clusterId={clusterId}
      incidents={incidents.map((i) => ({ ...i, firstSeenAt: i.firstSeenAt.toISOString(), resolvedAt: i.resolvedAt?.toISOString() ?? null }))}
      viewer={{
        canAct: can(user.role, 'containment.execute'),
        canApprove: can(user.role, 'containment.approve'),
        canAttach: can(user.role, 'report.edit'),
        role: user.role,
        email: user.email,
      }}
    />
  );
}

/** Preloads the view's snapshot, its window starting now (a dynamic page: rendered per request). */
function preloadSnapshot(key: string): { key: string; url: string } {
  const url = mapFetchUrl(key, Date.now());
  preload(url, { as: 'fetch', crossOrigin: 'anonymous' });
  return { key, url };
}
