import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createIncident, query } from './support/db';
import { storageState } from './support/roles';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const has = (tool: string) => spawnSync(tool, ['--help'], { stdio: 'ignore' }).status !== null;

/** An incident as the ingest writer leaves it (array columns set, not NULL). */
async function newIncident() {
  const incident = await createIncident();
  await query(`UPDATE incident SET rules = '{}', techniques = '{}' WHERE id = $1`, [incident.id]);
  return incident;
}

async function upload(page: Page, name: string, content: string) {
  await page.getByText('Upload an artifact').click();
  const form = page.getByRole('form', { name: 'Upload evidence' });
  await form.getByLabel('What it is').selectOption('disk_manifest');
  await form.getByLabel('File').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(content) });
  await form.getByLabel('Description').fill('sha256sum of /dev/sdb snapshot');
  await form.getByRole('button', { name: 'Upload' }).click();
  await expect(form.getByRole('status')).toHaveText(`Uploaded. SHA-256 ${sha256(content)}`);
  const item = page.getByTestId('evidence-item').filter({ hasText: name });
  await expect(item).toBeVisible();
  return item;
}

test.describe('[EVIDENCE] evidence panel', () => {
  test.use({ storageState: storageState('analyst') });

  test('an analyst uploads, views, verifies and exports; the bundle checks with sha256sum', async ({ page }) => {
    const incident = await newIncident();
    await page.goto(`/incidents/${incident.id}`);
    const content = `${'a'.repeat(64)}  disk.img\n<b>not bold</b>\n`;
    const item = await upload(page, 'disk.sha256', content);

    await item.getByRole('button', { name: 'View' }).click();
    const viewer = page.getByRole('dialog', { name: 'disk.sha256' });
    await expect(viewer.getByTestId('evidence-text')).toHaveText(content.trimEnd());
    await expect(viewer.locator('pre b')).toHaveCount(0); // text, not HTML
    await viewer.getByRole('button', { name: 'Close dialog' }).click();

    await item.getByRole('button', { name: 'Verify' }).click();
    await expect(item.getByRole('status')).toHaveText('Verified: the stored bytes match the recorded SHA-256.');
    await item.getByText(/Hash, source and custody/).click();
    const custody = item.getByTestId('custody-log');
    for (const action of ['uploaded', 'viewed', 'verified']) await expect(custody).toContainText(`${action} by analyst@cordon.local`);
    await expect(item.getByTestId('evidence-sha256')).toHaveText(sha256(content));

    await page.getByRole('button', { name: 'Export bundle (zip)' }).click();
    const result = page.getByTestId('export-result');
    await expect(result).toContainText('1 item(s)');
    const bundleHash = (await result.getByTestId('bundle-sha256').textContent())!;
    const [download] = await Promise.all([page.waitForEvent('download'), result.getByRole('link', { name: 'Download bundle' }).click()]);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cordon-e2e-bundle-'));
    try {
      const zip = path.join(dir, 'bundle.zip');
      await download.saveAs(zip);
      expect(sha256(readFileSync(zip))).toBe(bundleHash);
      if (has('unzip') && has('sha256sum')) {
        expect(spawnSync('unzip', ['-q', zip, '-d', path.join(dir, 'x')]).status).toBe(0);
        const check = spawnSync('sha256sum', ['-c', 'manifest.sha256'], { cwd: path.join(dir, 'x'), encoding: 'utf8' });
        expect(check.status, check.stdout + check.stderr).toBe(0);
        expect(check.stdout).toContain('artifacts/001-disk.sha256: OK');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const [exported] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM custody_event c JOIN evidence e ON e.id = c."evidenceId" WHERE e."incidentId" = $1 AND c.action = 'exported'`, [incident.id]);
    expect(exported!.n).toBe(1);
  });

  test('a download is a streamed attachment carrying its hash; tampering with the stored blob is detected', async ({ page }) => {
    const incident = await newIncident();
    await page.goto(`/incidents/${incident.id}`);
    const content = `pcap-ish ${Date.now()}\n`;
    const item = await upload(page, 'capture.txt', content);
    const id = (await item.getAttribute('data-evidence-id'))!;

    const response = await page.request.get(`/api/evidence/${id}/download`);
    expect(response.status()).toBe(200);
    expect(response.headers()).toMatchObject({
      'content-disposition': expect.stringContaining('attachment; filename="capture.txt"'),
      'x-content-type-options': 'nosniff',
      'x-evidence-sha256': sha256(content),
      'content-type': 'application/octet-stream',
    });
    expect(await response.text()).toBe(content);

    const evidenceDir = process.env.CORDON_E2E_EVIDENCE_DIR;
    // The runner (scripts/test/e2e.ts) always names the consoles' shared evidence folder.
    expect(evidenceDir, 'CORDON_E2E_EVIDENCE_DIR').toBeTruthy();
    const blob = path.join(evidenceDir!, 'sha256', sha256(content).slice(0, 2), sha256(content));
    chmodSync(blob, 0o644);
    writeFileSync(blob, 'tampered\n');
    await item.getByRole('button', { name: 'Verify' }).click();
    await expect(item.getByRole('alert')).toContainText('Integrity check FAILED (mismatch). Alert raised on incident #');
    await expect(item.getByTestId('integrity')).toHaveText('integrity FAILED');
    const [alert] = await query<{ incidentId: number; source: string }>(`SELECT "incidentId", source::text FROM alert WHERE "dedupKey" = $1`, [`evidence-integrity:${id}`]);
    expect(alert?.source).toBe('cordon');
    await page.goto(`/incidents/${alert!.incidentId}`);
    await expect(page.getByTestId('incident-title')).toHaveText(`Evidence of incident #${incident.id} failed its integrity check`);
  });
});

test.describe('[ROLES] evidence for a viewer', () => {
  test.use({ storageState: storageState('viewer') });

  test('reads and views evidence but cannot upload, verify or export; the server refuses an upload', async ({ page }) => {
    const incident = await newIncident();
    await page.goto(`/incidents/${incident.id}`);
    await expect(page.getByText('Uploading, verifying and exporting evidence need the analyst role; you are viewer.')).toBeVisible();
    await expect(page.getByText('Upload an artifact')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Export bundle (zip)' })).toHaveCount(0);
    const response = await page.request.post(`/api/evidence?incidentId=${incident.id}&filename=x.txt`, { data: 'nope', headers: { 'content-type': 'application/octet-stream' } });
    expect(response.status()).toBe(403);
    const [row] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM evidence WHERE "incidentId" = $1`, [incident.id]);
    expect(row!.n).toBe(0);
  });
});
