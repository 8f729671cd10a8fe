import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestService } from '../ingest/service';
import { createRequestHandler } from '../server/request-handler';
import { useTestDatabase } from '../test/database';
import { createIngestToken, post } from '../test/ingest-server';
import { isLoopback, metricsRoute } from './route';

const TOKEN = 'metrics-token-for-the-test-0123456789';

/** The ingest and metrics routes behind the real request handler, as the server runs them. */
async function startServer(metricsToken: string | undefined) {
  const ingest = createIngestService();
  const server = http.createServer(
    createRequestHandler({
      routes: [ingest.route, metricsRoute({ token: metricsToken })],
      fallback: (_req, res) => void res.writeHead(404).end(),
      trustProxy: false,
      dev: false,
      publicUrl: 'http://localhost:3000',
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await ingest.close();
    },
  };
}

/** The value of one sample, e.g. value(text, 'cordon_ingest_requests_total{source="falco",status="200"}'). */
function value(text: string, sample: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}

function falcoEvent() {
  return {
    uuid: crypto.randomUUID(),
    output: 'A shell was spawned in a container with an attached terminal',
    priority: 'Critical',
    rule: 'Terminal shell in container',
    time: new Date().toISOString(),
    output_fields: { 'k8s.ns.name': 'metrics', 'k8s.pod.name': 'web-1' },
  };
}

describe('[OBSERVABILITY] /api/metrics', () => {
  useTestDatabase();
  let server: Awaited<ReturnType<typeof startServer>>;
  const scrape = async () => {
    const response = await fetch(`${server.url}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };

  beforeAll(async () => {
    server = await startServer(TOKEN);
  });
  afterAll(() => server.close());

  it('counts ingest requests, events, latency and commits, by source and status', async () => {
    const token = await createIngestToken('falco');
    const before = await scrape();
    const url = `${server.url}/api/ingest/falco`;
    expect((await post(url, falcoEvent(), { token })).status).toBe(200);
    const batch = [falcoEvent(), falcoEvent(), falcoEvent()].map((e) => JSON.stringify(e)).join('\n');
    expect((await post(url, batch, { token, contentType: 'application/x-ndjson' })).status).toBe(200);
    expect((await post(url, falcoEvent(), { token: 'cordon_fal_wrong' })).status).toBe(401);
    expect((await post(url, '{', { token })).status).toBe(400);
    const after = await scrape();

    const moved = (sample: string) => value(after, sample) - value(before, sample);
    expect(moved('cordon_ingest_requests_total{source="falco",status="200"}')).toBe(2);
    expect(moved('cordon_ingest_requests_total{source="falco",status="401"}')).toBe(1);
    expect(moved('cordon_ingest_requests_total{source="falco",status="400"}')).toBe(1);
    expect(moved('cordon_ingest_events_total{source="falco"}')).toBe(4);
    expect(moved('cordon_ingest_request_duration_seconds_count{source="falco",status="200"}')).toBe(2);
    expect(moved('cordon_ingest_request_duration_seconds_bucket{le="+Inf",source="falco",status="200"}')).toBe(2);
    expect(moved('cordon_ingest_commit_batch_size_count')).toBeGreaterThanOrEqual(1);
    expect(moved('cordon_ingest_commit_batch_size_sum')).toBe(4);
    expect(moved('cordon_ingest_commit_duration_seconds_count')).toBeGreaterThanOrEqual(1);
  });

  it('reports the writer queue, the database pools, live streams, containment and Node.js itself', async () => {
    const text = await scrape();
    for (const name of [
      'cordon_ingest_writer_queue_depth',
      'cordon_ingest_writer_commits_in_flight',
      'cordon_sse_clients',
      'cordon_containment_actions_total',
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(value(text, 'cordon_ingest_writer_queue_depth')).toBe(0);
    // The ingest pool has served the requests above; the commit worker reports its own.
    expect(value(text, 'cordon_db_pool_connections{pool="cordon-ingest"}')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^cordon_db_pool_connections\{pool="cordon-ingest-writer"\} \d+$/m);
    expect(text).toMatch(/^cordon_db_pool_idle_connections\{pool="cordon-ingest"\} \d+$/m);
    expect(text).toMatch(/^cordon_db_pool_waiting_requests\{pool="cordon-ingest"\} 0$/m);
    // Prisma's pool (tokens were created through it).
    expect(value(text, 'cordon_db_pool_connections{pool="prisma"}')).toBeGreaterThanOrEqual(1);
  });

  it('wants the bearer token when one is configured', async () => {
    expect((await fetch(`${server.url}/api/metrics`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/api/metrics`, { headers: { authorization: 'Bearer not-the-token' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('Bearer');
    expect((await fetch(`${server.url}/api/metrics`, { method: 'POST' })).status).toBe(405);
  });
});

describe('[OBSERVABILITY] /api/metrics without a token', () => {
  useTestDatabase();
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer(undefined);
  });
  afterAll(() => server.close());

  it('serves loopback clients, but not what came through a proxy', async () => {
    expect((await fetch(`${server.url}/api/metrics`)).status).toBe(200);
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      const proxied = await fetch(`${server.url}/api/metrics`, { headers: { [header]: '203.0.113.9' } });
      expect(proxied.status, header).toBe(403);
    }
  });

  it('knows loopback addresses', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopback(address), address).toBe(true);
    for (const address of ['10.0.0.1', '::ffff:10.0.0.1', '192.168.1.127', '', undefined]) expect(isLoopback(address), String(address)).toBe(false);
  });
});
