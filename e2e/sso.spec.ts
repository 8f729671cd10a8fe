import { expect, test, type Browser, type Page } from '@playwright/test';
import { createIncident, query } from './support/db';
import { storageState } from './support/roles';
import { E2E_IDP, ssoEmail, type E2eIdpLogin } from './support/sso';

const signedOut = { storageState: { cookies: [], origins: [] } };

/**
 * From the sign-in page through the identity provider's login form and back. With a session at the
 * IdP already (`idpSession`), the IdP sends the browser straight back without a form.
 */
async function signInWithIdp(page: Page, login: E2eIdpLogin, { from = '/incidents', idpSession = false } = {}) {
  await page.goto(from);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByRole('link', { name: `Sign in with ${E2E_IDP.name}` }).click();
  if (idpSession) return;
  await page.getByLabel('Username').fill(login);
  await page.getByLabel('Password').fill(E2E_IDP.password);
  await page.getByRole('button', { name: 'Continue' }).click();
}

const alert = (page: Page, text: string | RegExp) => page.getByRole('alert').filter({ hasText: text });

async function newSignedInPage(browser: Browser, login: E2eIdpLogin) {
  const context = await browser.newContext(signedOut);
  const page = await context.newPage();
  await signInWithIdp(page, login);
  await expect(page.getByTestId('current-user')).toContainText(ssoEmail(login));
  return { context, page };
}

test.describe('[AUTH][SSO] single sign-on', () => {
  test.use(signedOut);

  test('the sign-in link starts the code flow with PKCE and a nonce, and sets the state cookie once', async ({ request }) => {
    const response = await request.get('/sign-in/sso?next=%2Freports', { maxRedirects: 0 });
    expect(response.status()).toBe(303);
    const target = new URL(response.headers().location!);
    expect(target.pathname).toBe('/auth');
    expect(Object.fromEntries(target.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'cordon-e2e',
      redirect_uri: `${new URL(response.url()).origin}/api/auth/callback/oidc`,
      code_challenge_method: 'S256',
      scope: 'openid email profile groups',
    });
    expect(target.searchParams.get('nonce')).toMatch(/^.{32,}$/);
    expect(target.searchParams.get('state')).toMatch(/^.{16,}$/);
    const cookies = response.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value.split('=')[0]);
    expect(cookies.length).toBeGreaterThan(0);
    expect(new Set(cookies).size).toBe(cookies.length);
  });

  test('an IdP user in the admins group follows a pager link through sign-in, as a Cordon admin without a password', async ({ page }) => {
    const incident = await createIncident();
    await signInWithIdp(page, 'sso-admin', { from: `/i/${incident.id}` });
    await expect(page).toHaveURL(new RegExp(`/incidents/${incident.id}$`));
    await expect(page.getByTestId('current-user')).toContainText(`${ssoEmail('sso-admin')} · admin`);
    await page.getByTestId('current-user').getByRole('link').click();
    await expect(page.getByTestId('sign-in-methods')).toContainText(`Signs in with ${E2E_IDP.name}`);
    const accounts = await query<{ providerId: string; password: string | null }>(
      'SELECT a."providerId", a.password FROM account a JOIN "user" u ON u.id = a."userId" WHERE u.email = $1',
      [ssoEmail('sso-admin')],
    );
    expect(accounts).toEqual([{ providerId: 'oidc', password: null }]);
  });

  test('an IdP user in no mapped group is refused with a clear message', async ({ page }) => {
    await signInWithIdp(page, 'sso-nobody');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fincidents&error=no_role/);
    await expect(alert(page, `Your ${E2E_IDP.name} account is in no group that has a Cordon role. Ask your identity team to add you to one.`)).toBeVisible();
    await page.goto('/incidents');
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('the error text comes from the code, never from the address', async ({ page }) => {
    await page.goto('/sign-in?error=Call%20%2B1-555-0100%20now&error_description=Call%20%2B1-555-0100');
    await expect(alert(page, 'Single sign-on did not complete.')).toHaveText('Single sign-on did not complete. Try again, or ask a Cordon admin to check the logs.');
    await expect(page.getByText('555-0100')).toHaveCount(0);
  });
});

test.describe('[AUTH] sessions', () => {
  test('a user sees their sessions, revokes the others and signs out everywhere', async ({ browser }) => {
    const other = await newSignedInPage(browser, 'sso-analyst');
    const mine = await newSignedInPage(browser, 'sso-analyst');
    await mine.page.goto('/account');
    const rows = mine.page.getByTestId('session-row');
    await expect(rows.filter({ hasText: 'this session' })).toHaveCount(1);
    // Revoke every other session (a retry may find more than one).
    while ((await rows.getByRole('button', { name: 'Revoke' }).count()) > 0) {
      const before = await rows.count();
      await rows.getByRole('button', { name: 'Revoke' }).first().click();
      await expect(rows).toHaveCount(before - 1);
    }
    await other.page.goto('/incidents');
    await expect(other.page).toHaveURL(/\/sign-in/);

    const cookies = await mine.context.cookies();
    await mine.page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect(mine.page).toHaveURL(/\/sign-in/);
    await mine.context.addCookies(cookies);
    await mine.page.goto('/incidents');
    await expect(mine.page).toHaveURL(/\/sign-in/);
    await other.context.close();
    await mine.context.close();
  });

  test('an admin disables a user: their open session ends and single sign-on is refused', async ({ browser }) => {
    const user = await newSignedInPage(browser, 'sso-responder');
    const admin = await browser.newContext({ storageState: storageState('admin') });
    const settings = await admin.newPage();
    await settings.goto('/settings');
    await settings.getByRole('button', { name: `Disable ${ssoEmail('sso-responder')}` }).click();
    await expect(settings.getByTestId('user-row').filter({ hasText: ssoEmail('sso-responder') })).toContainText('disabled');

    await user.page.goto('/incidents');
    await expect(user.page).toHaveURL(/\/sign-in/);
    await signInWithIdp(user.page, 'sso-responder', { idpSession: true });
    await expect(user.page).toHaveURL(/error=account_disabled/);
    await expect(alert(user.page, 'This account is disabled. Ask a Cordon admin.')).toBeVisible();

    await settings.getByRole('button', { name: `Enable ${ssoEmail('sso-responder')}` }).click();
    await expect(settings.getByTestId('user-row').filter({ hasText: ssoEmail('sso-responder') })).toContainText('active');
    await admin.close();
    await user.context.close();
  });

  test('a locked account is told so, and for how long', async ({ browser }) => {
    const email = `locked-${Date.now()}@cordon.local`;
    await query(
      `INSERT INTO "user" (id, name, email, role, "failedSignIns", "failedSignInsSince", "lockedUntil", "updatedAt")
       VALUES (gen_random_uuid()::text, 'Locked', $1, 'analyst', 10, now(), now() + interval '15 minutes', now())`,
      [email],
    );
    const context = await browser.newContext(signedOut);
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('any-password-at-all');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(alert(page, /locked after repeated failed sign-ins\. Try again in 1[45] minutes/)).toBeVisible();
    await context.close();
  });
});
