import 'server-only';
import { db } from '../db/client';
import type { IncidentStatus, NistPhase, Resolution, Severity } from '../db/generated/enums';

export interface IncidentListItem {
  id: number;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  phase: NistPhase;
  cluster: string | null;
  namespace: string | null;
  workload: string | null;
  assignee: { id: string; email: string; name: string } | null;
  alertCount: number;
  techniques: string[];
  firstSeenAt: string;
  lastSeenAt: string;
}

export async function listIncidents(options: { limit?: number } = {}): Promise<IncidentListItem[]> {
  const rows = await db.incident.findMany({
    where: { mergedIntoId: null },
    orderBy: [{ lastSeenAt: 'desc' }],
    take: options.limit ?? 100,
    include: { cluster: { select: { name: true } }, assignee: { select: { id: true, email: true, name: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    severity: row.severity,
    status: row.status,
    phase: row.phase,
    cluster: row.cluster?.name ?? null,
    namespace: row.namespace,
    workload: row.workload,
    assignee: row.assignee,
    alertCount: row.alertCount,
    techniques: row.techniques,
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
  }));
}

export interface IncidentDetail extends IncidentListItem {
  summary: string | null;
  resolution: Resolution | null;
  resolutionSummary: string | null;
  detectedAt: string;
  acknowledgedAt: string | null;
  containedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  timeline: { id: string; at: string; kind: string; actorLabel: string; summary: string; count: number }[];
}

export async function getIncident(id: number): Promise<IncidentDetail | null> {
  const row = await db.incident.findUnique({
    where: { id },
    include: {
      cluster: { select: { name: true } },
      assignee: { select: { id: true, email: true, name: true } },
      timeline: { orderBy: { at: 'asc' }, take: 500 },
    },
  });
  if (!row) return null;
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: row.id,
    title: row.title,
    severity: row.severity,
    status: row.status,
    phase: row.phase,
    cluster: row.cluster?.name ?? null,
    namespace: row.namespace,
    workload: row.workload,
    assignee: row.assignee,
    alertCount: row.alertCount,
    techniques: row.techniques,
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    summary: row.summary,
    resolution: row.resolution,
    resolutionSummary: row.resolutionSummary,
    detectedAt: row.detectedAt.toISOString(),
    acknowledgedAt: iso(row.acknowledgedAt),
    containedAt: iso(row.containedAt),
    resolvedAt: iso(row.resolvedAt),
    closedAt: iso(row.closedAt),
    timeline: row.timeline.map((t) => ({
      id: t.id.toString(),
      at: t.at.toISOString(),
      kind: t.kind,
      actorLabel: t.actorLabel,
      summary: t.summary,
      count: t.count,
    })),
  };
}
