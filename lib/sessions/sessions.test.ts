// Session revocation: one's own other sessions, sign out everywhere, an admin disabling a user,
// an admin lifting a lockout. Sessions are started through better-auth's real handler.
import { beforeAll, describe, expect, it } from 'vitest';
import { auth, resetAuth } from '../auth/auth';
import { db } from '../db/client';
import { resetEnvCache } from '../env';
import { TestBrowser } from '../test/auth-browser';
import { useTestDatabase } from '../test/database';
import { uniqueSuffix } from '../test/factories';
import { createUser } from '../users/commands/create-user';
import { setUserDisabled } from '../users/commands/set-user-disabled';
import { unlockUser } from '../users/commands/unlock-user';
import { revokeSession } from './commands/revoke-session';
import { signOutEverywhere } from './commands/sign-out-everywhere';
import { listUserSessions } from './queries';

const PASSWORD = 'the-right-password';

describe('[AUTH] session revocation', () => {
  useTestDatabase();

  beforeAll(() => {
    process.env.CORDON_PUBLIC_URL = 'http://127.0.0.1:3997';
    delete process.env.CORDON_OIDC_ISSUER;
    resetEnvCache();
    resetAuth();
  });

  async function userWithSessions(count: number, role: 'analyst' | 'admin' = 'analyst') {
    const email = `sessions-${uniqueSuffix()}@test.local`;
    const { id } = await createUser({ email, name: 'Sessions', role, password: PASSWORD }, { type: 'system', id: null, label: 'test' });
    const browsers: TestBrowser[] = [];
    for (let i = 0; i < count; i += 1) {
      const browser = new TestBrowser({ 'user-agent': `browser ${i}` });
      const response = await browser.request('/api/auth/sign-in/email', { method: 'POST', contentType: 'application/json', body: JSON.stringify({ email, password: PASSWORD }) });
      expect(response.status).toBe(200);
      browsers.push(browser);
    }
    const sessions = await db.session.findMany({ where: { userId: id }, orderBy: { createdAt: 'asc' } });
    const actor = { type: 'user' as const, id, label: email, ip: '192.0.2.1' };
    return { id, email, browsers, sessions, actor };
  }

  const signedIn = async (browser: TestBrowser) => (await auth().api.getSession({ headers: new Headers({ cookie: browser.cookieHeader() }) })) !== null;

  it('lists the user\'s sessions with address, browser and which one is this', async () => {
    const { id, sessions } = await userWithSessions(2);
    const list = await listUserSessions(id, sessions[1]!.id);
    expect(list).toHaveLength(2);
    expect(list.find((s) => s.current)?.userAgent).toBe('browser 1');
    expect(list.find((s) => !s.current)).toMatchObject({ userAgent: 'browser 0', ipAddress: expect.stringMatching(/^198\.51\./) as unknown });
  });

  it('revokes another of one\'s own sessions, audited; not the current one, not someone else\'s', async () => {
    const me = await userWithSessions(2);
    const other = await userWithSessions(1);
    const current = me.sessions[1]!.id;
    await revokeSession({ sessionId: me.sessions[0]!.id }, { id: me.id, sessionId: current }, me.actor);
    expect(await signedIn(me.browsers[0]!)).toBe(false);
    expect(await signedIn(me.browsers[1]!)).toBe(true);
    expect(await db.auditLog.findFirst({ where: { action: 'session.revoke', targetId: me.sessions[0]!.id } })).toMatchObject({ actorId: me.id, ip: '192.0.2.1' });

    await expect(revokeSession({ sessionId: current }, { id: me.id, sessionId: current }, me.actor)).rejects.toMatchObject({ code: 'bad_request' });
    await expect(revokeSession({ sessionId: other.sessions[0]!.id }, { id: me.id, sessionId: current }, me.actor)).rejects.toMatchObject({ code: 'not_found' });
    expect(await signedIn(other.browsers[0]!)).toBe(true);
  });

  it('signs out everywhere, this session included', async () => {
    const me = await userWithSessions(3);
    expect(await signOutEverywhere(me.id, me.actor)).toEqual({ sessionsEnded: 3 });
    for (const browser of me.browsers) expect(await signedIn(browser)).toBe(false);
    expect((await db.auditLog.findFirstOrThrow({ where: { action: 'auth.sign_out_everywhere', targetId: me.id } })).details).toEqual({ sessionsEnded: 3 });
  });

  it('ends every session of a user an admin disables, and lets them back in once enabled', async () => {
    const admin = await userWithSessions(1, 'admin');
    const user = await userWithSessions(2);
    expect(await setUserDisabled({ userId: user.id, disabled: true }, admin.actor)).toEqual({ sessionsEnded: 2 });
    for (const browser of user.browsers) expect(await signedIn(browser)).toBe(false);
    const refused = await new TestBrowser().request('/api/auth/sign-in/email', { method: 'POST', contentType: 'application/json', body: JSON.stringify({ email: user.email, password: PASSWORD }) });
    expect(refused.status).toBe(403);
    expect((await db.auditLog.findFirstOrThrow({ where: { action: 'user.disable', targetId: user.id } })).details).toEqual({ email: user.email, sessionsEnded: 2 });

    await setUserDisabled({ userId: user.id, disabled: false }, admin.actor);
    const back = await new TestBrowser().request('/api/auth/sign-in/email', { method: 'POST', contentType: 'application/json', body: JSON.stringify({ email: user.email, password: PASSWORD }) });
    expect(back.status).toBe(200);
    await expect(setUserDisabled({ userId: admin.id, disabled: true }, admin.actor)).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('lifts a lockout early, audited', async () => {
    const admin = await userWithSessions(0, 'admin');
    const user = await userWithSessions(0);
    await db.user.update({ where: { id: user.id }, data: { failedSignIns: 10, failedSignInsSince: new Date(), lockedUntil: new Date(Date.now() + 15 * 60_000) } });
    await unlockUser(user.id, admin.actor);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ failedSignIns: 0, lockedUntil: null });
    const ok = await new TestBrowser().request('/api/auth/sign-in/email', { method: 'POST', contentType: 'application/json', body: JSON.stringify({ email: user.email, password: PASSWORD }) });
    expect(ok.status).toBe(200);
    expect((await db.auditLog.findFirstOrThrow({ where: { action: 'user.unlock', targetId: user.id } })).details).toMatchObject({ failures: 10 });
  });
});
