import 'server-only';
import { writeAudit, type AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';
import { AppError, notFound } from '../../errors';
import type { SetUserDisabledInput } from '../schemas';

/**
 * Disables or re-enables an account. Disabling ends every session the user has, in the same
 * transaction, so they are signed out at their next request on any replica; a disabled account
 * cannot start a new session with a password or single sign-on (lib/auth/auth.ts).
 */
export async function setUserDisabled(input: SetUserDisabledInput, actor: AuditActor & { id: string }): Promise<{ sessionsEnded: number }> {
  if (input.userId === actor.id && input.disabled) {
    throw new AppError('bad_request', { userMessage: 'You cannot disable your own account.' });
  }
  return await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, disabled: true } });
    if (!user) throw notFound('User');
    await tx.user.update({ where: { id: user.id }, data: { disabled: input.disabled } });
    const ended = input.disabled ? (await tx.session.deleteMany({ where: { userId: user.id } })).count : 0;
    await writeAudit(tx, actor, {
      action: input.disabled ? 'user.disable' : 'user.enable',
      targetType: 'user',
      targetId: user.id,
      details: { email: user.email, sessionsEnded: ended },
    });
    return { sessionsEnded: ended };
  });
}
