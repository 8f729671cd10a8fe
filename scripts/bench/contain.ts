// npm run bench:contain — click-to-verified isolation of a pod, through the real path: a responder
// in headless Chromium clicks "Run: Isolate pod" in the incident workspace; the server action
// calls the simulator through @kubernetes/client-node, reads the cluster back, commits the record,
// and the page shows the card as succeeded with its verification. Each sample is the time from
// the click to that card; the plan (dry run) before it and the undo after it are not timed.
// Prints `isolate_p50_ms=<n> isolate_p95_ms=<n>`.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from '@playwright/test';
import pg from 'pg';
import { chromiumLaunchOptions } from '../../e2e/support/browser';
import { percentile, median, startBenchEnvironment } from './harness';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 40);
const WARMUP = 3;

async function main() {
  const env = await startBenchEnvironment({ env: { CORDON_DEMO: 'true', CORDON_SIMULATOR: 'on', CORDON_DEMO_ATTACKS: 'off' }, quiet: true });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
    const sim = await simulatorAccess(env.dataDir);
    const pods = await simPods(sim, 'shop');
    // One incident per pod, opened by a real Falco alert through ingestion.
    const clusterId = (await db.query<{ id: string }>(`SELECT id FROM cluster WHERE name = 'demo'`)).rows[0]!.id;
    const token = `cordon_bench_${randomBytes(24).toString('base64url')}`;
    await db.query(`INSERT INTO api_token (id, name, source, "tokenHash", prefix, "clusterId") VALUES ($1, 'bench falco', 'falco', $2, $3, $4)`, [
      randomBytes(12).toString('hex'),
      createHash('sha256').update(token).digest('hex'),
      token.slice(0, 16),
      clusterId,
    ]);
    const incidents = new Map<string, number>();
    for (const pod of pods) incidents.set(pod, await openIncident(env.consoleUrl, token, pod));
    await db.end();

    const page = await browser.newPage({ baseURL: env.consoleUrl });
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('responder@cordon.local');
    await page.getByLabel('Password').fill('cordon-demo-responder');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/incidents/);

    const samples: number[] = [];
    for (let i = 0; i < ITERATIONS + WARMUP; i += 1) {
      const pod = pods[i % pods.length]!;
      await page.goto(`/incidents/${incidents.get(pod)}`);
      const panel = page.getByTestId('containment-panel');
      await panel.getByRole('button', { name: `pod shop/${pod}` }).click();
      await panel.getByRole('button', { name: 'Isolate pod', exact: true }).click();
      await panel.getByRole('button', { name: 'Plan and dry-run' }).click();
      const run = panel.getByRole('button', { name: 'Run: Isolate pod' });
      await run.waitFor();
      const cards = panel.locator('[data-testid="action-card"][data-undo="false"][data-status="succeeded"][data-kind="isolate_pod"]');
      const before = await cards.count();
      const started = performance.now();
      await run.click();
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="action-card"][data-undo="false"][data-status="succeeded"][data-kind="isolate_pod"]').length > n,
        before,
        { polling: 'raf', timeout: 30_000 },
      );
      const elapsed = performance.now() - started;
      if (i >= WARMUP) samples.push(elapsed);
      // Release it again (untimed) so every sample isolates a pod that is not isolated.
      await cards.first().getByRole('button', { name: 'Undo' }).click();
      await panel.locator('[data-testid="action-card"][data-undo="false"][data-status="undone"]').first().waitFor();
    }
    const sorted = [...samples].sort((a, b) => a - b);
    console.error(`[bench] ${samples.length} isolations (after ${WARMUP} warm-up) over ${pods.length} pods; median ${median(samples).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`);
    console.log(`isolate_p50_ms=${percentile(sorted, 50).toFixed(0)} isolate_p95_ms=${percentile(sorted, 95).toFixed(0)}`);
  } finally {
    await browser.close();
    await env.stop();
  }
}

async function simulatorAccess(dataDir: string) {
  const kubeconfig = await readFile(path.join(dataDir, 'sim', 'kubeconfig'), 'utf8');
  return {
    server: /server: (https:\/\/[^\s]+)/.exec(kubeconfig)![1]!.replace('https://', 'http://'),
    token: /token: (\S+)/.exec(kubeconfig)![1]!,
  };
}

async function simPods(sim: { server: string; token: string }, namespace: string): Promise<string[]> {
  const response = await fetch(`${sim.server}/api/v1/namespaces/${namespace}/pods`, { headers: { authorization: `Bearer ${sim.token}` } });
  const list = (await response.json()) as { items: { metadata: { name: string }; status?: { phase?: string } }[] };
  return list.items.filter((p) => p.status?.phase === 'Running').map((p) => p.metadata.name);
}

async function openIncident(consoleUrl: string, token: string, pod: string): Promise<number> {
  const response = await fetch(`${consoleUrl}/api/ingest/falco`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      uuid: crypto.randomUUID(),
      output: `Critical A shell was spawned in a container with an attached terminal (pod=${pod})`,
      priority: 'Critical',
      rule: 'Terminal shell in container',
      time: new Date().toISOString(),
      source: 'syscall',
      tags: ['container', 'shell', 'T1059'],
      hostname: 'demo-worker-1',
      output_fields: { 'k8s.ns.name': 'shop', 'k8s.pod.name': pod, 'proc.cmdline': 'sh -i', 'user.name': 'root' },
    }),
  });
  if (!response.ok) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { incidents: number[] }).incidents[0]!;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
