// A stored blob that no longer matches its hash is an alert of its own. It is written as a Cordon
// alert (source `cordon`) on an incident of its own — one open "evidence integrity" incident per
// affected incident, so repeated failures collect there instead of opening many — which appears
// in the queue, pages the notification targets like any new incident, and is noted on the
// timeline of the incident the evidence belongs to.
import 'server-only';
import type { Tx } from '../db/client';
import { enqueueIncidentNotificationsTx } from '../notify/enqueue';
import { addTimelineEntry } from '../incidents/timeline';
import { announceIncident } from './custody';

export const INTEGRITY_RULE = 'Evidence integrity check failed';
// MITRE ATT&CK T1565.001 Data Manipulation: Stored Data Manipulation.
const TECHNIQUE = 'T1565.001';

export interface IntegrityFailure {
  evidenceId: string;
  filename: string;
  incidentId: number | null;
  expected: string;
  actual: string | null;
  reason: 'mismatch' | 'missing';
}

export async function raiseIntegrityAlert(tx: Tx, failure: IntegrityFailure, now: Date): Promise<{ incidentId: number }> {
  const origin = failure.incidentId === null
    ? null
    : await tx.incident.findUnique({ where: { id: failure.incidentId }, select: { id: true, clusterId: true, namespace: true } });
  const correlationKey = `evidence-integrity|${origin?.id ?? 'unattached'}`;
  const title = `${INTEGRITY_RULE}: ${failure.filename}${origin ? ` (incident #${origin.id})` : ''}`;
  const dedupKey = `evidence-integrity:${failure.evidenceId}`;

  let target = await tx.incident.findFirst({
    where: { correlationKey, status: { notIn: ['resolved', 'closed'] }, mergedIntoId: null },
    select: { id: true },
    orderBy: { id: 'desc' },
  });
  const created = !target;
  target ??= await tx.incident.create({
    data: {
      title: origin ? `Evidence of incident #${origin.id} failed its integrity check` : 'Evidence failed its integrity check',
      summary: 'A stored evidence blob no longer matches the SHA-256 recorded when it was collected.',
      severity: 'critical',
      correlationKey,
      clusterId: origin?.clusterId ?? null,
      namespace: origin?.namespace ?? null,
      rules: [INTEGRITY_RULE],
      techniques: [TECHNIQUE],
      firstSeenAt: now,
      lastSeenAt: now,
      detectedAt: now,
    },
    select: { id: true },
  });

  const fields = { ...failure, evidenceUrl: failure.incidentId ? `/incidents/${failure.incidentId}#evidence` : null };
  await tx.alert.create({
    data: {
      source: 'cordon',
      sourceEventId: `evidence-verify:${failure.evidenceId}:${now.getTime()}`,
      dedupKey,
      rule: INTEGRITY_RULE,
      title,
      severity: 'critical',
      occurredAt: now,
      receivedAt: now,
      clusterId: origin?.clusterId ?? null,
      namespace: origin?.namespace ?? null,
      techniques: [TECHNIQUE],
      tags: ['evidence', 'integrity'],
      fields,
      raw: fields,
      incidentId: target.id,
    },
  });
  await tx.incident.update({ where: { id: target.id }, data: { alertCount: { increment: 1 }, lastSeenAt: now } });
  // Same shape as the ingest writer's alert groups: repeats of one evidence item collapse.
  const data = JSON.stringify({ source: 'cordon', severity: 'critical', rule: INTEGRITY_RULE, evidenceId: failure.evidenceId });
  await tx.$executeRaw`
    INSERT INTO timeline_entry ("incidentId", at, kind, "actorType", "actorLabel", summary, data, "groupKey", count, "lastAt")
    VALUES (${target.id}, ${now}, 'alert'::"TimelineKind", 'system'::"ActorType", 'Cordon evidence verifier', ${title}, ${data}::jsonb, ${dedupKey}, 1, ${now})
    ON CONFLICT ("incidentId", "groupKey") DO UPDATE SET count = timeline_entry.count + 1, "lastAt" = EXCLUDED."lastAt"`;
  if (created) await enqueueIncidentNotificationsTx(tx, [{ id: target.id, severity: 'critical' }], 'incident.created');

  if (origin) {
    await addTimelineEntry(tx, origin.id, { type: 'system', id: null, label: 'Cordon evidence verifier' }, {
      kind: 'evidence',
      summary: `Integrity check FAILED for ${failure.filename} (${failure.reason}); alert raised on incident #${target.id}`,
      data: { evidenceId: failure.evidenceId, expected: failure.expected, actual: failure.actual, alertIncidentId: target.id },
      at: now,
    });
    await announceIncident(tx, origin.id);
  }
  await announceIncident(tx, target.id);
  return { incidentId: target.id };
}
