import 'server-only';
import { writeAudit, type AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';
import { AppError, notFound } from '../../errors';
import { checkTransition, PHASE_LABELS, RESOLUTION_LABELS, timestampsFor } from '../lifecycle';
import type { ChangeStatusInput } from '../schemas';
import { addTimelineEntry } from '../timeline';

export async function changeIncidentStatus(input: ChangeStatusInput, actor: AuditActor): Promise<void> {
  await db.$transaction(async (tx) => {
    // Row lock: two analysts moving the same incident at once must not both pass the check.
    const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM incident WHERE id = ${input.incidentId} FOR UPDATE`;
    if (rows.length === 0) throw notFound(`Incident ${input.incidentId}`);
    const incident = await tx.incident.findUniqueOrThrow({ where: { id: input.incidentId } });
    const check = checkTransition(incident.status, input);
    if (!check.ok) throw new AppError('invalid_transition', { userMessage: check.reason });

    const now = new Date();
    const closing = input.to === 'closed';
    const reopening = input.to === 'investigating' && (incident.status === 'closed' || incident.status === 'resolved');
    await tx.incident.update({
      where: { id: incident.id },
      data: {
        status: input.to,
        phase: check.phase,
        ...timestampsFor(incident, input.to, check.phase, now),
        ...(closing ? { resolution: input.resolution, resolutionSummary: input.summary } : {}),
        ...(reopening ? { reopenCount: { increment: 1 }, resolution: null } : {}),
      },
    });

    const summary = closing
      ? `Closed as ${RESOLUTION_LABELS[input.resolution!].toLowerCase()}: ${input.summary}`
      : `Status ${incident.status} → ${input.to}${check.phase !== incident.phase ? `, phase ${PHASE_LABELS[check.phase]}` : ''}`;
    await addTimelineEntry(tx, incident.id, actor, {
      kind: reopening ? 'reopen' : 'status_change',
      summary,
      data: { from: incident.status, to: input.to, fromPhase: incident.phase, phase: check.phase, resolution: input.resolution },
      at: now,
    });
    await writeAudit(tx, actor, {
      action: 'incident.status',
      targetType: 'incident',
      targetId: incident.id,
      details: { from: incident.status, to: input.to, phase: check.phase, resolution: input.resolution },
    });
  });
}
