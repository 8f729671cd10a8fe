import 'server-only';
import { writeAudit, type AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';
import { notFound } from '../../errors';
import type { SetTargetEnabledInput } from '../schemas';

/** Disabling also stops deliveries already queued for the target (the worker checks at send time). */
export async function setNotificationTargetEnabled(input: SetTargetEnabledInput, actor: AuditActor): Promise<void> {
  await db.$transaction(async (tx) => {
    const target = await tx.notificationTarget.findUnique({
      where: { id: input.targetId },
      select: { id: true, name: true, kind: true, enabled: true },
    });
    if (!target) throw notFound('Notification target');
    if (target.enabled === input.enabled) return;
    await tx.notificationTarget.update({ where: { id: target.id }, data: { enabled: input.enabled } });
    await writeAudit(tx, actor, {
      action: input.enabled ? 'notification_target.enable' : 'notification_target.disable',
      targetType: 'notification_target',
      targetId: target.id,
      details: { name: target.name, kind: target.kind },
    });
  });
}
