import 'server-only';
import { writeAudit, type AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';
import { notFound } from '../../errors';

/** Its delivery log goes with it (the foreign key cascades); the audit row keeps the deletion. */
export async function deleteNotificationTarget(targetId: string, actor: AuditActor): Promise<void> {
  await db.$transaction(async (tx) => {
    const target = await tx.notificationTarget.findUnique({
      where: { id: targetId },
      select: { id: true, name: true, kind: true, _count: { select: { deliveries: true } } },
    });
    if (!target) throw notFound('Notification target');
    await tx.notificationTarget.delete({ where: { id: target.id } });
    await writeAudit(tx, actor, {
      action: 'notification_target.delete',
      targetType: 'notification_target',
      targetId: target.id,
      details: { name: target.name, kind: target.kind, deliveries: target._count.deliveries },
    });
  });
}
