// The signed-in user, read from the session cookie on every request (sessions live in the
// database, so revoking one takes effect at once).
import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { AppError } from '../errors';
import { auth } from './auth';
import { can, isRole, type Permission, type Role } from './roles';

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** The session this request is signed in with. */
  sessionId: string;
}

export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth().api.getSession({ headers: await headers() });
  if (!session) return null;
  const user = session.user as typeof session.user & { role?: unknown; disabled?: unknown };
  if (user.disabled === true || !isRole(user.role)) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionId: session.session.id };
});

/** For pages: no session sends the browser to sign-in and back to `returnTo` afterwards. */
export async function requireUser(returnTo: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return user;
}

/** For actions and route handlers: throws instead of redirecting. */
export async function requirePermission(permission: Permission): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError('unauthenticated', { userMessage: 'Your session has ended. Sign in again.' });
  if (!can(user.role, permission)) {
    throw new AppError('forbidden', {
      userMessage: `Your role (${user.role}) does not allow this.`,
      details: { permission },
    });
  }
  return user;
}
