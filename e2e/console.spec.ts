import { expect, test, type Page } from '@playwright/test';
import { incidentRow, query } from './support/db';
import { createIngestToken, falcoEvent, postFalco, uniqueNamespace } from './support/ingest';
import { credentials, storageState } from './support/roles';
import { simPost } from './support/sim';

const baseUrl = () => process.env.CORDON_E2E_URL!;

async function ingestIncident(namespace: string, extra: Partial<Parameters<typeof falcoEvent>[0]> = {}) {
  const token = await createIngestToken('falco');
  const { incidents } = await postFalco(baseUrl(), token, falcoEvent({ namespace, ...extra }));
  return incidents[0]!;
}

async function openQueue(page: Page, search: string) {
  await page.goto(`/incidents?q=${encodeURIComponent(search)}`);
  await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live');
}

test.describe('[CONSOLE] live queue', () => {
  test.use({ storageState: storageState('analyst') });

  test('an alert posted to ingestion appears in an open queue without reload', async ({ page }) => {
    const namespace = uniqueNamespace('live');
    await openQueue(page, namespace);
    await expect(page.getByTestId('queue-empty')).toBeVisible();
    await ingestIncident(namespace);
    await expect(page.getByTestId('incident-row')).toHaveCount(1);
    await expect(page.getByTestId('incident-row')).toContainText(`${namespace}/web`);
  });

  test('a second app instance on the same database shows the change live too', async ({ page }) => {
    const namespace = uniqueNamespace('replica');
    await page.goto(`${process.env.CORDON_E2E_URL_2}/incidents?q=${namespace}`);
    await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live');
    await ingestIncident(namespace); // posted to the first instance
    await expect(page.getByTestId('incident-row')).toContainText(`${namespace}/web`);
  });

  test('an attack scenario of the simulator shows up live in the queue', async ({ page }) => {
    await openQueue(page, 'shop/frontend');
    expect(await simPost('/__sim/scenarios/crypto-miner/start')).toBe(200);
    // The seeded demo incident on shop/frontend is old; these rules come only from the scenario.
    await expect(page.getByTestId('incident-table')).toContainText(/Remote File Copy|miner|Drop and execute/, { timeout: 30_000 });
    await simPost('/__sim/scenarios/crypto-miner/stop');
  });

  test('the view lives in the URL and survives a reload', async ({ page }) => {
    await page.goto('/incidents');
    await page.getByRole('button', { name: 'critical', exact: true }).click();
    await expect(page).toHaveURL(/severity=critical/);
    await page.getByLabel('Search incidents').fill('shell');
    await expect(page).toHaveURL(/q=shell/);
    await page.reload();
    await expect(page.getByRole('button', { name: 'critical', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByLabel('Search incidents')).toHaveValue('shell');
  });
});

test.describe('[CONSOLE] triage by keyboard', () => {
  test.use({ storageState: storageState('analyst') });

  test('an analyst takes an incident from new to closed without the mouse', async ({ page }) => {
    const namespace = uniqueNamespace('kbd');
    const id = await ingestIncident(namespace);
    await openQueue(page, namespace);
    await expect(page.getByTestId('incident-row')).toHaveCount(1);
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcuts')).toBeVisible();
    await page.keyboard.press('Escape');
    await page.keyboard.press('a');
    await expect(page.getByRole('status')).toHaveText('Assigned 1 to you.');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/incidents/${id}$`));
    await expect(page.getByTestId('incident-assignee')).toHaveText('analyst@cordon.local');
    for (const [key, status] of [['e', 'acknowledged'], ['i', 'investigating'], ['t', 'contained'], ['r', 'resolved']] as const) {
      await page.keyboard.press(key);
      await expect.poll(async () => (await incidentRow(id))?.status).toBe(status);
      await expect(page.getByTestId('lifecycle-bar')).toHaveAttribute('data-status', status);
    }
    await page.keyboard.press('c');
    const dialog = page.getByRole('form', { name: 'Close incidents' });
    await dialog.getByRole('textbox').fill('Shell was a maintenance session, ticket OPS-42');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await incidentRow(id))?.status).toBe('closed');
    const timeline = page.getByTestId('timeline');
    await expect(timeline).toContainText('Closed as resolved: Shell was a maintenance session');
    await expect(timeline).toContainText('Status contained → resolved, phase Recovery');
    const [times] = await query<{ ack: Date | null; contained: Date | null; resolved: Date | null }>(
      `SELECT "acknowledgedAt" AS ack, "containedAt" AS contained, "resolvedAt" AS resolved FROM incident WHERE id = $1`,
      [id],
    );
    expect(times!.ack && times!.contained && times!.resolved).toBeTruthy();
  });

  test('bulk close as false positive and merge from the queue', async ({ page }) => {
    const namespace = uniqueNamespace('bulk');
    const a = await ingestIncident(namespace, { pod: 'api-7c9d8bf6d4-x2k4q' });
    const b = await ingestIncident(namespace, { pod: 'worker-7c9d8bf6d4-x2k4q' });
    const c = await ingestIncident(namespace, { pod: 'cron-7c9d8bf6d4-x2k4q' });
    await openQueue(page, namespace);
    await expect(page.getByTestId('incident-row')).toHaveCount(3);
    await page.getByLabel(`Select incident ${a}`).check();
    await page.getByLabel(`Select incident ${b}`).check();
    await page.getByRole('button', { name: 'Merge…' }).click();
    await page.getByRole('radio', { name: new RegExp(`#${a}`) }).check();
    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    await expect(page.getByRole('status')).toHaveText(`Merged 1 into #${a}.`);
    await expect.poll(async () => (await query<{ m: number | null }>('SELECT "mergedIntoId" AS m FROM incident WHERE id = $1', [b]))[0]?.m).toBe(a);

    await page.getByLabel(`Select incident ${a}`).check();
    await page.getByLabel(`Select incident ${c}`).check();
    await page.getByRole('button', { name: 'Close as false positive…' }).click();
    await page.getByRole('form', { name: 'Close incidents' }).getByRole('textbox').fill('Load test traffic');
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await expect.poll(async () => [(await incidentRow(a))?.status, (await incidentRow(c))?.status]).toEqual(['closed', 'closed']);
  });
});

test.describe('[CONSOLE] incident workspace', () => {
  test.use({ storageState: storageState('analyst') });

  test('notes render Markdown safely and recognise pods and addresses', async ({ page }) => {
    const id = await ingestIncident(uniqueNamespace('notes'));
    await page.goto(`/incidents/${id}`);
    await page.getByRole('textbox', { name: 'Note' }).fill('**Contained** <script>window.__pwned = true</script> pod shop/frontend-7c9d8bf6d4-x2k4q talked to 203.0.113.9 [x](javascript:alert(1))');
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = page.getByTestId('notes').locator('li').last();
    await expect(note.locator('strong')).toHaveText('Contained');
    await expect(note.locator('script')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
    await expect(note.locator('a[data-mention="pod"]')).toHaveAttribute('href', /focus=pod%3Ashop%2Ffrontend-7c9d8bf6d4-x2k4q/);
    await expect(note.locator('a[data-mention="ip"]')).toHaveText('203.0.113.9');
    await expect(note.getByRole('link', { name: 'x', exact: true })).not.toHaveAttribute('href', /javascript/);
    await expect(page.getByTestId('timeline')).toContainText('Contained');
  });

  test('the raw events behind a timeline entry are viewable as text', async ({ page }) => {
    const namespace = uniqueNamespace('raw');
    const id = await ingestIncident(namespace, { cmdline: 'sh -c "<img src=x onerror=alert(1)>"' });
    await page.goto(`/incidents/${id}`);
    await page.getByRole('button', { name: 'raw events' }).first().click();
    const raw = page.getByTestId('raw-events');
    await raw.locator('summary').first().click();
    await expect(raw.locator('pre')).toContainText('<img src=x onerror=alert(1)>');
    await expect(raw.locator('img')).toHaveCount(0);
    await expect(page.getByTestId('entities')).toContainText(`${namespace}/Deployment/web`);
    await expect(page.getByTestId('techniques')).toContainText('T1059');
  });

  test('on a phone, the pager deep link goes through sign-in to a usable workspace', async ({ browser }) => {
    const id = await ingestIncident(uniqueNamespace('oncall'));
    const context = await browser.newContext({
      storageState: { cookies: [], origins: [] }, // signed out: the link must go through sign-in
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(`/i/${id}`);
    const { email, password } = credentials('responder');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(new RegExp(`/incidents/${id}$`));
    await expect(page.getByTestId('incident-title')).toBeVisible();
    await page.getByRole('button', { name: /Acknowledge/ }).tap();
    await expect.poll(async () => (await incidentRow(id))?.status).toBe('acknowledged');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await context.close();
  });
});
