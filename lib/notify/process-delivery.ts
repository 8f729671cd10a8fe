// One claimed delivery: send it and record the outcome (and, when it is final, a timeline entry)
// in one short transaction. The claim (worker.ts) already counted the attempt.
import 'server-only';
import { db } from '../db/client';
import type { DeliveryStatus, NotificationKind } from '../db/generated/enums';
import { addTimelineEntry } from '../incidents/timeline';
import { deliverNotice } from './deliver';
import { loadIncidentNotice } from './notice';
import { retryDelayMs, type RetryPolicy } from './retry-policy';
import { INCIDENT_EVENTS, type IncidentEvent } from './schemas';
import type { SendOutcome } from './send';
import { describeTarget } from './targets';

export interface ClaimedDelivery {
  id: string;
  targetId: string;
  incidentId: number;
  event: string;
  /** Including the attempt being made now. */
  attempts: number;
}

export const NOTIFIER_ACTOR = { type: 'system' as const, id: null, label: 'Cordon notifier' };

const failedWithoutSending = (error: string): SendOutcome => ({ result: 'failed', responseCode: null, error, retryAfterMs: null });

export async function processDelivery(
  delivery: ClaimedDelivery,
  options: { policy: RetryPolicy; timeoutMs: number },
): Promise<void> {
  const target = await db.notificationTarget.findUnique({
    where: { id: delivery.targetId },
    select: { id: true, kind: true, name: true, enabled: true, configEnc: true },
  });
  if (!target) return; // deleted since: its deliveries went with it

  let outcome: SendOutcome;
  if (delivery.attempts > options.policy.maxAttempts) {
    // Earlier attempts were claimed but never recorded (the process died mid-send).
    outcome = failedWithoutSending('gave up: earlier attempts ended without an answer');
  } else if (!target.enabled) {
    outcome = failedWithoutSending('not sent: the target was disabled');
  } else if (!(INCIDENT_EVENTS as readonly string[]).includes(delivery.event)) {
    outcome = failedWithoutSending(`not sent: unknown event ${delivery.event.slice(0, 40)}`);
  } else {
    const notice = await loadIncidentNotice(delivery.incidentId, delivery.event as IncidentEvent);
    if (!notice) return; // incident deleted: the delivery went with it
    outcome = await deliverNotice(target, notice, { deliveryId: delivery.id, timeoutMs: options.timeoutMs });
  }
  await recordAttempt(delivery, target, outcome, options.policy);
}

async function recordAttempt(
  delivery: ClaimedDelivery,
  target: { kind: NotificationKind; name: string },
  outcome: SendOutcome,
  policy: RetryPolicy,
): Promise<void> {
  const exhausted = delivery.attempts >= policy.maxAttempts;
  const status: DeliveryStatus =
    outcome.result === 'sent' ? 'sent' : outcome.result === 'failed' || exhausted ? 'failed' : 'retrying';
  const delayMs = status === 'retrying' ? retryDelayMs(delivery.attempts, policy, outcome.retryAfterMs) : 0;

  await db.$transaction(async (tx) => {
    // The database clock (in UTC, like every Prisma timestamp) is the one clock all replicas share.
    // The attempts guard drops this result if our lease ran out and another worker took over.
    const updated = await tx.$executeRaw`
      UPDATE notification_delivery SET
        status = ${status}::"DeliveryStatus",
        "responseCode" = ${outcome.responseCode},
        "lastError" = COALESCE(${outcome.error}, "lastError"),
        "sentAt" = CASE WHEN ${status === 'sent'} THEN now() AT TIME ZONE 'UTC' ELSE "sentAt" END,
        "nextAttemptAt" = (now() AT TIME ZONE 'UTC') + ${delayMs} * interval '1 millisecond'
      WHERE id = ${delivery.id} AND attempts = ${delivery.attempts} AND status IN ('pending', 'retrying')`;
    if (updated === 0 || status === 'retrying') return;

    const who = describeTarget(target);
    const tries = `${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}`;
    await addTimelineEntry(tx, delivery.incidentId, NOTIFIER_ACTOR, {
      kind: 'notification',
      summary:
        status === 'sent'
          ? `Notified ${who} — delivered${delivery.attempts > 1 ? ` after ${tries}` : ''}`
          : `Notifying ${who} failed after ${tries}: ${outcome.error ?? 'unknown error'}`,
      data: {
        deliveryId: delivery.id,
        targetId: delivery.targetId,
        targetKind: target.kind,
        event: delivery.event,
        status,
        attempts: delivery.attempts,
        responseCode: outcome.responseCode,
      },
    });
  });
}
