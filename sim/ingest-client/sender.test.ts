import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestReceiver } from '../test/receiver.js';
import { IngestSender, retryAfterMs } from './sender.js';

const receiver = new IngestReceiver();
let base = '';
beforeAll(async () => {
  base = await receiver.start();
});
afterAll(async () => {
  await receiver.stop();
});

const sender = (url: string, extra: Partial<ConstructorParameters<typeof IngestSender<number>>[0]> = {}) =>
  new IngestSender<number>({ url, token: 'tok', contentType: 'application/json', batchSize: 2, encode: (items) => JSON.stringify(items), ...extra });

describe('[SIM] ingest sender', () => {
  it('posts batches with the bearer token', async () => {
    const s = sender(`${base}/batch`);
    [1, 2, 3].forEach((n) => s.enqueue(n));
    await s.drain();
    const bodies = receiver.requests.filter((r) => r.path === '/batch');
    expect(bodies.map((r) => JSON.parse(r.body) as number[]).flat()).toEqual([1, 2, 3]);
    expect(bodies[0]?.authorization).toBe('Bearer tok');
    expect(s.stats).toMatchObject({ sentItems: 3, droppedItems: 0 });
  });

  it('honours 429 Retry-After and 503 before delivering the same items', async () => {
    receiver.failNext = { status: 429, retryAfter: '0', count: 1 };
    const s = sender(`${base}/retry`);
    s.enqueue(7);
    s.enqueue(8);
    await s.drain();
    expect(receiver.requests.filter((r) => r.path === '/retry').map((r) => r.body)).toEqual(['[7,8]']);
    expect(s.stats.retries).toBe(1);
    receiver.failNext = { status: 503, count: 1 };
    s.enqueue(9);
    await s.drain(5000);
    expect(receiver.requests.filter((r) => r.path === '/retry').map((r) => r.body)).toEqual(['[7,8]', '[9]']);
  });

  it('never throws when the console is down, and bounds its buffer', async () => {
    const s = sender('http://127.0.0.1:9/nowhere', { maxBuffered: 3, requestTimeoutMs: 500 });
    for (let i = 0; i < 10; i++) s.enqueue(i);
    await s.drain(300);
    expect(s.stats.droppedItems).toBeGreaterThanOrEqual(7);
    expect(s.stats.queued).toBeLessThanOrEqual(3);
    await s.close(10);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(Date.now() + 60_000).toUTCString())).toBeGreaterThan(50_000);
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
