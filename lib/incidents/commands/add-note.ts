import 'server-only';
import { writeAudit, type AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';
import { notFound } from '../../errors';
import { addTimelineEntry } from '../timeline';

/** A Markdown note (stored as written; rendered sanitised) and its timeline entry. */
export async function addNote(input: { incidentId: number; body: string }, actor: AuditActor & { type: 'user'; id: string }): Promise<{ id: string }> {
  return await db.$transaction(async (tx) => {
    const incident = await tx.incident.findUnique({ where: { id: input.incidentId }, select: { id: true } });
    if (!incident) throw notFound(`Incident ${input.incidentId}`);
    const note = await tx.note.create({ data: { incidentId: incident.id, authorId: actor.id, body: input.body }, select: { id: true } });
    const firstLine = input.body.split('\n').find((line) => line.trim())?.trim() ?? '';
    await addTimelineEntry(tx, incident.id, actor, {
      kind: 'note',
      summary: firstLine.length > 140 ? `${firstLine.slice(0, 140)}…` : firstLine,
      data: { noteId: note.id },
    });
    await writeAudit(tx, actor, { action: 'incident.note', targetType: 'incident', targetId: incident.id, details: { noteId: note.id } });
    return note;
  });
}
