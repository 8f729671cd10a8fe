// npm run bench:map — the network map on a large cluster, in the real browser.
// A simulator with the large profile (150 namespaces × 20 Deployments = 3,000 workloads, plus the
// demo's) is given to the console as its KUBECONFIG; the console's inventory watch syncs it, and
// 15,000 aggregated flow edges between its workloads (and some external addresses) are written
// to the flow tables. Then, in headless Chromium:
//   first_render_ms  navigation start → the whole map drawn (median of 5 loads, the first one cold)
//   update_apply_ms  a batch of 100 changed edges, pushed live (NOTIFY → SSE → /api/map/changes),
//                    applied to the picture in place (median of 5 batches; the canvas work only)
//   fps_pan          frames per second while dragging the map around for 3 s
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import pg from 'pg';
import { startSimulator } from '../../sim/index';
import { chromiumLaunchOptions } from '../../e2e/support/browser';
import { median, startBenchEnvironment } from './harness';

const EDGES = Number(process.env.BENCH_EDGES ?? 15_000);
const BATCH = 100;

async function main() {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'cordon-bench-map-'));
  const sim = await startSimulator({ port: 0, profile: 'large', trafficIntervalMs: 0 });
  const kubeconfig = path.join(tempDir, 'kubeconfig');
  await sim.writeKubeconfig(kubeconfig);
  const env = await startBenchEnvironment({ env: { KUBECONFIG: kubeconfig, CORDON_CLUSTER_NAME: 'large', CORDON_SIMULATOR: 'off', CORDON_DEMO: 'true' }, quiet: true });
  const browser = await chromium.launch(chromiumLaunchOptions());
  const db = new pg.Client({ connectionString: env.databaseUrl });
  try {
    await db.connect();
    const clusterId = (await db.query<{ id: string }>(`SELECT id FROM cluster WHERE name = 'large'`)).rows[0]!.id;
    const workloads = await waitForInventory(db, clusterId, 3_000);
    await writeFlows(db, clusterId, workloads);
    console.error(`[bench] ${workloads.length} workloads in the inventory, ${EDGES} edges written`);

    const page = await browser.newPage({ baseURL: env.consoleUrl, viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (error) => console.error(`[bench] page error: ${error.message}`));
    page.on('console', (message) => void (message.type() === 'error' && console.error(`[bench] page console: ${message.text()}`)));
    page.on('response', (response) => void (response.status() >= 400 && console.error(`[bench] HTTP ${response.status()} ${response.url()}`)));
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('viewer@cordon.local');
    await page.getByLabel('Password').fill('cordon-demo-viewer');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/incidents/);

    const renders: number[] = [];
    // BENCH_MAP_PROFILE=<file>: a CPU profile of the page during the last load (open it in Chromium's DevTools).
    const profileFile = process.env.BENCH_MAP_PROFILE;
    const cdp = profileFile ? await page.context().newCDPSession(page) : null;
    const LOADS = 5;
    for (let i = 0; i < LOADS; i += 1) {
      if (cdp && i === LOADS - 1) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
      }
      await page.goto(`/map?cluster=${clusterId}&window=24h`);
      await page.waitForSelector('html[data-map-rendered-at]', { state: 'attached', timeout: 120_000 });
      if (cdp && i === LOADS - 1) await writeFile(profileFile!, JSON.stringify((await cdp.send('Profiler.stop')).profile));
      renders.push(Number(await page.evaluate(() => document.documentElement.dataset.mapRenderedAt)));
      console.error(`[bench] load ${i + 1}: ${await page.evaluate<string>(LOAD_PHASES)}`);
      const stats = await page.getByTestId('map-stats').textContent();
      if (i === 0) console.error(`[bench] map: ${stats}`);
    }

    await page.waitForSelector('[data-testid="live-state"][data-state="live"]');
    const applies: number[] = [];
    for (let round = 0; round < 5; round += 1) applies.push(await liveBatch(page, db, clusterId));

    console.error(`[bench] first render ${renders.join(', ')} ms; delta apply ${applies.map((a) => a.toFixed(1)).join(', ')} ms`);
    const fps = await panFps(page);
    console.error(`[bench] pan ${fps.toFixed(1)} fps`);
    console.log(`first_render_ms=${median(renders).toFixed(0)} update_apply_ms=${median(applies).toFixed(1)} fps_pan=${fps.toFixed(0)}`);
  } finally {
    await db.end().catch(() => undefined);
    await browser.close();
    await env.stop();
    await sim.stop();
    await rm(tempDir, { recursive: true, force: true });
  }
}

