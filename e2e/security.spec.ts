import { expect, test, type Page } from '@playwright/test';
import { createIncident, incidentRow } from './support/db';
import { storageState } from './support/roles';

function directives(policy: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (policy ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name, values);
  }
  return out;
}

/** Records CSP violations the page reports (the init script runs outside the page's policy). */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

test.describe('[SECURITY] headers', () => {
  test('pages carry a nonce policy without unsafe-inline script, and every script carries the nonce', async ({ request }) => {
    for (const path of ['/sign-in', '/incidents']) {
      const response = await request.get(path, { maxRedirects: 0 });
      const headers = response.headers();
      const csp = directives(headers['content-security-policy']);
      const script = csp.get('script-src') ?? [];
      expect(script, path).toContain("'strict-dynamic'");
      expect(script, path).not.toContain("'unsafe-inline'");
      expect(script, path).not.toContain("'unsafe-eval'");
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('same-origin');
      expect(headers['permissions-policy']).toContain('camera=()');
      expect(headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      if (path === '/sign-in') {
        const nonce = /^'nonce-(.+)'$/.exec(script.find((s) => s.startsWith("'nonce-")) ?? '')?.[1];
        expect(nonce).toBeTruthy();
        const tags = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
        expect(tags.length).toBeGreaterThan(0);
        for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
      }
    }
  });

  test('API answers, lean and Next.js alike, carry the headers and the request id', async ({ request }) => {
    for (const path of ['/api/health', '/api/incidents']) {
      const response = await request.get(path, { headers: { 'x-request-id': `e2e-${path.replaceAll('/', '-')}` } });
      const headers = response.headers();
      expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['x-request-id'], path).toBe(`e2e-${path.replaceAll('/', '-')}`);
    }
  });
});

test.describe('[SECURITY] content security policy, signed out', () => {
  test('an inline script injected into a page does not run, while the page still hydrates', async ({ page }) => {
    await page.route('**/sign-in', async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(
        '</body>',
        '<script>window.__injected = true</script><img src="/missing.png" onerror="window.__handler = true"></body>',
      );
      await route.fulfill({ response, body: html });
    });
    const violations = await watchViolations(page);
    await page.goto('/sign-in');
    // Next.js's own (nonce-carrying) scripts ran: the app hydrated.
    await page.waitForFunction(() => Boolean((window as unknown as { next?: { version?: string } }).next?.version));
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
    expect(await page.evaluate(() => (window as unknown as { __handler?: boolean }).__handler)).toBeUndefined();
    const seen = await violations();
    expect(seen).toContain('script-src-elem inline');
    expect(seen).toContain('script-src-attr inline');
  });
});

test.describe('[SECURITY] content security policy in the browser', () => {
  test.use({ storageState: storageState('admin') });

  test('the console hydrates and works with no policy violation: queue, incident, map, reports, settings', async ({ page }) => {
    const violations = await watchViolations(page);
    const incident = await createIncident();
    await page.goto('/incidents');
    await page.getByRole('link', { name: incident.title }).click(); // client-side navigation
    await expect(page.getByTestId('incident-title')).toHaveText(incident.title);
    for (const path of ['/map', '/reports', '/settings']) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: path.slice(1), exact: false }).click();
      await expect(page).toHaveURL(new RegExp(`${path}$`));
      await page.waitForLoadState('networkidle');
    }
    // The map draws on a canvas (Cytoscape) without eval.
    await page.goto('/map');
    await expect(page.getByRole('img', { name: 'Network map' })).toBeVisible();
    await expect(page.getByText(/\d+ workloads/)).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(await violations()).toEqual([]);
  });
});

test.describe('[SECURITY] cross-site requests', () => {
  test.use({ storageState: storageState('analyst') });

  test('a cross-site POST with a valid session is refused: route handler and server action', async ({ page, playwright, baseURL }) => {
    const incident = await createIncident();
    const api = await playwright.request.newContext({ storageState: storageState('analyst'), baseURL });
    const crossSite = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };

    const upload = await api.post(`/api/evidence?incidentId=${incident.id}&filename=x.txt&type=other`, {
      headers: { ...crossSite, 'content-type': 'application/octet-stream' },
      data: Buffer.from('planted'),
    });
    expect(upload.status()).toBe(403);
    expect(await upload.json()).toEqual({ error: 'cross_site', message: 'Cross-site request refused.' });

    // A real "assign to me" server-action call, replayed from another site.
    const other = await createIncident();
    await page.goto(`/incidents/${other.id}`);
    const [call] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && r.headers()['next-action'] !== undefined),
      page.getByRole('button', { name: 'Assign to me' }).click(),
    ]);
    const forged = await api.post(`/incidents/${incident.id}`, {
      headers: { ...crossSite, 'next-action': call.headers()['next-action']!, 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component' },
      data: JSON.stringify([{ incidentId: incident.id }]),
    });
    expect(forged.status()).toBe(403);
    expect(await incidentRow(incident.id)).toEqual({ status: 'new', assigneeId: null });
    await api.dispose();
  });
});
