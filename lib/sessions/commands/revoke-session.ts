import 'server-only';
import { writeAudit, type AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';
import { AppError, notFound } from '../../errors';

/**
 * Ends one of the user's own other sessions (a browser left signed in elsewhere). Sessions live in
 * the database, so the other browser is signed out at its next request.
 */
export async function revokeSession(input: { sessionId: string }, user: { id: string; sessionId: string }, actor: AuditActor): Promise<void> {
  if (input.sessionId === user.sessionId) {
    throw new AppError('bad_request', { userMessage: 'This is the session you are using: sign out instead.' });
  }
  await db.$transaction(async (tx) => {
    const ended = await tx.session.deleteMany({ where: { id: input.sessionId, userId: user.id } });
    if (ended.count === 0) throw notFound('Session');
    await writeAudit(tx, actor, { action: 'session.revoke', targetType: 'session', targetId: input.sessionId, details: { userId: user.id } });
  });
}
