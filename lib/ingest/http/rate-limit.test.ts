import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/database';
import { createIngestToken, post, startIngestServer } from '../../test/ingest-server';
import { IngestError } from '../errors';
import { IngestRateLimiter } from './rate-limit';

describe('[INGEST] per-token rate limit: token bucket', () => {
  it('admits a burst, refuses while in debt with the wait, and refills at the rate', () => {
    let now = 0;
    const limiter = new IngestRateLimiter({ eventsPerSecond: 100, burst: 200, now: () => now });
    limiter.admit('a');
    limiter.charge('a', 250); // one big batch goes through whole, leaving a debt of 50 events
    let refusal: unknown;
    try {
      limiter.admit('a');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(IngestError);
    expect(refusal).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 1 });
    limiter.admit('b'); // other tokens have their own bucket
    now = 400; // +40 events: still 10 short
    expect(() => limiter.admit('a')).toThrow(/100 events per second/);
    now = 500;
    expect(() => limiter.admit('a')).not.toThrow();
    now = 1_000_000; // a long idle spell refills to the burst, not beyond
    limiter.charge('a', 200);
    expect(() => limiter.admit('a')).not.toThrow();
    limiter.charge('a', 1);
    expect(() => limiter.admit('a')).toThrow();
  });

  it('asks for as many seconds as the debt takes to repay', () => {
    let now = 0;
    const limiter = new IngestRateLimiter({ eventsPerSecond: 10, burst: 10, now: () => now });
    limiter.charge('a', 10 + 35);
    expect(() => limiter.admit('a')).toThrow(expect.objectContaining({ retryAfterSeconds: 4 }) as Error);
    now = 3_600;
    expect(() => limiter.admit('a')).not.toThrow();
  });

  it('does nothing at 0 events per second', () => {
    const limiter = new IngestRateLimiter({ eventsPerSecond: 0, burst: 1 });
    limiter.charge('a', 1_000_000);
    expect(() => limiter.admit('a')).not.toThrow();
  });
});

describe('[INGEST] per-token rate limit on the endpoints', () => {
  useTestDatabase();
  let server: Awaited<ReturnType<typeof startIngestServer>>;

  beforeAll(async () => {
    server = await startIngestServer({ rateLimit: { eventsPerSecond: 1, burst: 5 } });
  });
  afterAll(() => server.close());

  const event = () => ({
    uuid: crypto.randomUUID(),
    output: 'A shell was spawned in a container with an attached terminal',
    priority: 'Notice',
    rule: 'Terminal shell in container',
    time: new Date().toISOString(),
    output_fields: { 'k8s.ns.name': 'rate', 'k8s.pod.name': 'web-1' },
  });
  const batch = (n: number) => Array.from({ length: n }, () => JSON.stringify(event())).join('\n');

  it('answers 429 with Retry-After once a token is over its rate and leaves other tokens alone', async () => {
    const [noisy, quiet] = [await createIngestToken('falco'), await createIngestToken('falco')];
    const url = `${server.url}/api/ingest/falco`;
    // A batch larger than the bucket goes through once and leaves a debt of 5 events (5 s).
    const first = await post(url, batch(10), { token: noisy, contentType: 'application/x-ndjson' });
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    expect(first.json.received).toBe(10);

    const refused = await post(url, batch(1), { token: noisy, contentType: 'application/x-ndjson' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(5);
    expect(refused.json).toMatchObject({ error: 'rate_limited', limit: 1, burst: 5 });

    expect((await post(url, event(), { token: quiet })).status).toBe(200);
  });

  it('refuses a bad token before any rate accounting (401, not 429)', async () => {
    const response = await post(`${server.url}/api/ingest/falco`, event(), { token: 'cordon_fal_not-a-token' });
    expect(response.status).toBe(401);
  });
});
