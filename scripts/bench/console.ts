// npm run bench:console — how fast the analyst console answers on a large database.
//   An embedded PostgreSQL gets the large seed (scripts/seed-large.ts: 10,000 incidents,
//   1,000,000 alerts, one incident of 150,000), the real console starts on it, the bench signs in
//   over HTTP and measures server response times (request sent → last byte of the body):
//     queue     GET /incidents (the HTML page) and GET /api/incidents (its JSON refetch)
//     filtered  the same with severity + status + namespace + free text
//     workspace GET /incidents/<the large incident>
//   each at concurrency 1, 4 and 16 (p50 and p95 per level on stderr).
//   live: a headless Chromium signed in with the queue filtered to a namespace of its own; one
//   Falco event is posted from the page (fetch, same clock) and the time until its incident's row
//   is in the DOM is measured (ingest → NOTIFY → SSE → refetch → render), over 20 samples.
// stdout: one line, the p95s at the highest concurrency (HTML pages) and the live p95.
// Options (environment): BENCH_CONCURRENCY=1,4,16  BENCH_REQUESTS=<per level, default max(48, 8×c)>
//   BENCH_LIVE_SAMPLES=20  BENCH_INCIDENTS / BENCH_ALERTS (a smaller seed, for a quick try)
//   BENCH_PROFILE=<dir> (a V8 CPU profile of the console).
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/support/browser';
import { falcoEvent } from '../../e2e/support/ingest';
import { runPrisma } from '../lib/prisma-cli';
import { seedLarge, type LargeSeedResult } from '../seed-large';
import { percentile, startBenchEnvironment } from './harness';

const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,4,16').split(',').map(Number);
const LIVE_SAMPLES = Number(process.env.BENCH_LIVE_SAMPLES ?? 20);
const SIGN_IN = { email: 'analyst@cordon.local', password: 'cordon-demo-analyst' };

const say = (line: string) => console.error(`[bench:console] ${line}`);

// ───────────────────────────── HTTP ─────────────────────────────

async function signIn(consoleUrl: string): Promise<{ name: string; value: string }[]> {
  const response = await fetch(new URL('/api/auth/sign-in/email', consoleUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: consoleUrl },
    body: JSON.stringify(SIGN_IN),
  });
  if (!response.ok) throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
  const cookies = response.headers.getSetCookie().map((line) => {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    return { name: pair!.slice(0, at).trim(), value: pair!.slice(at + 1).trim() };
  });
  if (!cookies.some((c) => c.name.includes('session_token'))) throw new Error('sign-in set no session cookie');
  return cookies;
}

