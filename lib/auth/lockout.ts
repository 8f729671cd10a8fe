// Per-account lockout of password sign-in: CORDON_SIGNIN_LOCKOUT_ATTEMPTS failures within
// CORDON_SIGNIN_LOCKOUT_MINUTES lock the account's password sign-in for as many minutes. The
// counters live on the user row, so every replica sees them; each change is written with its
// audit record in one transaction. The per-address rate limit (better-auth, 10 a minute) stays in
// front of this and slows one client guessing many accounts.
import 'server-only';
import { writeAudit, type AuditActor } from '../audit/write-audit';
import { db } from '../db/client';
import { env } from '../env';

export interface SignInRequestInfo {
  /** As typed, lower-cased; may name no account. */
  email: string;
  ip: string | null;
  userAgent: string | null;
}

function policy() {
  const e = env();
  return { attempts: e.CORDON_SIGNIN_LOCKOUT_ATTEMPTS, windowMs: e.CORDON_SIGNIN_LOCKOUT_MINUTES * 60_000 };
}

const actorFor = (info: SignInRequestInfo, userId: string | null): AuditActor => ({
  type: 'user',
  id: userId,
  label: info.email.slice(0, 320) || '(no email)',
  ip: info.ip,
});

/** When the account is locked now: the time it unlocks; otherwise null. Unknown emails are never locked. */
export async function lockedUntil(email: string, now = new Date()): Promise<{ userId: string; until: Date } | null> {
  if (policy().attempts === 0) return null;
  const user = await db.user.findUnique({ where: { email }, select: { id: true, lockedUntil: true } });
  if (!user?.lockedUntil || user.lockedUntil <= now) return null;
  return { userId: user.id, until: user.lockedUntil };
}

/**
 * Counts a failed password sign-in and locks the account when it reaches the limit. The count is
 * one atomic UPDATE, so concurrent failures on several replicas add up exactly once each.
 */
export async function recordFailedSignIn(info: SignInRequestInfo, reason: string, now = new Date()): Promise<{ locked: boolean }> {
  const { attempts, windowMs } = policy();
  const windowStart = new Date(now.getTime() - windowMs);
  const until = new Date(now.getTime() + windowMs);
  return await db.$transaction(async (tx) => {
    const rows =
      attempts === 0
        ? await tx.$queryRaw<{ id: string; failedSignIns: number }[]>`SELECT id, "failedSignIns" FROM "user" WHERE email = ${info.email}`
        : await tx.$queryRaw<{ id: string; failedSignIns: number }[]>`
            UPDATE "user" SET
              "failedSignIns" = CASE WHEN "failedSignInsSince" IS NULL OR "failedSignInsSince" <= ${windowStart}
                                     THEN 1 ELSE "failedSignIns" + 1 END,
              "failedSignInsSince" = CASE WHEN "failedSignInsSince" IS NULL OR "failedSignInsSince" <= ${windowStart}
                                          THEN ${now} ELSE "failedSignInsSince" END,
              "lockedUntil" = CASE WHEN (CASE WHEN "failedSignInsSince" IS NULL OR "failedSignInsSince" <= ${windowStart}
                                              THEN 1 ELSE "failedSignIns" + 1 END) >= ${attempts}
                                   THEN ${until} ELSE "lockedUntil" END,
              "updatedAt" = ${now}
            WHERE email = ${info.email}
            RETURNING id, "failedSignIns"`;
    const user = rows[0] ?? null;
    await writeAudit(tx, actorFor(info, user?.id ?? null), {
      action: 'auth.sign_in',
      outcome: 'failed',
      targetType: user ? 'user' : undefined,
      targetId: user?.id,
      details: { method: 'password', reason, userAgent: info.userAgent, failures: attempts === 0 ? undefined : user?.failedSignIns },
    });
    // Exactly one failure reaches the limit; later concurrent ones only extend the lock.
    const locked = attempts > 0 && user !== null && user.failedSignIns === attempts;
    if (locked) {
      await writeAudit(tx, { type: 'system', id: null, label: 'sign-in lockout', ip: info.ip }, {
        action: 'auth.lockout',
        targetType: 'user',
        targetId: user.id,
        details: { email: info.email, failures: attempts, windowMinutes: windowMs / 60_000, lockedUntil: until.toISOString() },
      });
    }
    return { locked };
  });
}

/** Audits a password attempt refused without checking the password (account locked or disabled). */
export async function recordRefusedSignIn(info: SignInRequestInfo, userId: string | null, reason: 'locked' | 'disabled', details: Record<string, unknown> = {}): Promise<void> {
  await db.$transaction((tx) =>
    writeAudit(tx, actorFor(info, userId), {
      action: 'auth.sign_in',
      outcome: 'denied',
      targetType: userId ? 'user' : undefined,
      targetId: userId ?? undefined,
      details: { method: 'password', reason, userAgent: info.userAgent, ...details },
    }),
  );
}

/** A successful sign-in (any method) clears the password failure count. */
export async function recordSignIn(
  info: SignInRequestInfo,
  user: { id: string; email: string },
  session: { id: string },
  method: 'password' | 'oidc',
  details: Record<string, unknown> = {},
): Promise<void> {
  await db.$transaction(async (tx) => {
    if (method === 'password') {
      await tx.user.update({ where: { id: user.id }, data: { failedSignIns: 0, failedSignInsSince: null, lockedUntil: null } });
    }
    await writeAudit(tx, { type: 'user', id: user.id, label: user.email, ip: info.ip }, {
      action: 'auth.sign_in',
      targetType: 'session',
      targetId: session.id,
      details: { method, userAgent: info.userAgent, ...details },
    });
  });
}