async function waitForInventory(db: pg.Client, clusterId: string, minimum: number): Promise<string[]> {
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    const { rows } = await db.query<{ key: string }>(
      `SELECT namespace || '/' || kind || '/' || name AS key FROM cluster_object
        WHERE "clusterId" = $1 AND kind = 'Deployment' AND "deletedAt" IS NULL`,
      [clusterId],
    );
    if (rows.length >= minimum) return rows.map((r) => r.key);
    if (Date.now() > deadline) throw new Error(`the inventory holds ${rows.length} Deployments after 5 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** 15,000 distinct edges: mostly within a namespace, some across, some to external addresses. */
async function writeFlows(db: pg.Client, clusterId: string, workloads: string[]): Promise<void> {
  const rows: string[][] = [];
  const seen = new Set<string>();
  // mulberry32: repeatable, and exact in 32-bit integer arithmetic (a textbook LCG in doubles
  // loses its low bits past 2^53 and falls into a short cycle).
  let seed = 7;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const byNamespace = new Map<string, string[]>();
  for (const key of workloads) {
    const ns = key.split('/')[0]!;
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), key]);
  }
  while (rows.length < EDGES) {
    const src = workloads[Math.floor(random() * workloads.length)]!;
    const ns = src.split('/')[0]!;
    const r = random();
    const siblings = byNamespace.get(ns)!;
    const dst = r < 0.7 ? siblings[Math.floor(random() * siblings.length)]! : r < 0.95 ? workloads[Math.floor(random() * workloads.length)]! : `ip:203.0.113.${Math.floor(random() * 200)}`;
    if (dst === src) continue;
    const port = [80, 443, 5432, 6379, 8080, 9090][Math.floor(random() * 6)]!;
    const id = `${src}|${dst}|${port}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const [dstNs, , dstName] = dst.startsWith('ip:') ? [null, null, dst.slice(3)] : dst.split('/');
    rows.push([src, ns, src.split('/')[2]!, dst, dstNs ?? '', dstName, String(port)]);
  }
  await db.query('BEGIN');
  await db.query(
    `INSERT INTO flow ("clusterId", "srcKey", "srcNamespace", "srcName", "dstKey", "dstNamespace", "dstName", port, protocol, verdict, count, "firstSeenAt", "lastSeenAt")
     SELECT $1, s, sn, sname, d, NULLIF(dn, ''), dname, p::int, 'TCP', 'forwarded', 10, now() - interval '2 hours', now() - interval '5 minutes'
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(s, sn, sname, d, dn, dname, p)`,
    [clusterId, ...[0, 1, 2, 3, 4, 5, 6].map((i) => rows.map((row) => row[i]!))],
  );
  await db.query(
    `INSERT INTO flow_window ("flowId", "bucketStart", count)
     SELECT id, date_trunc('minute', now() - interval '5 minutes'), 10 FROM flow WHERE "clusterId" = $1`,
    [clusterId],
  );
  await db.query('COMMIT');
}

/** Changes 100 edges (as a burst of Hubble flows would), notifies, and returns the page's apply time. */
async function liveBatch(page: Page, db: pg.Client, clusterId: string): Promise<number> {
  const before = await page.evaluate(() => performance.getEntriesByName('cordon:map-delta').length);
  await db.query(
    `WITH picked AS (SELECT id FROM flow WHERE "clusterId" = $1 ORDER BY random() LIMIT ${BATCH})
     UPDATE flow SET count = count + 1, "lastSeenAt" = now() WHERE id IN (SELECT id FROM picked)`,
    [clusterId],
  );
  await db.query(`SELECT pg_notify('cordon_events', $1)`, [JSON.stringify({ topic: 'flows', count: BATCH })]);
  await page.waitForFunction((n) => performance.getEntriesByName('cordon:map-delta').length > n, before, { timeout: 30_000 });
  return await page.evaluate(() => performance.getEntriesByName('cordon:map-delta').at(-1)!.duration);
}

/** Where a load's time went (in the page): ms since navigation start at each step. A string, as in panFps. */
const LOAD_PHASES = `(() => {
  const at = (name) => Math.round(performance.getEntriesByName(name).at(-1)?.startTime ?? NaN);
  const navigation = performance.getEntriesByType('navigation')[0];
  const snapshot = performance.getEntriesByType('resource').find((r) => r.name.includes('/api/map?'));
  const load = performance.getEntriesByName('cordon:map-load').at(-1);
  return [
    'html ' + Math.round(navigation.responseEnd),
    'dom ready ' + Math.round(navigation.domContentLoadedEventEnd),
    'snapshot ' + (snapshot ? Math.round(snapshot.requestStart) + '→' + Math.round(snapshot.responseStart) + '→' + Math.round(snapshot.responseEnd) + ' (' + Math.round(snapshot.encodedBodySize / 1024) + ' KiB)' : '?'),
    'parsed ' + at('cordon:map-data'),
    'canvas ready ' + at('cordon:map-canvas-ready'),
    'load ' + (load ? Math.round(load.startTime) + '+' + Math.round(load.duration) : '?'),
    '(nodes added ' + at('cordon:map-nodes-added') + ', styled ' + at('cordon:map-nodes-styled') + ', edges ' + at('cordon:map-edges-added') + ')',
    'drawn ' + document.documentElement.dataset.mapRenderedAt,
  ].join(' · ');
})()`;

/** Drags the map for 3 s with the mouse while counting animation frames. */
async function panFps(page: Page): Promise<number> {
  const box = (await page.getByTestId('map-canvas').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  // A string, not a function: tsx compiles named inner functions with a `__name` helper that does
  // not exist in the page.
  await page.evaluate(`(() => {
    window.__frames = 0;
    window.__counting = true;
    const tick = () => {
      if (!window.__counting) return;
      window.__frames += 1;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const started = Date.now();
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  let step = 0;
  while (Date.now() - started < 3_000) {
    step += 1;
    await page.mouse.move(cx + Math.sin(step / 10) * 300, cy + Math.cos(step / 10) * 200);
  }
  await page.mouse.up();
  const elapsed = (Date.now() - started) / 1_000;
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number; __counting: boolean };
    w.__counting = false;
    return w.__frames;
  });
  return frames / elapsed;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