function get(agent: http.Agent, url: URL, cookie: string): Promise<{ status: number; ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(url, { agent, headers: { cookie, accept: url.pathname.startsWith('/api/') ? 'application/json' : 'text/html' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

interface LevelResult {
  concurrency: number;
  p50: number;
  p95: number;
  requests: number;
  perSecond: number;
  bytes: number;
}

/** `requests` GETs of one URL with `concurrency` in flight; every answer must be a 200. */
async function measure(url: URL, cookie: string, concurrency: number): Promise<LevelResult> {
  const requests = Number(process.env.BENCH_REQUESTS ?? Math.max(48, 8 * concurrency));
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    // Warm-up on these sockets: keep-alive connections and the route's code paths.
    await Promise.all(Array.from({ length: concurrency }, () => get(agent, url, cookie)));
    const latencies: number[] = [];
    let bytes = 0;
    let issued = 0;
    const started = performance.now();
    const worker = async () => {
      while (issued < requests) {
        issued += 1;
        const result = await get(agent, url, cookie);
        if (result.status !== 200) throw new Error(`${url.pathname}${url.search} answered ${result.status}`);
        latencies.push(result.ms);
        bytes = result.bytes;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1_000;
    latencies.sort((a, b) => a - b);
    return { concurrency, p50: percentile(latencies, 50), p95: percentile(latencies, 95), requests: latencies.length, perSecond: latencies.length / seconds, bytes };
  } finally {
    agent.destroy();
  }
}

// ───────────────────────────── live: alert to screen ─────────────────────────────

/**
 * Runs in the page (a string, so the bundler's helpers never leak into it): posts the event and
 * resolves with the milliseconds until a queue row for its workload is in the DOM.
 */
const IN_PAGE_SAMPLE = `async ([event, token, workload]) => {
  const hasRow = () => [...document.querySelectorAll('[data-testid="incident-row"]')].some((row) => row.textContent.includes('/' + workload));
  const appeared = new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (!hasRow()) return;
      observer.disconnect();
      resolve(performance.now());
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    setTimeout(() => { observer.disconnect(); reject(new Error('no row for ' + workload + ' after 10 s')); }, 10000);
  });
  const t0 = performance.now();
  const posted = await fetch('/api/ingest/falco', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
    body: JSON.stringify(event),
  });
  if (!posted.ok) throw new Error('ingest answered ' + posted.status);
  return (await appeared) - t0;
}`;

async function liveLatencies(browser: Browser, consoleUrl: string, cookies: { name: string; value: string }[], token: string): Promise<number[]> {
  const context = await browser.newContext({ baseURL: consoleUrl });
  await context.addCookies(cookies.map((c) => ({ ...c, url: consoleUrl })));
  const page = await context.newPage();
  const namespace = `bench-live-${randomBytes(3).toString('hex')}`;
  await page.goto(`/incidents?namespace=${namespace}`);
  await page.getByTestId('queue-empty').waitFor();
  await page.locator('[data-testid="live-state"][data-state="live"]').waitFor();

  const samples: number[] = [];
  for (let i = 0; i < LIVE_SAMPLES; i += 1) {
    // Each sample is a new workload, so a new incident and a new row.
    const workload = `live-${i}-${randomBytes(2).toString('hex')}`;
    const event = falcoEvent({ namespace, pod: `${workload}-7c9d8bf6d4-x2k4q` });
    // Measured in the page: post time and the row's appearance on the same clock.
    const ms = await page.evaluate<number>(`(${IN_PAGE_SAMPLE})(${JSON.stringify([event, token, workload])})`);
    samples.push(ms);
    say(`live sample ${i + 1}/${LIVE_SAMPLES}: ${ms.toFixed(0)} ms`);
    // Let the queue settle (its refetch, the "fresh" highlight) before the next alert.
    await page.waitForTimeout(400 + Math.floor(Math.random() * 200));
  }
  await context.close();
  return samples;
}

// ───────────────────────────── main ─────────────────────────────

async function main(): Promise<void> {
  let seed: LargeSeedResult | null = null;
  let browser: Browser | null = null;
  const env = await startBenchEnvironment({
    quiet: true,
    nodeArgs: process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [],
    prepare: async (databaseUrl) => {
      process.env.DATABASE_URL = databaseUrl;
      await runPrisma(['migrate', 'deploy'], { databaseUrl, quiet: true });
      say('seeding the large data set (about two minutes)…');
      seed = await seedLarge(databaseUrl, {
        incidents: process.env.BENCH_INCIDENTS ? Number(process.env.BENCH_INCIDENTS) : undefined,
        alerts: process.env.BENCH_ALERTS ? Number(process.env.BENCH_ALERTS) : undefined,
        log: (line) => say(`seed: ${line}`),
      });
      say('starting the console (it builds first if the sources changed)…');
    },
  });
  try {
    const big = (seed as LargeSeedResult | null)!;
    say(`seeded ${big.incidents} incidents, ${big.alerts} alerts in ${big.seconds.toFixed(0)} s; large incident #${big.bigIncidentId}; console at ${env.consoleUrl}`);
    const { createApiToken } = await import('../../lib/settings/commands/create-api-token');
    const { db, disconnectDb } = await import('../../lib/db/client');
    const { token } = await createApiToken({ name: 'bench:console', source: 'falco' }, { type: 'system', id: null, label: 'bench' });
    const bigIncident = await db.incident.findUniqueOrThrow({ where: { id: big.bigIncidentId }, select: { namespace: true, workload: true, alertCount: true } });
    await disconnectDb();

    const cookies = await signIn(env.consoleUrl);
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const filter = new URLSearchParams({
      severity: 'critical,high',
      status: 'new,acknowledged,investigating,contained',
      namespace: bigIncident.namespace!,
      q: bigIncident.workload!.split('-').pop()!,
    }).toString();
    const targets = [
      { key: 'queue', label: 'queue page     GET /incidents', path: '/incidents' },
      { key: 'queue_json', label: 'queue JSON     GET /api/incidents', path: '/api/incidents' },
      { key: 'filtered', label: 'filtered page  GET /incidents?…', path: `/incidents?${filter}` },
      { key: 'filtered_json', label: 'filtered JSON  GET /api/incidents?…', path: `/api/incidents?${filter}` },
      { key: 'workspace', label: `workspace      GET /incidents/${big.bigIncidentId}`, path: `/incidents/${big.bigIncidentId}` },
    ];
    say(`filter: ${decodeURIComponent(filter)}; the large incident has ${bigIncident.alertCount} alerts`);

    const p95: Record<string, number> = {};
    for (const target of targets) {
      const url = new URL(target.path, env.consoleUrl);
      for (const concurrency of LEVELS) {
        const r = await measure(url, cookie, concurrency);
        say(
          `${target.label} c=${String(concurrency).padEnd(2)} p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  ` +
            `${r.perSecond.toFixed(1)}/s  ${(r.bytes / 1024).toFixed(0)} KiB  (n=${r.requests})`,
        );
        p95[target.key] = r.p95;
      }
    }

    browser = await chromium.launch(chromiumLaunchOptions());
    const live = (await liveLatencies(browser, env.consoleUrl, cookies, token)).sort((a, b) => a - b);
    say(`live: p50 ${percentile(live, 50).toFixed(0)} ms, p95 ${percentile(live, 95).toFixed(0)} ms, max ${live[live.length - 1]!.toFixed(0)} ms (n=${live.length})`);

    const round = (n: number | undefined) => Math.round(n ?? NaN);
    console.log(`queue_p95_ms=${round(p95.queue)} filtered_p95_ms=${round(p95.filtered)} workspace_p95_ms=${round(p95.workspace)} live_p95_ms=${round(percentile(live, 95))}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await env.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`[bench:console] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
