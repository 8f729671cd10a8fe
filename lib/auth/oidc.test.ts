// Single sign-on against a real OpenID Connect provider on loopback (lib/test/oidc-provider.ts):
// discovery, the authorization code flow with PKCE, group → role mapping on every sign-in and the
// refusals, driven through better-auth's own request handler with a cookie jar.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authDb, db } from '../db/client';
import { publicUrl, resetEnvCache } from '../env';
import { TestBrowser } from '../test/auth-browser';
import { useTestDatabase } from '../test/database';
import { createTestUser, uniqueSuffix } from '../test/factories';
import { startTestIdp, type TestIdp, type TestIdpUser } from '../test/oidc-provider';
import { auth, resetAuth } from './auth';

describe('[AUTH][SSO] single sign-on', () => {
  useTestDatabase();

  const BASE = 'http://127.0.0.1:3999';
  const users = new Map<string, TestIdpUser>();
  let first: TestIdp;
  let idp: TestIdp; // the one the console is configured with

  function addIdpUser(groups: string[]): { login: string; email: string } {
    const login = `sso-${uniqueSuffix()}`;
    const email = `${login}@idp.test`;
    users.set(login, { email, name: `SSO ${login}`, password: 'idp-password', groups });
    return { login, email };
  }

  async function configure(issuer: string, extra: Record<string, string> = {}) {
    Object.assign(process.env, {
      CORDON_PUBLIC_URL: BASE,
      CORDON_OIDC_ISSUER: issuer,
      CORDON_OIDC_CLIENT_ID: 'cordon',
      CORDON_OIDC_CLIENT_SECRET: 'cordon-client-secret',
      CORDON_OIDC_NAME: 'Test IdP',
      CORDON_OIDC_SCOPES: 'openid email profile groups',
      CORDON_OIDC_ROLE_MAP: 'sec-admins=admin,sec-responders=responder,sec-analysts=analyst',
      CORDON_OIDC_DEFAULT_ROLE: 'none',
      ...extra,
    });
    resetEnvCache();
    resetAuth();
    await Promise.resolve();
  }

  /** Clicks "Sign in with Test IdP", signs in at the IdP and returns where the console sends the browser. */
  async function ssoSignIn(browser: TestBrowser, login: string, password = 'idp-password') {
    const start = await browser.request('/api/auth/sign-in/social', {
      method: 'POST',
      contentType: 'application/json',
      body: JSON.stringify({ provider: 'oidc', callbackURL: '/incidents', errorCallbackURL: '/sign-in?next=%2Fincidents' }),
    });
    expect(start.status).toBe(200);
    const { url } = JSON.parse(start.text) as { url: string };
    expect(url.startsWith(`${idp.issuer}/`)).toBe(true);
    const loginPage = await browser.follow(await browser.request(url));
    expect(loginPage.text).toContain('Username');
    const submitted = await browser.request(`${loginPage.url}/login`, {
      method: 'POST',
      contentType: 'application/x-www-form-urlencoded',
      body: new URLSearchParams({ login, password }).toString(),
    });
    const landed = await browser.follow(submitted, (next) => next.origin === BASE && !next.pathname.startsWith('/api/auth/'));
    return new URL(landed.location ?? landed.url);
  }

  async function sessionUser(browser: TestBrowser) {
    const session = await auth().api.getSession({ headers: new Headers({ cookie: browser.cookieHeader() }) });
    return session ? (session.user as typeof session.user & { role: string }) : null;
  }

  beforeAll(async () => {
    idp = first = await startTestIdp({
      clients: [{ clientId: 'cordon', clientSecret: 'cordon-client-secret', redirectUris: [`${BASE}/api/auth/callback/oidc`] }],
      users,
    });
    await configure(idp.issuer);
    expect(publicUrl()).toBe(BASE);
  });

  afterAll(async () => {
    await first.close();
  });

  describe('[AUTH][SSO] OpenID Connect sign-in', () => {
    it('creates a user with the role of their IdP group, with no local password and no stored IdP tokens', async () => {
      const { login, email } = addIdpUser(['staff', 'sec-admins']);
      const browser = new TestBrowser({ 'x-forwarded-for': '203.0.113.7', 'user-agent': 'vitest' });
      const landed = await ssoSignIn(browser, login);
      expect(landed.pathname).toBe('/incidents');
      expect(await sessionUser(browser)).toMatchObject({ email, role: 'admin' });

      const user = await authDb.user.findUniqueOrThrow({ where: { email }, include: { accounts: true } });
      expect(user.accounts).toHaveLength(1);
      expect(user.accounts[0]).toMatchObject({ providerId: 'oidc', accountId: login, password: null, accessToken: null, refreshToken: null, idToken: null });

      const audit = await db.auditLog.findMany({ where: { OR: [{ targetId: user.id }, { actorId: user.id }] }, orderBy: { id: 'asc' } });
      expect(audit.map((a) => [a.action, a.outcome])).toEqual([
        ['user.create', 'ok'],
        ['auth.sign_in', 'ok'],
      ]);
      expect(audit[0]!.details).toMatchObject({ via: 'oidc', role: 'admin', groups: ['staff', 'sec-admins'] });
      expect(audit[1]).toMatchObject({ ip: '203.0.113.7', details: { method: 'oidc', role: 'admin' } });
    });

    it('takes the highest role any group maps to', async () => {
      const { login, email } = addIdpUser(['sec-analysts', 'sec-responders']);
      const browser = new TestBrowser();
      expect((await ssoSignIn(browser, login)).pathname).toBe('/incidents');
      expect(await sessionUser(browser)).toMatchObject({ email, role: 'responder' });
    });

    it('applies a group change in the IdP at the next sign-in, to every session of the user', async () => {
      const { login, email } = addIdpUser(['sec-admins']);
      const first = new TestBrowser();
      await ssoSignIn(first, login);
      expect(await sessionUser(first)).toMatchObject({ role: 'admin' });

      users.get(login)!.groups = ['sec-analysts'];
      const second = new TestBrowser();
      await ssoSignIn(second, login);
      expect(await sessionUser(second)).toMatchObject({ email, role: 'analyst' });
      // The role is the user's, not the session's: the older session is an analyst's now too.
      expect(await sessionUser(first)).toMatchObject({ role: 'analyst' });

      const user = await db.user.findUniqueOrThrow({ where: { email } });
      const sync = await db.auditLog.findFirstOrThrow({ where: { action: 'user.role_sync', targetId: user.id } });
      expect(sync.details).toMatchObject({ from: 'admin', to: 'analyst', groups: ['sec-analysts'] });
    });

    it('refuses a user whose groups no longer map to a role, and ends the sessions they still have', async () => {
      const { login, email } = addIdpUser(['sec-responders']);
      const earlier = new TestBrowser();
      await ssoSignIn(earlier, login);
      expect(await sessionUser(earlier)).toMatchObject({ role: 'responder' });

      users.get(login)!.groups = ['marketing'];
      const browser = new TestBrowser();
      const landed = await ssoSignIn(browser, login);
      expect(landed.pathname).toBe('/sign-in');
      expect(landed.searchParams.get('error')).toBe('no_role');
      expect(landed.searchParams.get('next')).toBe('/incidents');
      expect(await sessionUser(browser)).toBeNull();
      expect(await sessionUser(earlier)).toBeNull();

      const user = await db.user.findUniqueOrThrow({ where: { email } });
      const refusal = await db.auditLog.findFirstOrThrow({ where: { action: 'auth.sign_in', targetId: user.id, outcome: 'denied' } });
      expect(refusal.details).toMatchObject({ method: 'oidc', reason: 'no_role', groups: ['marketing'], sessionsEnded: 1 });
    });

    it('creates nothing for a new identity in no mapped group', async () => {
      const { login, email } = addIdpUser(['marketing']);
      const browser = new TestBrowser();
      const landed = await ssoSignIn(browser, login);
      expect(landed.searchParams.get('error')).toBe('no_role');
      expect(await db.user.findUnique({ where: { email } })).toBeNull();
      const refusal = await db.auditLog.findFirstOrThrow({ where: { action: 'auth.sign_in', actorLabel: email } });
      expect(refusal).toMatchObject({ outcome: 'denied', details: expect.objectContaining({ reason: 'no_role' }) as unknown });
    });

    it('never joins an IdP identity to a local account with the same email', async () => {
      const local = await createTestUser('admin', { emailVerified: true });
      const login = `sso-${uniqueSuffix()}`;
      users.set(login, { email: local.email, name: 'Impostor', password: 'idp-password', groups: ['sec-analysts'] });
      const browser = new TestBrowser();
      const landed = await ssoSignIn(browser, login);
      expect(landed.pathname).toBe('/sign-in');
      expect(landed.searchParams.get('error')).toBe('account_not_linked');
      expect(await sessionUser(browser)).toBeNull();
      expect(await db.account.count({ where: { userId: local.id } })).toBe(0);
      expect(await db.user.findUniqueOrThrow({ where: { id: local.id } })).toMatchObject({ role: 'admin' });
    });

    it('refuses a disabled user even when the IdP vouches for them', async () => {
      const { login, email } = addIdpUser(['sec-analysts']);
      await ssoSignIn(new TestBrowser(), login);
      await db.user.update({ where: { email }, data: { disabled: true } });
      const browser = new TestBrowser();
      const landed = await ssoSignIn(browser, login);
      expect(landed.searchParams.get('error')).toBe('account_disabled');
      expect(await sessionUser(browser)).toBeNull();
    });

    it('refuses a callback that does not carry the state this browser started with', async () => {
      const { login } = addIdpUser(['sec-analysts']);
      const victim = new TestBrowser();
      const attacker = new TestBrowser();
      // The attacker starts a sign-in and gets a code for their own identity…
      const start = await attacker.request('/api/auth/sign-in/social', {
        method: 'POST',
        contentType: 'application/json',
        body: JSON.stringify({ provider: 'oidc', callbackURL: '/incidents' }),
      });
      const page = await attacker.follow(await attacker.request((JSON.parse(start.text) as { url: string }).url));
      const submitted = await attacker.request(`${page.url}/login`, {
        method: 'POST',
        contentType: 'application/x-www-form-urlencoded',
        body: new URLSearchParams({ login, password: 'idp-password' }).toString(),
      });
      const callback = await attacker.follow(submitted, (next) => next.origin === BASE);
      expect(callback.location).toContain('/api/auth/callback/oidc?code=');
      // …and makes the victim's browser deliver it: no session for anyone.
      const landed = await victim.follow(await victim.request(callback.location!), (next) => !next.pathname.startsWith('/api/auth/'));
      expect(new URL(landed.location!).searchParams.get('error')).toMatch(/state/);
      expect(await sessionUser(victim)).toBeNull();
    });

    it('refuses a wrong IdP password at the IdP, before Cordon sees anything', async () => {
      const { login, email } = addIdpUser(['sec-admins']);
      const browser = new TestBrowser();
      const start = await browser.request('/api/auth/sign-in/social', {
        method: 'POST',
        contentType: 'application/json',
        body: JSON.stringify({ provider: 'oidc', callbackURL: '/incidents' }),
      });
      const page = await browser.follow(await browser.request((JSON.parse(start.text) as { url: string }).url));
      const submitted = await browser.request(`${page.url}/login`, {
        method: 'POST',
        contentType: 'application/x-www-form-urlencoded',
        body: new URLSearchParams({ login, password: 'wrong' }).toString(),
      });
      expect(submitted.text).toContain('Wrong username or password.');
      expect(await db.user.findUnique({ where: { email } })).toBeNull();
    });
  });

  describe('[AUTH][SSO] other provider shapes and policies', () => {
    let second: TestIdp;

    beforeAll(async () => {
      // An IdP that puts email and groups in the ID token (Keycloak, Okta, Entra, Dex do).
      second = await startTestIdp({
        clients: [{ clientId: 'cordon', clientSecret: 'cordon-client-secret', redirectUris: [`${BASE}/api/auth/callback/oidc`] }],
        users,
        claimsInIdToken: true,
      });
      idp = second;
      await configure(second.issuer, { CORDON_OIDC_DEFAULT_ROLE: 'viewer', CORDON_OIDC_GROUPS_CLAIM: 'groups' });
    });

    afterAll(async () => {
      await second.close();
    });

    it('reads groups from the ID token', async () => {
      const { login, email } = addIdpUser(['sec-responders']);
      const browser = new TestBrowser();
      expect((await ssoSignIn(browser, login)).pathname).toBe('/incidents');
      expect(await sessionUser(browser)).toMatchObject({ email, role: 'responder' });
    });

    it('gives the default role, when one is configured, to a user in no mapped group', async () => {
      const { login, email } = addIdpUser(['marketing']);
      const browser = new TestBrowser();
      expect((await ssoSignIn(browser, login)).pathname).toBe('/incidents');
      expect(await sessionUser(browser)).toMatchObject({ email, role: 'viewer' });
    });
  });
});
