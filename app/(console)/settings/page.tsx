import type { Metadata } from 'next';
import { AuditLogVerify } from '@/components/settings/audit-log-verify';
import { ConnectClusterForm, DisconnectClusterButton } from '@/components/settings/cluster-connections';
import { ContainmentSettingsForm } from '@/components/settings/containment-settings';
import { CreateUserForm } from '@/components/settings/create-user-form';
import { NotificationTargets } from '@/components/settings/notification-targets';
import { TokenManager } from '@/components/settings/token-manager';
import { UserActions } from '@/components/settings/user-actions';
import { requireUser } from '@/lib/auth/session';
import { can, ROLE_DESCRIPTIONS, ROLES } from '@/lib/auth/roles';
import { containmentSettings } from '@/lib/containment/settings';
import { listNotificationTargets } from '@/lib/notify/queries';
import { listApiTokens, listClusters, listUsers } from '@/lib/settings/queries';

export const metadata: Metadata = { title: 'Settings' };
export const dynamic = 'force-dynamic';

export default async function SettingsPage() {
  const user = await requireUser('/settings');
  const isAdmin = can(user.role, 'admin.users');
  const canNotify = can(user.role, 'admin.notifications');
  const [users, tokens, clusters, notificationTargets, containment] = await Promise.all([
    isAdmin ? listUsers() : Promise.resolve([]),
    isAdmin ? listApiTokens() : Promise.resolve([]),
    listClusters(),
    canNotify ? listNotificationTargets() : Promise.resolve([]),
    containmentSettings(),
  ]);

  return (
    <div className="mx-auto max-w-5xl space-y-8 p-4">
      <section>
        <h1 className="mb-1 text-lg font-semibold">Settings</h1>
        <p className="text-sm text-muted">
          Signed in as {user.email} with the <strong className="text-slate-200">{user.role}</strong> role: {ROLE_DESCRIPTIONS[user.role]}.
        </p>
        <ul className="mt-2 grid gap-1 text-xs text-muted sm:grid-cols-2">
          {ROLES.map((role) => (
            <li key={role}><span className="text-slate-300">{role}</span> — {ROLE_DESCRIPTIONS[role]}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="clusters-heading">
        <h2 id="clusters-heading" className="mb-2 font-semibold">Clusters</h2>
        <table className="w-full text-sm">
          <thead className="text-left text-xs uppercase text-muted">
            <tr><th className="py-1">Name</th><th>Source</th><th>API server</th><th>State</th>{isAdmin ? <th /> : null}</tr>
          </thead>
          <tbody>
            {clusters.map((c) => (
              <tr key={c.id} className="border-t border-line" data-testid="cluster-row">
                <td className="py-1.5">{c.displayName} <span className="font-mono text-xs text-muted">({c.name})</span></td>
                <td>{c.source}</td>
                <td className="font-mono text-xs">{c.server ?? '—'}</td>
                <td>
                  <span data-testid="cluster-state">{c.state}</span>
                  {c.stateMessage ? <span className="block text-xs text-muted">{c.stateMessage}</span> : null}
                </td>
                {isAdmin ? (
                  <td className="text-right">
                    {c.source === 'kubeconfig' || c.source === 'in_cluster' ? <DisconnectClusterButton clusterId={c.id} name={c.name} /> : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
        {isAdmin ? <ConnectClusterForm /> : null}
      </section>

      {isAdmin ? (
        <>
          <section aria-labelledby="users-heading">
            <h2 id="users-heading" className="mb-2 font-semibold">Users</h2>
            <table className="mb-4 w-full text-sm" data-testid="user-table">
              <thead className="text-left text-xs uppercase text-muted">
                <tr><th className="py-1">Email</th><th>Name</th><th>Role</th><th>Sign-in</th><th>State</th><th /></tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id} className="border-t border-line" data-testid="user-row">
                    <td className="py-1.5">{u.email}</td>
                    <td>{u.name}</td>
                    <td>{u.role}</td>
                    <td className="text-muted">{u.sso ? 'SSO' : 'password'}</td>
                    <td>{u.disabled ? 'disabled' : u.lockedUntil ? `locked until ${u.lockedUntil.slice(11, 16)} UTC` : 'active'}</td>
                    <td className="text-right">
                      <UserActions userId={u.id} email={u.email} disabled={u.disabled} locked={u.lockedUntil !== null} isSelf={u.id === user.id} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <CreateUserForm />
          </section>
          <section aria-labelledby="tokens-heading">
            <h2 id="tokens-heading" className="mb-2 font-semibold">Ingest tokens</h2>
            <TokenManager tokens={tokens} clusters={clusters.map((c) => ({ id: c.id, name: c.name }))} />
          </section>
          <section aria-labelledby="containment-settings-heading">
            <h2 id="containment-settings-heading" className="mb-2 font-semibold">Containment</h2>
            <ContainmentSettingsForm requireSecondApprover={containment.requireSecondApprover} />
          </section>
          {canNotify ? (
            <section aria-labelledby="notifications-heading">
              <h2 id="notifications-heading" className="mb-1 font-semibold">Notifications</h2>
              <p className="mb-2 text-xs text-muted">
                New incidents at or above a target&apos;s severity are sent to it with a link to the incident; failed sends are retried for about an hour.
              </p>
              <NotificationTargets targets={notificationTargets} />
            </section>
          ) : null}
          <section aria-labelledby="audit-heading">
            <h2 id="audit-heading" className="mb-1 font-semibold">Audit log</h2>
            <p className="mb-2 text-xs text-muted">
              Every entry carries the hash of the one before it. Verifying recomputes the whole chain (as <code>npm run audit:verify</code> does) and names any row that was modified, deleted or inserted.
            </p>
            <AuditLogVerify />
          </section>
        </>
      ) : (
        <p className="rounded border border-line bg-panel p-3 text-sm text-muted" data-testid="admin-only">
          Users, ingest tokens and cluster connections are managed by admins.
        </p>
      )}
    </div>
  );
}
