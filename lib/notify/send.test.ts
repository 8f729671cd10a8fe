import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendNotificationRequest } from './send';
import { startTestReceiver, type TestReceiver } from './test-receiver';

describe('[NOTIFY] one HTTP attempt', () => {
  let receiver: TestReceiver;
  const request = (path: string) => ({ url: receiver.url(path), headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' });

  beforeAll(async () => {
    receiver = await startTestReceiver();
  });
  afterAll(() => receiver.close());
  beforeEach(() => receiver.reset());

  it('posts the body as given and reports a 2xx as sent', async () => {
    const outcome = await sendNotificationRequest(request('/ok'), { secrets: [] });
    expect(outcome).toEqual({ result: 'sent', responseCode: 202, error: null, retryAfterMs: null });
    expect(receiver.requests[0]).toMatchObject({ method: 'POST', path: '/ok', body: '{"a":1}' });
  });

  it('does not follow redirects: the body and credentials stay with the configured receiver', async () => {
    receiver.queue({ status: 307, headers: { location: receiver.url('/elsewhere') } });
    const outcome = await sendNotificationRequest(request('/moved'), { secrets: [] });
    expect(outcome).toMatchObject({ result: 'failed', responseCode: 307, error: 'HTTP 307 (redirects are not followed)' });
    expect(receiver.requests.map((r) => r.path)).toEqual(['/moved']);
  });

  it('keeps at most 200 characters of the answer, on one line, secrets scrubbed', async () => {
    receiver.queue({ status: 500, body: `token s3cr3t-value\n${'x'.repeat(5000)}` });
    const outcome = await sendNotificationRequest(request('/big'), { secrets: ['s3cr3t-value'] });
    expect(outcome.result).toBe('retry');
    expect(outcome.error).toMatch(/^HTTP 500: token \[redacted\] x+…$/);
    expect(outcome.error!.length).toBeLessThanOrEqual('HTTP 500: '.length + 201);
  });

  it('gives up waiting after the timeout and calls it retryable', async () => {
    let release!: () => void;
    receiver.queue({ status: 200, waitFor: new Promise<void>((resolve) => (release = resolve)) });
    const outcome = await sendNotificationRequest(request('/hang'), { secrets: [], timeoutMs: 300 });
    release();
    expect(outcome).toEqual({ result: 'retry', responseCode: null, error: 'no answer within 300 ms', retryAfterMs: null });
  });
});
