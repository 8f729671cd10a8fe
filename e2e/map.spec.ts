// The network map against the console's simulator: an attack's path and blast radius, filters and
// search, and containment from the side panel changing the picture live.
import { expect, test, type Page } from '@playwright/test';
import { query } from './support/db';
import { storageState } from './support/roles';
import { demoClusterId, simPost } from './support/sim';

async function attackIncident(scenario: string, namespace: string, workload: string): Promise<number> {
  expect(await simPost(`/__sim/scenarios/${scenario}/start`)).toBe(200);
  const clusterId = await demoClusterId();
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    const [row] = await query<{ id: number }>(
      `SELECT id FROM incident WHERE "clusterId" = $1 AND namespace = $2 AND workload = $3 AND status NOT IN ('resolved', 'closed') AND "mergedIntoId" IS NULL ORDER BY id DESC LIMIT 1`,
      [clusterId, namespace, workload],
    );
    if (row) return row.id;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no incident for ${namespace}/${workload} after starting ${scenario}`);
}

async function openMap(page: Page, search: string) {
  await page.goto(`/map${search}`);
  await expect(page.locator('html')).toHaveAttribute('data-map-rendered', /\d+/, { timeout: 20_000 });
  await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live');
}

test.describe('[MAP] the demo cluster', () => {
  test.use({ storageState: storageState('responder') });

  test('filters by namespace and finds a workload by name', async ({ page }) => {
    const snapshot = page.waitForResponse((response) => response.url().includes('/api/map?'));
    await openMap(page, '');
    // The snapshot is compressed by the console's server (lib/server/http-server.ts) and read as JSON.
    expect((await snapshot).headers()['content-encoding']).toMatch(/^(br|gzip)$/);
    expect(((await (await snapshot).json()) as { nodes: unknown[] }).nodes.length).toBeGreaterThan(20);
    const all = Number(/(\d+) workloads/.exec((await page.getByTestId('map-stats').textContent()) ?? '')?.[1]);
    expect(all).toBeGreaterThan(20);
    await page.getByRole('textbox', { name: 'Namespace' }).fill('data');
    await page.getByRole('textbox', { name: 'Namespace' }).press('Enter');
    await expect(page).toHaveURL(/namespace=data/);
    await expect(page.getByTestId('map-stats')).not.toContainText(`${all} workloads`);
    await page.getByLabel('Search the map').fill('postgres');
    await page.getByLabel('Search the map').press('Enter');
    await expect(page.getByTestId('map-side-panel')).toBeVisible();
    await expect(page.getByTestId('side-panel-title')).toHaveText(/^data\/postgres/);
    await expect(page.getByTestId('side-panel-pods')).toContainText('postgres-0');
  });

  test('focuses an attack: the compromised workload, its blast radius and the way in; containment from the side panel turns its traffic to dropped', async ({ page }) => {
    test.setTimeout(120_000);
    const id = await attackIncident('reverse-shell', 'api', 'checkout');
    try {
      await openMap(page, `?incident=${id}`);
      const focus = page.getByTestId('map-focus');
      await expect(focus).toContainText(`Incident #${id}`);
      await expect(page.getByTestId('focus-nodes')).toContainText('checkout');
      // The reverse shell reached its C2 address and the database: both are in the blast radius.
      await expect.poll(async () => Number(await page.getByTestId('blast-count').textContent()), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);

      await page.getByLabel('Search the map').fill('checkout');
      await page.getByLabel('Search the map').press('Enter');
      const panel = page.getByTestId('map-side-panel');
      await expect(page.getByTestId('side-panel-title')).toHaveText(/^api\/checkout/);
      await expect(panel.getByTestId('edges-out')).toContainText('203.0.113.66');
      await expect(panel.getByTestId('side-panel-pods')).toContainText('checkout-');

      const containment = panel.getByTestId('containment-panel');
      await containment.getByRole('button', { name: 'Deployment api/checkout' }).click();
      await containment.getByRole('button', { name: 'Isolate workload', exact: true }).click();
      await containment.getByRole('button', { name: 'Plan and dry-run' }).click();
      await expect(containment.getByTestId('plan')).toContainText('Isolate Deployment api/checkout');
      await containment.getByRole('button', { name: 'Run: Isolate workload' }).click();
      const card = containment.locator('[data-testid="action-card"][data-undo="false"][data-kind="isolate_workload"]');
      await expect(card).toHaveAttribute('data-status', 'succeeded');
      await expect(panel.getByTestId('node-state')).toContainText('isolated');
      // Live, without reload: the workload's new outbound flows come back dropped.
      await expect(panel.getByTestId('edges-out').locator('[data-verdict="dropped"]').first()).toBeVisible({ timeout: 45_000 });

      await card.getByRole('button', { name: 'Undo' }).click();
      await expect(card).toHaveAttribute('data-status', 'undone');
      await expect(panel.getByTestId('node-state')).not.toContainText('isolated');
    } finally {
      await simPost('/__sim/scenarios/reverse-shell/stop');
    }
  });
});

test.describe('[MAP] roles', () => {
  test.use({ storageState: storageState('viewer') });

  test('a viewer reads the map and sees containment disabled with the reason', async ({ page }) => {
    await openMap(page, '');
    await page.getByLabel('Search the map').fill('frontend');
    await page.getByLabel('Search the map').press('Enter');
    await expect(page.getByTestId('side-panel-title')).toHaveText(/^shop\/frontend/);
    const isolate = page.getByTestId('map-side-panel').getByRole('button', { name: 'Isolate workload', exact: true });
    await page.getByTestId('map-side-panel').getByRole('button', { name: 'Deployment shop/frontend' }).click();
    await expect(isolate).toBeDisabled();
    await expect(isolate).toHaveAttribute('title', 'Containment needs the responder role; you are viewer.');
  });
});
