// Detection, containment and recovery times of one incident (pure).
//   MTTD: first alert → detected (Cordon opened the incident)
//   MTTC: detected → contained
//   MTTR: detected → resolved
import type { ReportTargets } from './targets';
import type { ResponseTime } from './types';

export interface LifecycleTimes {
  firstSeenAt: Date;
  detectedAt: Date;
  containedAt: Date | null;
  resolvedAt: Date | null;
}

const span = (from: Date, to: Date | null) => (to ? Math.max(0, to.getTime() - from.getTime()) : null);

export function responseTimes(incident: LifecycleTimes, targets: ReportTargets): ResponseTime[] {
  const rows: Omit<ResponseTime, 'met'>[] = [
    { key: 'mttd', label: 'Time to detect', span: 'first alert → detected', ms: span(incident.firstSeenAt, incident.detectedAt), targetMs: targets.mttd * 60_000 },
    { key: 'mttc', label: 'Time to contain', span: 'detected → contained', ms: span(incident.detectedAt, incident.containedAt), targetMs: targets.mttc * 60_000 },
    { key: 'mttr', label: 'Time to resolve', span: 'detected → resolved', ms: span(incident.detectedAt, incident.resolvedAt), targetMs: targets.mttr * 60_000 },
  ];
  return rows.map((row) => ({ ...row, met: row.ms === null ? null : row.ms <= row.targetMs }));
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = ms / 60_000;
  if (minutes < 1) return `${Math.round(ms / 1000)} s`;
  if (minutes < 120) return `${Math.round(minutes)} min`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / 1440).toFixed(1)} d`;
}
