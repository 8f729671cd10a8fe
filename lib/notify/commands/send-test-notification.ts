import 'server-only';
import { randomUUID } from 'node:crypto';
import { writeAudit, type AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';
import { notFound } from '../../errors';
import { deliverNotice } from '../deliver';
import { testNotice } from '../notice';

export interface TestSendResult {
  delivered: boolean;
  responseCode: number | null;
  /** What the target answered, secret-free: "HTTP 202" or the error. */
  message: string;
}

/**
 * Sends a test notice now, through the same code path as real notices, and reports the target's
 * answer. Works on disabled targets too, so a target can be checked before it is switched on.
 */
export async function sendTestNotification(targetId: string, actor: AuditActor): Promise<TestSendResult> {
  const target = await db.notificationTarget.findUnique({
    where: { id: targetId },
    select: { id: true, name: true, kind: true, configEnc: true },
  });
  if (!target) throw notFound('Notification target');

  const outcome = await deliverNotice(target, testNotice(), { deliveryId: `test-${randomUUID()}` });
  const delivered = outcome.result === 'sent';
  const message = delivered ? `HTTP ${outcome.responseCode ?? '?'}` : (outcome.error ?? 'not delivered');
  await db.$transaction((tx) =>
    writeAudit(tx, actor, {
      action: 'notification_target.test',
      targetType: 'notification_target',
      targetId: target.id,
      outcome: delivered ? 'ok' : 'failed',
      details: { name: target.name, kind: target.kind, responseCode: outcome.responseCode, message },
    }),
  );
  return { delivered, responseCode: outcome.responseCode, message };
}
