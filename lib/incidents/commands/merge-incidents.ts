import 'server-only';
import { writeAudit, type AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';
import { AppError, notFound } from '../../errors';
import { addTimelineEntry } from '../timeline';

/**
 * Merges incidents into a primary one: their alerts, timeline and entities move to the primary;
 * each merged incident is closed as a duplicate pointing at it (mergedIntoId), so its deep link
 * and history still resolve, and later alerts on its entity join the primary.
 */
export async function mergeIncidents(input: { primaryId: number; ids: number[] }, actor: AuditActor): Promise<void> {
  const others = [...new Set(input.ids)].filter((id) => id !== input.primaryId);
  if (others.length === 0) throw new AppError('bad_request', { userMessage: 'Select at least one other incident to merge.' });
  await db.$transaction(async (tx) => {
    const all = [input.primaryId, ...others].sort((a, b) => a - b);
    // Lock in id order: concurrent merges and status changes cannot deadlock.
    const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM incident WHERE id = ANY(${all}::int[]) ORDER BY id FOR UPDATE`;
    if (locked.length !== all.length) throw notFound('One of the incidents');
    const incidents = await tx.incident.findMany({ where: { id: { in: all } } });
    const primary = incidents.find((i) => i.id === input.primaryId)!;
    const merged = incidents.filter((i) => i.id !== input.primaryId);
    if (primary.mergedIntoId || primary.status === 'closed') {
      throw new AppError('invalid_transition', { userMessage: `Incident ${primary.id} is closed; merge into an open incident.` });
    }
    const already = merged.find((i) => i.mergedIntoId !== null);
    if (already) throw new AppError('invalid_transition', { userMessage: `Incident ${already.id} was already merged into ${already.mergedIntoId}.` });

    await tx.$executeRaw`UPDATE alert SET "incidentId" = ${primary.id} WHERE "incidentId" = ANY(${others}::int[])`;
    // Timeline groups that exist on both sides add up; the rest move over.
    await tx.$executeRaw`
      UPDATE timeline_entry p SET count = p.count + s.count, "lastAt" = GREATEST(p."lastAt", s."lastAt")
        FROM timeline_entry s
       WHERE s."incidentId" = ANY(${others}::int[]) AND p."incidentId" = ${primary.id} AND p."groupKey" = s."groupKey"`;
    await tx.$executeRaw`
      DELETE FROM timeline_entry s USING timeline_entry p
       WHERE s."incidentId" = ANY(${others}::int[]) AND p."incidentId" = ${primary.id} AND p."groupKey" = s."groupKey"`;
    await tx.$executeRaw`
      UPDATE timeline_entry s SET "groupKey" = NULL
       WHERE s."incidentId" = ANY(${others}::int[]) AND s."groupKey" IS NOT NULL
         AND EXISTS (SELECT 1 FROM timeline_entry o WHERE o."incidentId" = ANY(${others}::int[]) AND o."groupKey" = s."groupKey" AND o.id < s.id)`;
    await tx.$executeRaw`UPDATE timeline_entry SET "incidentId" = ${primary.id} WHERE "incidentId" = ANY(${others}::int[])`;
    await tx.$executeRaw`
      INSERT INTO incident_entity ("incidentId", "entityId", "isPrimary", "firstSeenAt")
      SELECT ${primary.id}, "entityId", false, "firstSeenAt" FROM incident_entity WHERE "incidentId" = ANY(${others}::int[])
      ON CONFLICT DO NOTHING`;

    const rank = { info: 0, low: 1, medium: 2, high: 3, critical: 4 } as const;
    const severity = [primary, ...merged].reduce((s, i) => (rank[i.severity] > rank[s] ? i.severity : s), primary.severity);
    await tx.incident.update({
      where: { id: primary.id },
      data: {
        severity,
        alertCount: primary.alertCount + merged.reduce((n, i) => n + i.alertCount, 0),
        firstSeenAt: new Date(Math.min(...[primary, ...merged].map((i) => i.firstSeenAt.getTime()))),
        lastSeenAt: new Date(Math.max(...[primary, ...merged].map((i) => i.lastSeenAt.getTime()))),
        rules: [...new Set([primary, ...merged].flatMap((i) => i.rules))].sort(),
        techniques: [...new Set([primary, ...merged].flatMap((i) => i.techniques))].sort(),
      },
    });
    const now = new Date();
    await tx.incident.updateMany({
      where: { id: { in: others } },
      data: {
        mergedIntoId: primary.id,
        status: 'closed',
        phase: 'post_incident',
        resolution: 'duplicate',
        resolutionSummary: `Merged into incident ${primary.id}`,
        closedAt: now,
        alertCount: 0,
      },
    });
    await addTimelineEntry(tx, primary.id, actor, {
      kind: 'merge',
      summary: `Merged ${others.map((id) => `#${id}`).join(', ')} into this incident`,
      data: { merged: others },
      at: now,
    });
    for (const id of others) {
      await addTimelineEntry(tx, id, actor, { kind: 'merge', summary: `Merged into #${primary.id}`, data: { into: primary.id }, at: now });
    }
    await writeAudit(tx, actor, { action: 'incident.merge', targetType: 'incident', targetId: primary.id, details: { merged: others } });
  });
}
