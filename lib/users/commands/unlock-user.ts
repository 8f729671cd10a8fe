import 'server-only';
import { writeAudit, type AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';
import { notFound } from '../../errors';

/** Lifts a sign-in lockout before it runs out, and clears the failure count. */
export async function unlockUser(userId: string, actor: AuditActor): Promise<void> {
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true, lockedUntil: true, failedSignIns: true } });
    if (!user) throw notFound('User');
    await tx.user.update({ where: { id: userId }, data: { failedSignIns: 0, failedSignInsSince: null, lockedUntil: null } });
    await writeAudit(tx, actor, {
      action: 'user.unlock',
      targetType: 'user',
      targetId: userId,
      details: { email: user.email, wasLockedUntil: user.lockedUntil?.toISOString() ?? null, failures: user.failedSignIns },
    });
  });
}
