// npm run bench:ingest — alert ingestion throughput on the real server and database.
//   events_per_s: one Falco event per request (as Falcosidekick sends them), at increasing
//                 concurrency; the best level is reported with its p99 latency.
//   batched_events_per_s: NDJSON batches of 500 events.
// 5% of requests redeliver an already acknowledged event. Afterwards every acknowledged event must
// be stored exactly once: lost=0 duplicates_created=0.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { projectRoot } from '../lib/prisma-cli';
import { cpuSeconds, percentile, startBenchEnvironment } from './harness';

const SECONDS_PER_LEVEL = Number(process.env.BENCH_SECONDS ?? 8);
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '64,128,256,512').split(',').map(Number);
const BATCH = 500;

const template = JSON.parse(readFileSync(path.join(projectRoot, 'fixtures/falco/DERIVED-falcosidekick-webhook-post-body.json'), 'utf8')) as Record<string, unknown>;
const RULES = ['Terminal shell in container', 'Read sensitive file untrusted', 'Drop and execute new binary in container', 'Launch Suspicious Network Tool in Container'];
const PRIORITIES = ['Critical', 'Warning', 'Critical', 'Notice'];

let sequence = 0;
function makeEvent(): { uuid: string; text: string } {
  sequence += 1;
  const uuid = crypto.randomUUID();
  const r = sequence % RULES.length;
  const ns = `ns-${sequence % 20}`;
  const pod = `app-${sequence % 10}-7c9d8bf6d4-x${(sequence % 7) + 2}k4q`;
  const event = {
    ...template,
    uuid,
    rule: RULES[r],
    priority: PRIORITIES[r],
    time: new Date().toISOString(),
    output_fields: {
      ...(template.output_fields as Record<string, unknown>),
      'k8s.ns.name': ns,
      'k8s.pod.name': pod,
      'proc.cmdline': `sh -c probe-${sequence % 5}`,
    },
  };
  return { uuid, text: JSON.stringify(event) };
}

interface LoadResult {
  eventsPerSecond: number;
  p99: number;
  requests: number;
  refused: number;
}

const acknowledged = new Set<string>();
const redeliverable: string[] = [];

function send(agent: http.Agent, url: URL, token: string, body: string, contentType: string): Promise<{ status: number; retryAfter: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': contentType, authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: Number(res.headers['retry-after'] ?? 1) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function load(url: URL, token: string, concurrency: number, batched: boolean): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let events = 0;
  let refused = 0;
  const deadline = performance.now() + SECONDS_PER_LEVEL * 1_000;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      let uuids: string[];
      let body: string;
      if (!batched && redeliverable.length > 0 && Math.random() < 0.05) {
        const old = redeliverable[Math.floor(Math.random() * redeliverable.length)]!;
        uuids = [];
        body = old;
      } else if (batched) {
        const made = Array.from({ length: BATCH }, makeEvent);
        uuids = made.map((m) => m.uuid);
        body = made.map((m) => m.text).join('\n');
      } else {
        const made = makeEvent();
        uuids = [made.uuid];
        body = made.text;
      }
      for (;;) {
        const t0 = performance.now();
        const { status, retryAfter } = await send(agent, url, token, body, batched ? 'application/x-ndjson' : 'application/json');
        if (status === 200) {
          latencies.push(performance.now() - t0);
          for (const id of uuids) acknowledged.add(id);
          events += batched ? BATCH : 1;
          if (!batched && uuids.length === 1 && redeliverable.length < 2_000) redeliverable.push(body);
          break;
        }
        if (status === 503 || status === 429) {
          refused += 1;
          await new Promise((r) => setTimeout(r, Math.min(retryAfter, 2) * 1_000));
          continue;
        }
        throw new Error(`unexpected status ${status}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1_000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { eventsPerSecond: events / seconds, p99: percentile(latencies, 99), requests: latencies.length, refused };
}

async function main(): Promise<void> {
  // BENCH_PROFILE=<dir> writes a V8 CPU profile of the console (open it in Chrome DevTools).
  const env = await startBenchEnvironment({
    quiet: true,
    nodeArgs: process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [],
  });
  try {
    process.env.DATABASE_URL = env.databaseUrl;
    const { createApiToken } = await import('../../lib/settings/commands/create-api-token');
    const { disconnectDb } = await import('../../lib/db/client');
    const { token } = await createApiToken({ name: 'bench', source: 'falco' }, { type: 'system', id: null, label: 'bench' });
    await disconnectDb();
    const url = new URL('/api/ingest/falco', env.consoleUrl);

    // Warm-up: JIT, connection pools, the first incidents.
    await load(url, token, 16, false);

    let best: LoadResult | null = null;
    const cpu = async <T>(what: () => Promise<T>): Promise<[T, string]> => {
      const before = await cpuSeconds(env.console.pid!);
      const t0 = performance.now();
      const value = await what();
      const after = await cpuSeconds(env.console.pid!);
      const wall = (performance.now() - t0) / 1_000;
      const pct = (k: keyof typeof before) => `${k} ${Math.round(((after[k] - before[k]) / wall) * 100)}%`;
      return [value, `cpu: ${pct('console')}, ${pct('postgres')}, ${pct('bench')}`];
    };
    for (const concurrency of LEVELS) {
      const [result, usage] = await cpu(() => load(url, token, concurrency, false));
      console.error(`single   c=${concurrency}: ${Math.round(result.eventsPerSecond)} events/s, p99 ${result.p99.toFixed(1)} ms, ${result.refused} refused (${usage})`);
      if (!best || result.eventsPerSecond > best.eventsPerSecond) best = result;
    }
    const [batched, batchedUsage] = await cpu(() => load(url, token, Number(process.env.BENCH_BATCH_CONCURRENCY ?? 8), true));
    console.error(`batched  c=${process.env.BENCH_BATCH_CONCURRENCY ?? 8} x${BATCH}: ${Math.round(batched.eventsPerSecond)} events/s, p99 ${batched.p99.toFixed(1)} ms, ${batched.refused} refused (${batchedUsage})`);

    const client = new pg.Client({ connectionString: env.databaseUrl });
    await client.connect();
    const stored = new Map<string, number>();
    const rows = await client.query<{ id: string; n: string }>(`SELECT "sourceEventId" AS id, count(*) AS n FROM alert WHERE source = 'falco' GROUP BY 1`);
    for (const row of rows.rows) stored.set(row.id, Number(row.n));
    // Incidents must count each event once too: their alert counts add up to the stored alerts.
    const counted = await client.query<{ n: string }>('SELECT COALESCE(sum("alertCount"), 0) AS n FROM incident');
    await client.end();
    let lost = 0;
    for (const id of acknowledged) if (!stored.has(id)) lost += 1;
    let duplicatesCreated = 0;
    for (const n of stored.values()) if (n > 1) duplicatesCreated += n - 1;
    const storedRows = [...stored.values()].reduce((a, b) => a + b, 0);
    duplicatesCreated += Math.abs(Number(counted.rows[0]!.n) - storedRows);

    console.log(
      `events_per_s=${Math.round(best!.eventsPerSecond)} batched_events_per_s=${Math.round(batched.eventsPerSecond)} p99_ms=${best!.p99.toFixed(1)} lost=${lost} duplicates_created=${duplicatesCreated}`,
    );
  } finally {
    await env.stop();
  }
}

await main();
