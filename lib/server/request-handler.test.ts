import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossSiteRefusal } from '../http/csrf';
import type { LeanRoute } from './http-server';
import { currentRequestId } from './request-context';
import { createRequestHandler } from './request-handler';

// Stands in for Next.js: renders the nonce it finds in the request's policy, as Next.js does.
async function fakeNext(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1));
  const requestId = currentRequestId();
  if (req.url === '/download') {
    res.writeHead(200, { 'content-security-policy': "default-src 'none'; sandbox", 'content-type': 'application/octet-stream' });
    res.end('bytes');
    return;
  }
  if (req.method === 'POST') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ changed: true, requestId }));
    return;
  }
  const nonce = /'nonce-([^']+)'/.exec(String(req.headers['content-security-policy']))?.[1] ?? '';
  res.setHeader('content-type', 'text/html');
  res.end(`<html><body data-request-id="${requestId}"><script nonce="${nonce}">self.ok=1</script></body></html>`);
}

const ingestLike: LeanRoute = {
  matches: (pathname) => pathname.startsWith('/api/ingest/'),
  handle(_req, res) {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":1}');
  },
};

async function listen(publicUrl: string, dev = false) {
  const server = http.createServer(createRequestHandler({ routes: [ingestLike], fallback: fakeNext, trustProxy: false, dev, publicUrl }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function directives(policy: string | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (policy ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name, values);
  }
  return out;
}

describe('[SECURITY] security headers, request ids and the cross-site check on every request', () => {
  let plain: Awaited<ReturnType<typeof listen>>;
  let tls: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    plain = await listen('http://console.test:3000');
    tls = await listen('https://cordon.example.com');
  });
  afterAll(() => {
    plain.server.close();
    tls.server.close();
  });

  it('gives pages a nonce policy that blocks inline script, fresh per request, and the nonce Next.js renders', async () => {
    const [first, second] = [await fetch(`${plain.url}/incidents`), await fetch(`${plain.url}/incidents`)];
    const policy = first.headers.get('content-security-policy');
    const d = directives(policy);
    const script = d.get('script-src')!;
    expect(script).toContain("'strict-dynamic'");
    expect(script).not.toContain("'unsafe-inline'");
    expect(script).not.toContain("'unsafe-eval'");
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'self'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('style-src')).not.toContain("'unsafe-inline'");
    const nonce = /^'nonce-(.+)'$/.exec(script.find((s) => s.startsWith("'nonce-"))!)![1]!;
    expect(nonce.length).toBeGreaterThanOrEqual(22);
    // The page carries the same nonce; an injected <script> without it would not run.
    expect(await first.text()).toContain(`<script nonce="${nonce}">`);
    expect(second.headers.get('content-security-policy')).not.toBe(policy);
  });

  it('sets the other headers on pages and APIs, and HSTS only behind an https public URL', async () => {
    for (const path of ['/incidents', '/api/ingest/falco']) {
      const response = await fetch(`${plain.url}${path}`, { method: path.startsWith('/api') ? 'POST' : 'GET' });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('permissions-policy')).toContain('camera=()');
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
    const api = await fetch(`${plain.url}/api/ingest/falco`, { method: 'POST' });
    expect(directives(api.headers.get('content-security-policy')).get('default-src')).toEqual(["'none'"]);
    const secure = await fetch(`${tls.url}/incidents`);
    expect(secure.headers.get('strict-transport-security')).toBe('max-age=63072000');
    expect(secure.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });

  it('keeps a stricter policy set by the route itself (evidence downloads)', async () => {
    const response = await fetch(`${plain.url}/download`);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('in development allows what next dev needs, and only there', async () => {
    const dev = await listen('http://localhost:3000', true);
    try {
      const d = directives((await fetch(`${dev.url}/incidents`)).headers.get('content-security-policy'));
      expect(d.get('script-src')).toContain("'unsafe-eval'");
      expect(d.get('script-src')).not.toContain("'unsafe-inline'");
    } finally {
      dev.server.close();
    }
  });

  it('gives every request an id: a sane incoming one is kept, anything else replaced; handlers see it', async () => {
    const fresh = await fetch(`${plain.url}/incidents`);
    const id = fresh.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await fresh.text()).toContain(`data-request-id="${id}"`);

    const kept = await fetch(`${plain.url}/incidents`, { headers: { 'x-request-id': 'Root=1-67891233-abcdef012345678912345678' } });
    expect(kept.headers.get('x-request-id')).toBe('Root=1-67891233-abcdef012345678912345678');
    for (const bad of ['a b', 'x'.repeat(129), '"}{"level":60', 'id\twith\ttabs']) {
      const replaced = await fetch(`${plain.url}/incidents`, { headers: { 'x-request-id': bad } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    const api = await fetch(`${plain.url}/api/ingest/falco`, { method: 'POST', headers: { 'x-request-id': 'ingest-42' } });
    expect(api.headers.get('x-request-id')).toBe('ingest-42');
  });

  it('refuses a cross-site POST to anything the session cookie authenticates', async () => {
    const refused: Record<string, string>[] = [
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: 'http://other.console.test:3000' },
      { origin: 'null' },
    ];
    for (const headers of refused) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const response = await fetch(`${plain.url}/api/evidence`, { method, headers });
        expect(response.status, `${method} ${JSON.stringify(headers)}`).toBe(403);
        expect(await response.json()).toEqual({ error: 'cross_site', message: 'Cross-site request refused.' });
      }
    }
    // A forged X-Forwarded-Host does not make the origin match without a trusted proxy.
    const forged = await fetch(`${plain.url}/api/evidence`, { method: 'POST', headers: { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' } });
    expect(forged.status).toBe(403);
  });

  it('lets same-origin requests, the public origin, non-browser clients and cross-site reads through', async () => {
    const host = new URL(plain.url).host;
    const allowed: [string, Record<string, string>][] = [
      ['POST', { origin: plain.url, 'sec-fetch-site': 'same-origin' }],
      ['POST', { origin: 'http://console.test:3000' }], // the public URL, behind a proxy that rewrites Host
      ['POST', {}], // curl, scripts
      ['GET', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
    ];
    for (const [method, headers] of allowed) {
      const response = await fetch(`${plain.url}/api/things`, { method, headers });
      expect(response.status, `${method} ${JSON.stringify(headers)} to ${host}`).toBe(200);
    }
  });

  it('exempts the ingest routes, which authenticate by token, not cookie', async () => {
    const response = await fetch(`${plain.url}/api/ingest/falco`, { method: 'POST', headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
    expect(response.status).toBe(200);
  });
});

describe('[SECURITY] crossSiteRefusal', () => {
  const base = { method: 'POST', origin: null, fetchSite: null, host: 'cordon.example.com' };
  it('is null for safe methods and for matching origins, a reason otherwise', () => {
    expect(crossSiteRefusal({ ...base, method: 'GET', origin: 'https://evil.example', fetchSite: 'cross-site' }, 'https://cordon.example.com')).toBeNull();
    expect(crossSiteRefusal({ ...base, origin: 'https://cordon.example.com' }, 'https://cordon.example.com')).toBeNull();
    expect(crossSiteRefusal({ ...base, fetchSite: 'none' }, 'https://cordon.example.com')).toBeNull();
    expect(crossSiteRefusal({ ...base, origin: 'https://cordon.example.com.evil.example' }, 'https://cordon.example.com')).toMatch(/not this console/);
    expect(crossSiteRefusal({ ...base, origin: 'not a url' }, 'https://cordon.example.com')).toMatch(/not a URL/);
  });
});
