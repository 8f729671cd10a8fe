// The incident lifecycle, after NIST SP 800-61: detection & analysis → containment → eradication →
// recovery → post-incident activity, looping back to analysis when containment reveals more.
// Pure rules; the commands enforce them on the server.
import type { IncidentStatus, NistPhase, Resolution } from '../db/generated/enums';

export const STATUS_ORDER: IncidentStatus[] = ['new', 'acknowledged', 'investigating', 'contained', 'resolved', 'closed'];

export const ALLOWED_STATUS_MOVES: Record<IncidentStatus, IncidentStatus[]> = {
  new: ['acknowledged', 'investigating', 'contained', 'closed'],
  acknowledged: ['investigating', 'contained', 'resolved', 'closed'],
  investigating: ['contained', 'resolved', 'closed'],
  contained: ['investigating', 'resolved', 'closed'],
  resolved: ['investigating', 'closed'],
  closed: ['investigating'],
};

/** The phase an incident enters with a status, unless the analyst sets one explicitly. */
export const PHASE_FOR_STATUS: Record<IncidentStatus, NistPhase> = {
  new: 'detection_analysis',
  acknowledged: 'detection_analysis',
  investigating: 'detection_analysis',
  contained: 'containment',
  resolved: 'recovery',
  closed: 'post_incident',
};

export const ALLOWED_PHASES: Record<IncidentStatus, NistPhase[]> = {
  new: ['detection_analysis'],
  acknowledged: ['detection_analysis'],
  investigating: ['detection_analysis', 'containment'],
  contained: ['containment', 'eradication', 'recovery'],
  resolved: ['eradication', 'recovery'],
  closed: ['post_incident'],
};

export const PHASE_LABELS: Record<NistPhase, string> = {
  detection_analysis: 'Detection & analysis',
  containment: 'Containment',
  eradication: 'Eradication',
  recovery: 'Recovery',
  post_incident: 'Post-incident',
};

export const RESOLUTION_LABELS: Record<Resolution, string> = {
  resolved: 'Resolved',
  false_positive: 'False positive',
  duplicate: 'Duplicate',
};

export interface TransitionRequest {
  to: IncidentStatus;
  phase?: NistPhase;
  resolution?: Resolution;
  summary?: string;
}

export type TransitionCheck = { ok: true; phase: NistPhase } | { ok: false; reason: string };

export function checkTransition(from: IncidentStatus, request: TransitionRequest): TransitionCheck {
  if (from === request.to) return { ok: false, reason: `The incident is already ${from}.` };
  if (!ALLOWED_STATUS_MOVES[from].includes(request.to)) {
    return { ok: false, reason: `An incident cannot move from ${from} to ${request.to}.` };
  }
  if (request.to === 'closed' && (!request.resolution || !request.summary?.trim())) {
    return { ok: false, reason: 'Closing needs a resolution (resolved, false positive or duplicate) and a summary.' };
  }
  const phase = request.phase ?? PHASE_FOR_STATUS[request.to];
  if (!ALLOWED_PHASES[request.to].includes(phase)) {
    return { ok: false, reason: `Phase ${PHASE_LABELS[phase]} does not fit status ${request.to}.` };
  }
  return { ok: true, phase };
}

export interface LifecycleTimestamps {
  acknowledgedAt: Date | null;
  containedAt: Date | null;
  eradicatedAt: Date | null;
  recoveredAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
}

/** Which lifecycle timestamps a transition sets. First times are kept: they feed MTTA/MTTC/MTTR. */
export function timestampsFor(
  current: LifecycleTimestamps,
  to: IncidentStatus,
  phase: NistPhase,
  now: Date,
): Partial<LifecycleTimestamps> {
  const update: Partial<LifecycleTimestamps> = {};
  if (to !== 'new' && !current.acknowledgedAt) update.acknowledgedAt = now;
  if ((to === 'contained' || phase === 'containment' || phase === 'eradication') && !current.containedAt && to !== 'investigating') {
    update.containedAt = now;
  }
  if (phase === 'recovery' && !current.eradicatedAt) update.eradicatedAt = now;
  if ((to === 'resolved' || to === 'closed') && !current.resolvedAt) update.resolvedAt = now;
  if (to === 'resolved' && !current.recoveredAt) update.recoveredAt = now;
  if (to === 'closed') update.closedAt = now;
  if (to === 'investigating') update.closedAt = null; // reopened
  return update;
}
