import 'server-only';
import { db } from '../db/client';
import type { TimelineKind } from '../db/generated/enums';
import { listIncidentEvidence } from '../evidence/queries';
import { describeTechnique } from '../mitre';
import { responseTimes } from './metrics';
import { reportTargets } from './targets';
import type { FollowUp, ReportModel } from './types';

// Key events only: not every alert (the first alert is added on its own).
const KEY_KINDS: TimelineKind[] = ['detection', 'status_change', 'phase_change', 'severity_change', 'assignment', 'containment', 'evidence', 'note', 'merge', 'reopen', 'report'];
const TIMELINE_LIMIT = 500;
const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

export async function loadReportModel(incidentId: number): Promise<ReportModel | null> {
  const incident = await db.incident.findUnique({
    where: { id: incidentId },
    include: {
      cluster: { select: { displayName: true } },
      assignee: { select: { email: true } },
      report: true,
      entities: { include: { entity: { select: { kind: true, key: true, name: true, namespace: true } } } },
    },
  });
  if (!incident) return null;
  const [firstAlert, timeline, actions, evidence, targets, updatedBy] = await Promise.all([
    db.alert.findFirst({ where: { incidentId }, orderBy: { occurredAt: 'asc' }, select: { occurredAt: true, title: true, rule: true, source: true } }),
    db.timelineEntry.findMany({ where: { incidentId, kind: { in: KEY_KINDS } }, orderBy: [{ at: 'asc' }, { id: 'asc' }], take: TIMELINE_LIMIT }),
    db.containmentAction.findMany({
      where: { incidentId },
      orderBy: { requestedAt: 'asc' },
      include: { requestedBy: { select: { email: true } }, approvedBy: { select: { email: true } } },
    }),
    listIncidentEvidence(incidentId, { custodyLimit: 1 }),
    reportTargets(),
    incident.report?.updatedById ? db.user.findUnique({ where: { id: incident.report.updatedById }, select: { email: true } }) : null,
  ]);

  const entities = incident.entities.map((link) => link.entity);
  const names = (kinds: string[]) => [...new Set(entities.filter((e) => kinds.includes(e.kind)).map((e) => (e.kind === 'workload' || e.kind === 'pod' ? e.key : e.name)))].sort();
  const namespaces = [...new Set([...names(['namespace']), ...(incident.namespace ? [incident.namespace] : [])])].sort();
  const report = incident.report;
  const snapshot = report?.mapSnapshotId ? evidence.find((e) => e.id === report.mapSnapshotId) : undefined;

  const keyEvents: ReportModel['timeline'] = timeline.map((t) => ({ at: t.at.toISOString(), kind: t.kind, actor: t.actorLabel, summary: t.summary }));
  if (firstAlert) {
    keyEvents.unshift({ at: firstAlert.occurredAt.toISOString(), kind: 'first alert', actor: firstAlert.source, summary: firstAlert.title });
  }
  keyEvents.sort((a, b) => a.at.localeCompare(b.at));

  return {
    generatedAt: new Date().toISOString(),
    incident: {
      id: incident.id,
      title: incident.title,
      severity: incident.severity,
      status: incident.status,
      phase: incident.phase,
      cluster: incident.cluster?.displayName ?? null,
      assignee: incident.assignee?.email ?? null,
      resolution: incident.resolution,
      resolutionSummary: incident.resolutionSummary,
      alertCount: incident.alertCount,
      firstSeenAt: incident.firstSeenAt.toISOString(),
      detectedAt: incident.detectedAt.toISOString(),
      acknowledgedAt: iso(incident.acknowledgedAt),
      containedAt: iso(incident.containedAt),
      resolvedAt: iso(incident.resolvedAt),
      closedAt: iso(incident.closedAt),
    },
    firstAlert: firstAlert ? { at: firstAlert.occurredAt.toISOString(), title: firstAlert.title, rule: firstAlert.rule, source: firstAlert.source } : null,
    summary: report?.summary || incident.summary || '',
    impact: {
      text: report?.impact ?? '',
      namespaces,
      workloads: names(['workload']),
      nodes: names(['node']),
      identities: names(['service_account', 'user']),
      images: names(['image']),
    },
    times: responseTimes(incident, targets),
    timeline: keyEvents,
    actions: actions.map((a) => {
      const target = (a.target ?? {}) as { kind?: string; namespace?: string; name?: string };
      return {
        kind: a.kind,
        target: [target.kind, [target.namespace, target.name].filter(Boolean).join('/')].filter(Boolean).join(' '),
        status: a.status,
        requestedBy: a.requestedBy?.email ?? null,
        approvedBy: a.approvedBy?.email ?? null,
        requestedAt: a.requestedAt.toISOString(),
        finishedAt: iso(a.finishedAt),
        error: a.errorMessage,
      };
    }),
    evidence: evidence.filter((e) => e.kind !== 'report_export').map((e) => ({ id: e.id, kind: e.kind, filename: e.filename, sha256: e.sha256, size: e.size, collectedAt: e.collectedAt, collector: e.collector.label })),
    techniques: incident.techniques.map((id) => {
      const info = describeTechnique(id);
      return { id, name: info?.name ?? null, tactics: info?.tactics ?? [] };
    }),
    rootCause: report?.rootCause ?? '',
    lessonsLearned: report?.lessonsLearned ?? '',
    followUps: parseFollowUps(report?.followUps),
    mapSnapshot: snapshot ? { evidenceId: snapshot.id, sha256: snapshot.sha256 } : null,
    updatedBy: updatedBy?.email ?? null,
    updatedAt: iso(report?.updatedAt),
  };
}

function parseFollowUps(value: unknown): FollowUp[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (!item || typeof item !== 'object') return [];
    const f = item as Record<string, unknown>;
    return typeof f.text === 'string' ? [{ text: f.text, owner: typeof f.owner === 'string' ? f.owner : '', done: f.done === true }] : [];
  });
}
