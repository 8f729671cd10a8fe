import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { incidentRow, query } from './support/db';
import { createIngestToken, falcoEvent, postFalco, uniqueNamespace } from './support/ingest';
import { storageState } from './support/roles';
import { testPng } from '../lib/reports/test-png';

test.describe('[REPORTS] from first alert to an exported report', () => {
  test.use({ storageState: storageState('analyst') });

  test('an alert becomes an incident, is closed, and its report exports to PDF and Markdown', async ({ page }) => {
    const namespace = uniqueNamespace('rep');
    const token = await createIngestToken('falco');
    const { incidents } = await postFalco(process.env.CORDON_E2E_URL!, token, falcoEvent({ namespace }));
    const id = incidents[0]!;
    await page.goto(`/incidents/${id}`);
    await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live');
    for (const [key, status] of [['e', 'acknowledged'], ['i', 'investigating'], ['t', 'contained'], ['r', 'resolved']] as const) {
      await page.keyboard.press(key);
      await expect.poll(async () => (await incidentRow(id))?.status).toBe(status);
      await expect(page.getByTestId('lifecycle-bar')).toHaveAttribute('data-status', status);
    }
    await page.keyboard.press('c');
    await page.getByRole('form', { name: 'Close incidents' }).getByRole('textbox').fill('Debug shell, image rebuilt');
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await expect.poll(async () => (await incidentRow(id))?.status).toBe('closed');

    await page.getByRole('link', { name: 'Report', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/reports/${id}$`));
    await expect(page.getByTestId('response-times')).toContainText('Time to contain (MTTC)');
    const editor = page.getByRole('form', { name: 'Edit the report' });
    await editor.getByPlaceholder('What happened').fill('A # shell [link](https://evil.example) was opened in web.');
    await editor.getByPlaceholder('Why it was possible.').fill('A debug image reached production.');
    await editor.getByRole('button', { name: '+ Add follow-up' }).click();
    await editor.getByLabel('Follow-up 1', { exact: true }).fill('Admission policy for debug images');
    await editor.getByLabel('Follow-up 1 owner').fill('platform');
    await editor.getByRole('button', { name: 'Save report' }).click();
    await expect(editor.getByRole('status')).toHaveText('Saved: summary, rootCause, followUps.');
    await expect(page.getByTestId('key-events')).toContainText('Post-incident report updated');
    const snapshot = await page.request.post(`/api/reports/${id}/map-snapshot`, { data: testPng(300, 150), headers: { 'content-type': 'image/png' } });
    expect(snapshot.status()).toBe(201);
    await page.reload();
    await expect(page.getByTestId('map-snapshot')).toContainText('Attached (included in the PDF)');

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export PDF' }).click()]);
    const pdfBytes = readFileSync((await pdf.path()));
    expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfBytes.subarray(-8).toString()).toContain('%%EOF');
    expect(pdf.suggestedFilename()).toMatch(new RegExp(`^incident-${id}-report-.*\\.pdf$`));

    const [md] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export Markdown' }).click()]);
    const markdown = readFileSync((await md.path()), 'utf8');
    expect(markdown).toContain(`# Post-incident report: incident #${id}`);
    expect(markdown).toContain('A \\# shell \\[link\\]\\(hxxps://evil.example\\) was opened in web.');
    expect(markdown).toContain('- [ ] Admission policy for debug images (owner: platform)');
    expect(markdown).toContain('| Time to contain (MTTC) | detected → contained |');

    const exports = await query<{ mediaType: string }>(`SELECT "mediaType" FROM evidence WHERE "incidentId" = $1 AND kind = 'report_export' ORDER BY "mediaType"`, [id]);
    expect(exports.map((e) => e.mediaType)).toEqual(['application/pdf', 'text/markdown']);
    const [audit] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'report.export' AND "targetId" = $1`, [String(id)]);
    expect(audit!.n).toBe(2);

    await page.goto('/reports');
    await expect(page.getByRole('img', { name: 'Incidents per week by severity' })).toBeVisible();
    await expect(page.getByTestId('report-table')).toContainText(String(id));
  });
});

test.describe('[ROLES] reports for a viewer', () => {
  test.use({ storageState: storageState('viewer') });

  test('reads the report without editing; a forged edit is refused and audited', async ({ page, browser, playwright }) => {
    const [row] = await query<{ id: number }>(
      `INSERT INTO incident (title, severity, status, "correlationKey", namespace, "firstSeenAt", "lastSeenAt", "detectedAt", "containedAt", "resolvedAt", "closedAt", resolution, "resolutionSummary", "updatedAt")
       VALUES ($1, 'high', 'closed', $1, 'e2e', now() - interval '3 hours', now(), now() - interval '170 minutes', now() - interval '2 hours', now() - interval '1 hour', now(), 'resolved', 'done', now()) RETURNING id`,
      [`E2E report ${Date.now()}`],
    );
    const id = row!.id;
    await query(`INSERT INTO post_incident_report ("incidentId", summary, "rootCause", "updatedAt") VALUES ($1, 'Viewer-visible summary', 'Weak RBAC', now())`, [id]);
    await page.goto(`/reports/${id}`);
    await expect(page.getByText('Editing the report needs the analyst role; you are viewer.')).toBeVisible();
    await expect(page.getByText('Viewer-visible summary')).toBeVisible();
    await expect(page.getByRole('form', { name: 'Edit the report' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Export PDF' })).toBeVisible();

    // Capture an analyst's real "save report" call and replay it with the viewer's session.
    const analyst = await browser.newContext({ storageState: storageState('analyst') });
    const analystPage = await analyst.newPage();
    await analystPage.goto(`/reports/${id}`);
    const [call] = await Promise.all([
      analystPage.waitForRequest((r) => r.method() === 'POST' && r.headers()['next-action'] !== undefined),
      analystPage.getByRole('button', { name: 'Save report' }).click(),
    ]);
    await analyst.close();
    const viewerApi = await playwright.request.newContext({ storageState: storageState('viewer'), baseURL: new URL(page.url()).origin });
    const response = await viewerApi.post(`/reports/${id}`, {
      headers: { 'next-action': call.headers()['next-action']!, 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component' },
      data: JSON.stringify([{ incidentId: id, summary: 'forged', impact: '', rootCause: '', lessonsLearned: '', followUps: [] }]),
    });
    expect(await response.text()).toContain('This needs the analyst role; you are signed in as viewer.');
    await viewerApi.dispose();
    const [report] = await query<{ summary: string }>(`SELECT summary FROM post_incident_report WHERE "incidentId" = $1`, [id]);
    expect(report!.summary).toBe('Viewer-visible summary');
    const [denied] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'report.edit' AND outcome = 'denied'`);
    expect(denied!.n).toBeGreaterThan(0);
  });
});
