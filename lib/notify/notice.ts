import 'server-only';
import { db } from '../db/client';
import { publicUrl } from '../env';
import type { IncidentNotice, NoticeEvent } from './payloads';

/** The console route that opens an incident, through sign-in if needed (app/i/[id]). */
export function incidentDeepLink(incidentId: number): string {
  return `${publicUrl()}/i/${incidentId}`;
}

/** Read at send time, not at enqueue time, so a retried notice carries the incident as it is now. */
export async function loadIncidentNotice(incidentId: number, event: NoticeEvent): Promise<IncidentNotice | null> {
  const incident = await db.incident.findUnique({
    where: { id: incidentId },
    select: {
      id: true,
      title: true,
      severity: true,
      status: true,
      namespace: true,
      workload: true,
      techniques: true,
      alertCount: true,
      firstSeenAt: true,
      cluster: { select: { name: true } },
    },
  });
  if (!incident) return null;
  return {
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    cluster: incident.cluster?.name ?? null,
    namespace: incident.namespace,
    workload: incident.workload,
    techniques: incident.techniques,
    alertCount: incident.alertCount,
    firstSeenAt: incident.firstSeenAt.toISOString(),
    url: incidentDeepLink(incident.id),
    event,
  };
}

/** What "Send test" delivers: clearly a test, low severity, linking to the settings page. */
export function testNotice(): IncidentNotice {
  return {
    id: 0,
    title: 'Cordon test notification: no action needed',
    severity: 'info',
    status: 'new',
    cluster: 'cordon-test',
    namespace: null,
    workload: null,
    techniques: [],
    alertCount: 0,
    firstSeenAt: new Date().toISOString(),
    url: `${publicUrl()}/settings`,
    event: 'test',
  };
}
