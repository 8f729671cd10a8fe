import 'server-only';
import { db } from '../db/client';
import type { IncidentStatus, Resolution, Severity } from '../db/generated/enums';

export interface ReportListItem {
  id: number;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  resolution: Resolution | null;
  detectedAt: string;
  closedAt: string | null;
  hasReport: boolean;
}

/** The most recently resolved or closed incidents, for the report list under the dashboard. */
export async function listRecentReports(limit = 50): Promise<ReportListItem[]> {
  const rows = await db.incident.findMany({
    where: { status: { in: ['resolved', 'closed'] }, mergedIntoId: null },
    orderBy: [{ resolvedAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
    take: limit,
    select: { id: true, title: true, severity: true, status: true, resolution: true, detectedAt: true, closedAt: true, report: { select: { incidentId: true } } },
  });
  return rows.map((r) => ({ ...r, detectedAt: r.detectedAt.toISOString(), closedAt: r.closedAt?.toISOString() ?? null, hasReport: r.report !== null }));
}
