import 'server-only';
import { writeAudit, type AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';
import { AppError, notFound } from '../../errors';
import type { AssignIncidentInput } from '../schemas';
import { addTimelineEntry } from '../timeline';

export async function assignIncident(input: AssignIncidentInput, actor: AuditActor): Promise<void> {
  await db.$transaction(async (tx) => {
    const incident = await tx.incident.findUnique({ where: { id: input.incidentId }, select: { id: true, assigneeId: true } });
    if (!incident) throw notFound(`Incident ${input.incidentId}`);
    const assignee = input.assigneeId
      ? await tx.user.findUnique({ where: { id: input.assigneeId }, select: { id: true, email: true, role: true, disabled: true } })
      : null;
    if (input.assigneeId && (!assignee || assignee.disabled)) throw notFound('User');
    if (assignee && assignee.role === 'viewer') {
      throw new AppError('bad_request', { userMessage: 'Viewers cannot be assigned incidents.' });
    }
    if (incident.assigneeId === (assignee?.id ?? null)) return;

    await tx.incident.update({ where: { id: incident.id }, data: { assigneeId: assignee?.id ?? null } });
    await addTimelineEntry(tx, incident.id, actor, {
      kind: 'assignment',
      summary: assignee ? `Assigned to ${assignee.email}` : 'Unassigned',
      data: { from: incident.assigneeId, to: assignee?.id ?? null },
    });
    await writeAudit(tx, actor, {
      action: 'incident.assign',
      targetType: 'incident',
      targetId: incident.id,
      details: { from: incident.assigneeId, to: assignee?.id ?? null },
    });
  });
}
