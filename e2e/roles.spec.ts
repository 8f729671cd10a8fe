import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { createIncident, incidentRow, query } from './support/db';
import { credentials, storageState } from './support/roles';

test.describe('[AUTH] sign-in', () => {
  test('a pager deep link goes through sign-in and back to the incident', async ({ page }) => {
    const incident = await createIncident();
    await page.goto(`/i/${incident.id}`);
    await expect(page).toHaveURL(new RegExp(`/sign-in\\?next=%2Fi%2F${incident.id}`));
    const { email, password } = credentials('analyst');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(new RegExp(`/incidents/${incident.id}$`));
    await expect(page.getByTestId('incident-title')).toHaveText(incident.title);
  });

  test('a wrong password is refused with a clear message', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('analyst@cordon.local');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Wrong email or password.' })).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('signing out ends the session on the server', async ({ page }) => {
    const { email, password } = credentials('viewer');
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('current-user')).toContainText(email);
    const cookies = await page.context().cookies();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    // The old cookie no longer opens the console: the session row is gone.
    await page.context().addCookies(cookies);
    await page.goto('/incidents');
    await expect(page).toHaveURL(/\/sign-in/);
  });
});

test.describe('[ROLES] viewer', () => {
  test.use({ storageState: storageState('viewer') });

  test('reads the incident list and an incident', async ({ page }) => {
    const incident = await createIncident();
    await page.goto('/incidents');
    await expect(page.getByRole('link', { name: incident.title })).toBeVisible();
    await page.getByRole('link', { name: incident.title }).click();
    await expect(page.getByTestId('incident-title')).toHaveText(incident.title);
  });

  test('cannot triage, and the server refuses a forged action call', async ({ page, browser, playwright }) => {
    const incident = await createIncident();
    await page.goto(`/incidents/${incident.id}`);
    await expect(page.getByRole('button', { name: 'Assign to me' })).toBeDisabled();
    await expect(page.getByText('Triage needs the analyst role; you are viewer.')).toBeVisible();

    // Capture a real "assign to me" server-action call made by an analyst on another incident…
    const other = await createIncident();
    const analyst = await browser.newContext({ storageState: storageState('analyst') });
    const analystPage = await analyst.newPage();
    await analystPage.goto(`/incidents/${other.id}`);
    const [call] = await Promise.all([
      analystPage.waitForRequest((r) => r.method() === 'POST' && r.headers()['next-action'] !== undefined),
      analystPage.getByRole('button', { name: 'Assign to me' }).click(),
    ]);
    await analyst.close();

    // …and replay it with the viewer's session against this incident, as a crafted request would.
    const viewerApi = await playwright.request.newContext({ storageState: storageState('viewer'), baseURL: new URL(page.url()).origin });
    const response = await viewerApi.post(`/incidents/${incident.id}`, {
      headers: { 'next-action': call.headers()['next-action']!, 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component' },
      data: JSON.stringify([{ incidentId: incident.id }]),
    });
    expect(await response.text()).toContain('This needs the analyst role; you are signed in as viewer.');
    await viewerApi.dispose();

    expect(await incidentRow(incident.id)).toEqual({ status: 'new', assigneeId: null });
    const [denied] = await query<{ outcome: string; actorLabel: string }>(
      `SELECT outcome, "actorLabel" FROM audit_log WHERE action = 'incident.assign' AND outcome = 'denied' ORDER BY id DESC LIMIT 1`,
    );
    expect(denied).toEqual({ outcome: 'denied', actorLabel: 'viewer@cordon.local' });
  });

  test('sees settings without user or token management', async ({ page }) => {
    await page.goto('/settings');
    await expect(page.getByTestId('admin-only')).toBeVisible();
    await expect(page.getByTestId('user-table')).toHaveCount(0);
  });
});

test.describe('[ROLES] analyst', () => {
  test.use({ storageState: storageState('analyst') });

  test('assigns an incident to themself and acknowledges it, with timeline entries', async ({ page }) => {
    const incident = await createIncident();
    await page.goto(`/incidents/${incident.id}`);
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await expect(page.getByTestId('incident-assignee')).toHaveText('analyst@cordon.local');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(page.getByTestId('timeline')).toContainText('Status new → acknowledged');
    await expect(page.getByTestId('timeline')).toContainText('Assigned to analyst@cordon.local');
    expect((await incidentRow(incident.id))?.status).toBe('acknowledged');
  });

  test('cannot manage users', async ({ page }) => {
    await page.goto('/settings');
    await expect(page.getByTestId('admin-only')).toBeVisible();
  });
});

test.describe('[ROLES] responder', () => {
  test.use({ storageState: storageState('responder') });

  test('can triage (responders include analyst rights) but not administer', async ({ page }) => {
    const incident = await createIncident();
    await page.goto(`/incidents/${incident.id}`);
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(page.getByTestId('timeline')).toContainText('Status new → acknowledged');
    await page.goto('/settings');
    await expect(page.getByTestId('admin-only')).toBeVisible();
  });
});

test.describe('[ROLES] admin', () => {
  test.use({ storageState: storageState('admin') });

  test('creates a user who can then sign in with the new role', async ({ page, browser }) => {
    const email = `new-analyst-${Date.now()}@cordon.local`;
    await page.goto('/settings');
    const form = page.getByRole('form', { name: 'Create user' });
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Name').fill('New Analyst');
    await form.getByLabel('Role').selectOption('analyst');
    await form.getByLabel('Initial password').fill('a-long-enough-password');
    await form.getByRole('button', { name: 'Create user' }).click();
    await expect(form.getByRole('status')).toHaveText('User created.');
    await expect(page.getByTestId('user-table')).toContainText(email);

    const context = await browser.newContext({ storageState: undefined });
    const other = await context.newPage();
    await other.goto('/sign-in');
    await other.getByLabel('Email').fill(email);
    await other.getByLabel('Password').fill('a-long-enough-password');
    await other.getByRole('button', { name: 'Sign in' }).click();
    await expect(other.getByTestId('current-user')).toContainText(`${email} · analyst`);
    await context.close();
  });

  test('refuses a short password with the field named', async ({ page }) => {
    await page.goto('/settings');
    const form = page.getByRole('form', { name: 'Create user' });
    await form.getByLabel('Email').fill(`short-${Date.now()}@cordon.local`);
    await form.getByLabel('Name').fill('Short');
    // Bypass the browser's minlength check to see the server's answer.
    await form.getByLabel('Initial password').evaluate((input) => input.removeAttribute('minlength'));
    await form.getByLabel('Initial password').fill('short');
    await form.getByRole('button', { name: 'Create user' }).click();
    await expect(form.getByText('Use at least 12 characters')).toBeVisible();
  });

  test('verifies the audit log from Settings and names a modified row', async ({ page }) => {
    await page.goto('/settings');
    const panel = page.getByTestId('audit-verify');
    await panel.getByRole('button', { name: 'Verify the audit log' }).click();
    await expect(panel.getByRole('status')).toContainText(/^Intact: \d+ entries checked/);

    // Tamper with an early row, as someone with database access would, then put it back.
    const [row] = await query<{ id: string; actorLabel: string }>('SELECT id::text, "actorLabel" FROM audit_log ORDER BY id LIMIT 1');
    await query('UPDATE audit_log SET "actorLabel" = $2 WHERE id = $1', [row!.id, 'mallory@evil.example']);
    try {
      await panel.getByRole('button', { name: 'Verify the audit log' }).click();
      await expect(panel.getByRole('alert')).toContainText('Tampering detected');
      await expect(panel.getByRole('alert')).toContainText(`row ${row!.id}: its content no longer matches its hash`);
    } finally {
      await query('UPDATE audit_log SET "actorLabel" = $2 WHERE id = $1', [row!.id, row!.actorLabel]);
    }
    await panel.getByRole('button', { name: 'Verify the audit log' }).click();
    await expect(panel.getByRole('status')).toContainText('Intact');
    const checks = await query<{ outcome: string }>(`SELECT outcome FROM audit_log WHERE action = 'audit.verify' ORDER BY id`);
    expect(checks.map((c) => c.outcome).slice(-3)).toEqual(['ok', 'failed', 'ok']);
  });

  test('connects a second cluster from a kubeconfig, sees its state, and disconnects it', async ({ page }) => {
    const name = `second-${Date.now()}`;
    const kubeconfig = readFileSync(path.join(process.env.CORDON_E2E_DATA_DIR!, 'sim', 'kubeconfig'), 'utf8');
    await page.goto('/settings');
    const form = page.getByRole('form', { name: 'Connect a cluster' });
    // A kubeconfig whose token the API server refuses: its message, nothing stored.
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel(/Kubeconfig with inline credentials/).fill(kubeconfig.replace(/token: \S+/g, 'token: not-a-valid-token'));
    await form.getByRole('button', { name: 'Connect cluster' }).click();
    await expect(form.getByRole('alert')).toContainText('Unauthorized');
    expect(await query('SELECT 1 FROM cluster WHERE name = $1', [name])).toHaveLength(0);

    await form.getByLabel(/Kubeconfig with inline credentials/).fill(kubeconfig);
    await form.getByRole('button', { name: 'Connect cluster' }).click();
    await expect(form.getByRole('status')).toContainText('as kubernetes-admin');
    const row = page.getByTestId('cluster-row').filter({ hasText: `(${name})` });
    await expect(row).toContainText('kubeconfig');
    await expect(async () => {
      await page.reload();
      await expect(row.getByTestId('cluster-state')).toHaveText('connected', { timeout: 1_000 });
    }).toPass({ timeout: 40_000 });

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: `Disconnect ${name}` }).click();
    await expect(row).toContainText('Disconnected: no credentials');
    const [stored] = await query<{ source: string; sealed: boolean }>('SELECT source, "kubeconfigEnc" IS NOT NULL AS sealed FROM cluster WHERE name = $1', [name]);
    expect(stored).toEqual({ source: 'reported', sealed: false });
  });

  test('creates an ingest token that is shown once and stored only as a hash', async ({ page }) => {
    const name = `falcosidekick ${Date.now()}`;
    await page.goto('/settings');
    const form = page.getByRole('form', { name: 'Create ingest token' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Source').selectOption('falco');
    await form.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('new-token').textContent()) ?? '';
    expect(token).toMatch(/^cordon_fal_[A-Za-z0-9_-]{32}$/);
    const rows = await query<{ tokenHash: string }>('SELECT "tokenHash" FROM api_token WHERE name = $1', [name]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toContain(token);
    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    await page.reload();
    await expect(page.getByTestId('new-token')).toHaveCount(0);
  });
});

test('[HEALTH] /api/health answers JSON with the database state', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { database: { state: string; version: string } };
  expect(body.database.state).toBe('up');
  expect(body.database.version).toMatch(/^PostgreSQL/);

  // Through a proxy (as from outside, behind an Ingress): the state only.
  const remote = await request.get('/api/health', { headers: { 'x-forwarded-for': '203.0.113.9' } });
  expect(remote.status()).toBe(200);
  expect(await remote.json()).toEqual({ status: 'ok', database: { state: 'up' }, uptimeSeconds: expect.any(Number) as unknown });
});
