import 'server-only';
import { writeAudit, type AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';

/** Ends every session of the user, this one included. */
export async function signOutEverywhere(userId: string, actor: AuditActor): Promise<{ sessionsEnded: number }> {
  return await db.$transaction(async (tx) => {
    const ended = await tx.session.deleteMany({ where: { userId } });
    await writeAudit(tx, actor, { action: 'auth.sign_out_everywhere', targetType: 'user', targetId: userId, details: { sessionsEnded: ended.count } });
    return { sessionsEnded: ended.count };
  });
}
