// Password sign-in through better-auth's request handler: per-account lockout, audit of every
// outcome, the session cookie's flags and the session's sliding expiry.
import { beforeAll, describe, expect, it } from 'vitest';
import { authDb, db } from '../db/client';
import { resetEnvCache } from '../env';
import { TestBrowser } from '../test/auth-browser';
import { useTestDatabase } from '../test/database';
import { uniqueSuffix } from '../test/factories';
import { createUser } from '../users/commands/create-user';
import { auth, resetAuth } from './auth';

describe('[AUTH] password sign-in and sessions', () => {
  useTestDatabase();

  const PASSWORD = 'the-right-password';

  function configure(publicUrl: string) {
    process.env.CORDON_PUBLIC_URL = publicUrl;
    delete process.env.CORDON_OIDC_ISSUER;
    process.env.CORDON_SIGNIN_LOCKOUT_ATTEMPTS = '10';
    process.env.CORDON_SIGNIN_LOCKOUT_MINUTES = '15';
    resetEnvCache();
    resetAuth();
  }

  async function newUser(role = 'analyst') {
    const email = `local-${uniqueSuffix()}@test.local`;
    const { id } = await createUser({ email, name: 'Local user', role: role as 'analyst', password: PASSWORD }, { type: 'system', id: null, label: 'test' });
    return { id, email };
  }

  /** Each attempt from a new address, so the per-address rate limit never answers first. */
  async function signIn(email: string, password: string, browser = new TestBrowser()) {
    const response = await browser.request('/api/auth/sign-in/email', {
      method: 'POST',
      contentType: 'application/json',
      body: JSON.stringify({ email, password }),
    });
    return { ...response, browser, json: JSON.parse(response.text || '{}') as { code?: string; message?: string } };
  }

  const auditFor = (userId: string) => db.auditLog.findMany({ where: { OR: [{ targetId: userId }, { actorId: userId }] }, orderBy: { id: 'asc' } });

  beforeAll(() => configure('http://127.0.0.1:3998'));

  describe('[AUTH] password sign-in lockout', () => {
    it('locks an account after 10 failures in 15 minutes, refuses even the right password, and audits each step', async () => {
      const user = await newUser();
      for (let i = 1; i <= 9; i += 1) expect((await signIn(user.email, `wrong-${i}`)).status).toBe(401);
      expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ failedSignIns: 9, lockedUntil: null });

      expect((await signIn(user.email, 'wrong-10')).status).toBe(401);
      const locked = await db.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(locked.lockedUntil!.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);

      const refused = await signIn(user.email, PASSWORD);
      expect(refused.status).toBe(423);
      expect(refused.json.code).toBe('account_locked');
      expect(refused.json.message).toMatch(/locked after repeated failed sign-ins\. Try again in 15 minutes/);
      expect(refused.browser.cookies().size).toBe(0);

      const audit = await auditFor(user.id);
      const signIns = audit.filter((a) => a.action === 'auth.sign_in');
      expect(signIns).toHaveLength(11);
      expect(signIns.slice(0, 10).every((a) => a.outcome === 'failed' && (a.details as { reason?: string }).reason === 'bad_credentials')).toBe(true);
      expect(signIns[10]).toMatchObject({ outcome: 'denied', details: expect.objectContaining({ reason: 'locked' }) as unknown });
      const lockout = audit.filter((a) => a.action === 'auth.lockout');
      expect(lockout).toHaveLength(1);
      expect(lockout[0]!.details).toMatchObject({ email: user.email, failures: 10, windowMinutes: 15 });
    });

    it('counts concurrent failures exactly: one lockout record however the attempts interleave', async () => {
      const user = await newUser();
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn(user.email, `wrong-${i}`)));
      expect(results.every((r) => r.status === 401 || r.status === 423)).toBe(true);
      expect(await db.auditLog.count({ where: { action: 'auth.lockout', targetId: user.id } })).toBe(1);
    });

    it('unlocks by itself when the time is up, and a good sign-in clears the count', async () => {
      const user = await newUser();
      await db.user.update({ where: { id: user.id }, data: { failedSignIns: 10, failedSignInsSince: new Date(Date.now() - 31 * 60_000), lockedUntil: new Date(Date.now() - 1_000) } });
      const ok = await signIn(user.email, PASSWORD);
      expect(ok.status).toBe(200);
      expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ failedSignIns: 0, failedSignInsSince: null, lockedUntil: null });
      const last = (await auditFor(user.id)).at(-1)!;
      expect(last).toMatchObject({ action: 'auth.sign_in', outcome: 'ok', details: expect.objectContaining({ method: 'password' }) as unknown });
    });

    it('forgets failures older than the window', async () => {
      const user = await newUser();
      await db.user.update({ where: { id: user.id }, data: { failedSignIns: 9, failedSignInsSince: new Date(Date.now() - 16 * 60_000) } });
      expect((await signIn(user.email, 'wrong')).status).toBe(401);
      expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ failedSignIns: 1, lockedUntil: null });
    });

    it('audits failures for emails that name no account, and locks nothing', async () => {
      const email = `nobody-${uniqueSuffix()}@test.local`;
      for (let i = 0; i < 11; i += 1) expect((await signIn(email, 'whatever-password')).status).toBe(401);
      const rows = await db.auditLog.findMany({ where: { actorLabel: email } });
      expect(rows).toHaveLength(11);
      expect(rows.every((r) => r.outcome === 'failed' && r.actorId === null)).toBe(true);
    });

    it('refuses a disabled account with the right password, and audits it as denied', async () => {
      const user = await newUser();
      await db.user.update({ where: { id: user.id }, data: { disabled: true } });
      const refused = await signIn(user.email, PASSWORD);
      expect(refused.status).toBe(403);
      expect(refused.json.code).toBe('account_disabled');
      expect((await auditFor(user.id)).at(-1)).toMatchObject({ action: 'auth.sign_in', outcome: 'denied', details: expect.objectContaining({ reason: 'disabled' }) as unknown });
    });

    it('audits sign-out with the session it ended', async () => {
      const user = await newUser();
      const { browser } = await signIn(user.email, PASSWORD);
      const session = await db.session.findFirstOrThrow({ where: { userId: user.id } });
      const out = await browser.request('/api/auth/sign-out', { method: 'POST', contentType: 'application/json', body: '{}' });
      expect(out.status).toBe(200);
      expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
      expect((await auditFor(user.id)).at(-1)).toMatchObject({ action: 'auth.sign_out', targetType: 'session', targetId: session.id });
    });
  });

  describe('[AUTH] sessions', () => {
    it('sets an httpOnly, SameSite=Lax session cookie for 12 hours, without Secure on plain http', async () => {
      const user = await newUser();
      const ok = await signIn(user.email, PASSWORD);
      const cookie = ok.headers.getSetCookie().find((c) => c.startsWith('cordon.session_token='));
      expect(cookie).toBeDefined();
      expect(cookie).toMatch(/; Max-Age=43200/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).not.toMatch(/Secure|Domain=/);
      const session = await db.session.findFirstOrThrow({ where: { userId: user.id } });
      expect(session.expiresAt.getTime() - Date.now()).toBeGreaterThan(11.9 * 3600_000);
    });

    it('slides the expiry forward on use, at most hourly', async () => {
      const user = await newUser();
      const { browser } = await signIn(user.email, PASSWORD);
      const session = await db.session.findFirstOrThrow({ where: { userId: user.id } });
      // As if last refreshed two hours ago.
      await db.session.update({ where: { id: session.id }, data: { expiresAt: new Date(Date.now() + 10 * 3600_000) } });
      const current = await auth().api.getSession({ headers: new Headers({ cookie: browser.cookieHeader() }) });
      expect(current?.user.email).toBe(user.email);
      const refreshed = await db.session.findUniqueOrThrow({ where: { id: session.id } });
      expect(refreshed.expiresAt.getTime() - Date.now()).toBeGreaterThan(11.9 * 3600_000);
    });

    it('refuses an expired session', async () => {
      const user = await newUser();
      const { browser } = await signIn(user.email, PASSWORD);
      await authDb.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
      expect(await auth().api.getSession({ headers: new Headers({ cookie: browser.cookieHeader() }) })).toBeNull();
    });
  });

  describe('[AUTH] sessions behind https', () => {
    beforeAll(() => configure('https://cordon.example'));

    it('names the cookie __Secure- and marks it Secure when the public URL is https', async () => {
      const user = await newUser();
      const ok = await signIn(user.email, PASSWORD);
      expect(ok.status).toBe(200);
      const cookie = ok.headers.getSetCookie().find((c) => c.includes('cordon.session_token='));
      expect(cookie).toMatch(/^__Secure-cordon\.session_token=/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
    });
  });
});
