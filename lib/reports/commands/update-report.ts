import 'server-only';
import { writeAudit, type AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';
import { notFound } from '../../errors';
import { addTimelineEntry } from '../../incidents/timeline';
import type { UpdateReportInput } from '../schemas';

const FIELDS = ['summary', 'impact', 'rootCause', 'lessonsLearned', 'followUps'] as const;

/** Saves the analyst-written parts of the report; the audit row names the sections that changed. */
export async function updateReport(input: UpdateReportInput, actor: AuditActor & { type: 'user'; id: string }): Promise<{ changed: string[] }> {
  return await db.$transaction(async (tx) => {
    const incident = await tx.incident.findUnique({ where: { id: input.incidentId }, select: { id: true } });
    if (!incident) throw notFound(`Incident ${input.incidentId}`);
    const before = await tx.postIncidentReport.findUnique({ where: { incidentId: incident.id } });
    const data = {
      summary: input.summary,
      impact: input.impact,
      rootCause: input.rootCause,
      lessonsLearned: input.lessonsLearned,
      followUps: input.followUps.map((f) => ({ text: f.text, owner: f.owner, done: f.done })),
      updatedById: actor.id,
    };
    const changed = FIELDS.filter((field) => JSON.stringify(before?.[field] ?? (field === 'followUps' ? [] : '')) !== JSON.stringify(data[field]));
    if (changed.length === 0) return { changed };
    await tx.postIncidentReport.upsert({ where: { incidentId: incident.id }, create: { incidentId: incident.id, ...data }, update: data });
    await addTimelineEntry(tx, incident.id, actor, {
      kind: 'report',
      summary: `Post-incident report updated: ${changed.join(', ')}`,
      data: { changed: [...changed] },
    });
    await writeAudit(tx, actor, { action: 'report.edit', targetType: 'incident', targetId: incident.id, details: { changed: [...changed] } });
    return { changed: [...changed] };
  });
}
