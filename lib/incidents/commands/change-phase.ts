import 'server-only';
import { writeAudit, type AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';
import type { NistPhase } from '../../db/generated/enums';
import { AppError, notFound } from '../../errors';
import { ALLOWED_PHASES, PHASE_LABELS, timestampsFor } from '../lifecycle';
import { addTimelineEntry } from '../timeline';

/** Moves the NIST phase within the current status (e.g. contained: containment → eradication). */
export async function changeIncidentPhase(input: { incidentId: number; phase: NistPhase }, actor: AuditActor): Promise<void> {
  await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM incident WHERE id = ${input.incidentId} FOR UPDATE`;
    if (rows.length === 0) throw notFound(`Incident ${input.incidentId}`);
    const incident = await tx.incident.findUniqueOrThrow({ where: { id: input.incidentId } });
    if (incident.phase === input.phase) return;
    if (!ALLOWED_PHASES[incident.status].includes(input.phase)) {
      throw new AppError('invalid_transition', { userMessage: `Phase ${PHASE_LABELS[input.phase]} does not fit status ${incident.status}.` });
    }
    const now = new Date();
    const times = timestampsFor(incident, incident.status, input.phase, now);
    delete times.closedAt; // the status does not change
    await tx.incident.update({ where: { id: incident.id }, data: { phase: input.phase, ...times } });
    await addTimelineEntry(tx, incident.id, actor, {
      kind: 'phase_change',
      summary: `Phase ${PHASE_LABELS[incident.phase]} → ${PHASE_LABELS[input.phase]}`,
      data: { from: incident.phase, to: input.phase },
      at: now,
    });
    await writeAudit(tx, actor, { action: 'incident.phase', targetType: 'incident', targetId: incident.id, details: { from: incident.phase, to: input.phase } });
  });
}
