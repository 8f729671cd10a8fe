import type { Metadata } from 'next';
import { SessionList } from '@/components/account/session-list';
import { requireUser } from '@/lib/auth/session';
import { oidcSettings } from '@/lib/auth/oidc';
import { ROLE_DESCRIPTIONS } from '@/lib/auth/roles';
import { listUserSessions, signInMethods } from '@/lib/sessions/queries';

export const metadata: Metadata = { title: 'Your account' };
export const dynamic = 'force-dynamic';

export default async function AccountPage() {
  const user = await requireUser('/account');
  const [sessions, methods] = await Promise.all([listUserSessions(user.id, user.sessionId), signInMethods(user.id)]);
  const ssoName = oidcSettings()?.name ?? 'single sign-on';
  return (
    <div className="mx-auto max-w-4xl space-y-6 p-4">
      <section>
        <h1 className="mb-1 text-lg font-semibold">Your account</h1>
        <p className="text-sm text-muted">
          {user.name} · {user.email} · <strong className="text-slate-200">{user.role}</strong>: {ROLE_DESCRIPTIONS[user.role]}.
        </p>
        <p className="text-sm text-muted" data-testid="sign-in-methods">
          Signs in with {methods.map((m) => (m === 'password' ? 'a password' : ssoName)).join(' or ') || 'nothing'}
          {methods.includes('sso') ? '; the role follows your groups at the identity provider and is updated at each sign-in.' : '.'}
        </p>
      </section>
      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className="mb-1 font-semibold">Sessions</h2>
        <p className="mb-2 text-xs text-muted">
          A session ends after 12 hours without use. Revoking one signs that browser out at its next request.
        </p>
        <SessionList sessions={sessions} />
      </section>
    </div>
  );
}
