import { describe, expect, it } from 'vitest';
import { classifyStatus, DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelayMs } from './retry-policy';

describe('[NOTIFY] retry policy', () => {
  it('treats 2xx as sent, 429 and 5xx as retryable, other answers as final failures', () => {
    expect([200, 202, 204].map(classifyStatus)).toEqual(['sent', 'sent', 'sent']);
    expect([429, 500, 502, 503].map(classifyStatus)).toEqual(['retry', 'retry', 'retry', 'retry']);
    expect([400, 401, 403, 404, 410].map(classifyStatus)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
  });

  it('doubles the delay per attempt, jittered between half and all of it, up to the cap', () => {
    const low = (attempt: number) => retryDelayMs(attempt, DEFAULT_RETRY_POLICY, null, () => 0);
    const high = (attempt: number) => retryDelayMs(attempt, DEFAULT_RETRY_POLICY, null, () => 1);
    expect([1, 2, 3].map(high)).toEqual([30_000, 60_000, 120_000]);
    expect([1, 2, 3].map(low)).toEqual([15_000, 30_000, 60_000]);
    expect(high(30)).toBe(DEFAULT_RETRY_POLICY.maxDelayMs);
  });

  it('never retries sooner than Retry-After, within a ceiling', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 10 };
    expect(retryDelayMs(1, policy, 120_000, () => 0.5)).toBe(120_000);
    expect(retryDelayMs(1, policy, 10 * 3_600_000, () => 0.5)).toBe(policy.maxRetryAfterMs);
    expect(retryDelayMs(3, DEFAULT_RETRY_POLICY, 1_000, () => 1)).toBe(120_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-20T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Fri, 20 Nov 2026 10:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Fri, 20 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
