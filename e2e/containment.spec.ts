// Containment from the incident workspace against the console's simulator: plan, dry run, run,
// verification and undo, checked against the simulator's own API.
import { expect, test, type Page } from '@playwright/test';
import { query } from './support/db';
import { createIngestToken, falcoEvent, postFalco } from './support/ingest';
import { storageState } from './support/roles';
import { demoClusterId, runningPod, simGet } from './support/sim';

async function incidentOnPod(namespace: string, pod: string): Promise<number> {
  const token = await createIngestToken('falco', await demoClusterId());
  const { incidents } = await postFalco(process.env.CORDON_E2E_URL!, token, falcoEvent({ namespace, pod, rule: `Terminal shell in container (${pod})` }));
  return incidents[0]!;
}

async function openContainment(page: Page, incidentId: number) {
  await page.goto(`/incidents/${incidentId}`);
  const panel = page.getByTestId('containment-panel');
  await expect(panel).toBeVisible();
  return panel;
}

interface PolicyList {
  items: { metadata: { name: string; annotations?: Record<string, string> } }[];
}

test.describe('[CONTAINMENT] from the incident workspace', () => {
  test.use({ storageState: storageState('responder') });

  test('a responder isolates the pod in two clicks, sees it verified, and undoes it', async ({ page }) => {
    const pod = await runningPod('shop', 'ad-service');
    const id = await incidentOnPod('shop', pod);
    const panel = await openContainment(page, id);
    await panel.getByRole('button', { name: `pod shop/${pod}` }).click();
    await panel.getByRole('button', { name: 'Isolate pod', exact: true }).click();
    await panel.getByRole('button', { name: 'Plan and dry-run' }).click();

    const plan = panel.getByTestId('plan');
    await expect(plan).toContainText(`Isolate pod shop/${pod}`);
    await expect(plan).toContainText('NetworkPolicy shop/cordon-quarantine-');
    await expect(plan.getByText('dry run ok')).toHaveCount(2);
    // The dry run changed nothing in the cluster.
    const before = await simGet<PolicyList>('/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies');
    expect(before.body.items.filter((p) => p.metadata.name.startsWith('cordon-quarantine-'))).toHaveLength(0);

    await panel.getByRole('button', { name: 'Run: Isolate pod' }).click();
    const card = panel.locator('[data-testid="action-card"][data-undo="false"]').filter({ hasText: `pod shop/${pod}` });
    await expect(card).toHaveAttribute('data-status', 'succeeded');
    await expect(card.getByTestId('verification')).toContainText(/^Verified: .*NetworkPolicy shop\/cordon-quarantine-\w+ exists \(Ingress \+ Egress\)/);
    await expect(card.getByTestId('verification')).toContainText(`selects 1 pod(s): ${pod}`);
    const policies = await simGet<PolicyList>('/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies');
    const policy = policies.body.items.find((p) => p.metadata.name.startsWith('cordon-quarantine-'));
    expect(policy).toBeDefined();
    // First containment: the incident moves to the containment phase, on the timeline too.
    await expect(page.getByTestId('incident-phase')).toContainText('Containment');
    await expect(page.getByTestId('timeline')).toContainText('done and verified');

    await card.getByRole('button', { name: 'Undo' }).click();
    await expect(card).toHaveAttribute('data-status', 'undone');
    await expect(panel.locator('[data-testid="action-card"][data-undo="true"]').filter({ hasText: `pod shop/${pod}` })).toHaveAttribute('data-status', 'succeeded');
    const after = await simGet<PolicyList>('/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies');
    expect(after.body.items.some((p) => p.metadata.name === policy!.metadata.name)).toBe(false);
  });

  test('a destructive action needs the target typed, and captures evidence first', async ({ page }) => {
    const pod = await runningPod('shop', 'loadgenerator');
    const id = await incidentOnPod('shop', pod);
    const panel = await openContainment(page, id);
    await panel.getByRole('button', { name: `pod shop/${pod}` }).click();
    await panel.getByRole('button', { name: 'Delete pod', exact: true }).click();
    await panel.getByRole('button', { name: 'Plan and dry-run' }).click();
    await expect(panel.getByTestId('plan')).toContainText(`delete Pod shop/${pod}`);

    const run = panel.getByRole('button', { name: 'Delete pod (evidence first)' });
    await expect(run).toBeDisabled();
    await panel.getByLabel('Confirmation').fill('not-the-name');
    await expect(run).toBeDisabled();
    await panel.getByLabel('Confirmation').fill(pod);
    await run.click();

    const card = panel.getByTestId('action-card').filter({ hasText: 'Delete pod' }).first();
    await expect(card).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 });
    await expect(card).toContainText(/Evidence first: \d+ item\(s\)/);
    const evidence = await query<{ kind: string; sha256: string }>(
      `SELECT e.kind::text, e.sha256 FROM evidence e JOIN containment_action a ON a.id = e."actionId" WHERE a."incidentId" = $1`,
      [id],
    );
    expect(evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['manifest', 'logs', 'process_list']));
    expect(evidence.every((e) => /^[0-9a-f]{64}$/.test(e.sha256))).toBe(true);
    const gone = await simGet<{ metadata?: { deletionTimestamp?: string }; reason?: string }>(`/api/v1/namespaces/shop/pods/${pod}`);
    expect(gone.status === 404 || !!gone.body.metadata?.deletionTimestamp).toBe(true);
  });

  test('a failed preview shows the cluster\'s own message and offers nothing to run', async ({ page }) => {
    const id = await incidentOnPod('shop', 'ghost-7c9d8bf6d4-zzzzz');
    const panel = await openContainment(page, id);
    await panel.getByRole('button', { name: 'pod shop/ghost-7c9d8bf6d4-zzzzz' }).click();
    await panel.getByRole('button', { name: 'Isolate pod', exact: true }).click();
    await panel.getByRole('button', { name: 'Plan and dry-run' }).click();
    await expect(panel.getByTestId('preview')).toContainText('pods "ghost-7c9d8bf6d4-zzzzz" not found');
    await expect(panel.getByRole('button', { name: /^Run:/ })).toHaveCount(0);
    await expect(panel.getByTestId('action-card').filter({ hasText: 'ghost' }).first()).toHaveAttribute('data-status', 'failed');
  });
});

test.describe('[CONTAINMENT] roles', () => {
  for (const role of ['viewer', 'analyst'] as const) {
    test.describe(role, () => {
      test.use({ storageState: storageState(role) });
      test(`a ${role} sees the catalog disabled with the reason`, async ({ page }) => {
        const pod = await runningPod('shop', 'frontend');
        const id = await incidentOnPod('shop', pod);
        const panel = await openContainment(page, id);
        const isolate = panel.getByRole('button', { name: 'Isolate pod', exact: true });
        await expect(isolate).toBeDisabled();
        await expect(isolate).toHaveAttribute('title', `Containment needs the responder role; you are ${role}.`);
        await expect(panel).toContainText(`Containment needs the responder role; you are ${role}.`);
      });
    });
  }
});
