import 'server-only';
import { db } from '../db/client';

export interface SessionView {
  id: string;
  createdAt: string;
  /** When the session was last renewed: requests renew it at most hourly. */
  renewedAt: string;
  expiresAt: string;
  ipAddress: string | null;
  userAgent: string | null;
  current: boolean;
}

/** The user's sessions that have not expired, newest first. */
export async function listUserSessions(userId: string, currentSessionId: string): Promise<SessionView[]> {
  const sessions = await db.session.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, createdAt: true, updatedAt: true, expiresAt: true, ipAddress: true, userAgent: true },
  });
  return sessions.map((s) => ({
    id: s.id,
    createdAt: s.createdAt.toISOString(),
    renewedAt: s.updatedAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    ipAddress: s.ipAddress,
    userAgent: s.userAgent,
    current: s.id === currentSessionId,
  }));
}

/** How the user can sign in: "password" for a local password, "sso" for the identity provider. */
export async function signInMethods(userId: string): Promise<('password' | 'sso')[]> {
  const accounts = await db.account.findMany({ where: { userId }, select: { providerId: true } });
  const methods = new Set<'password' | 'sso'>(accounts.map((a) => (a.providerId === 'credential' ? 'password' : 'sso')));
  return [...methods].sort();
}
