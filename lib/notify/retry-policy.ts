// When to try a delivery again. Pure, so the schedule is unit-tested without waiting for it.

export interface RetryPolicy {
  /** Attempts in all, the first included; after the last one a delivery is `failed`. */
  maxAttempts: number;
  /** Delay before the second attempt; doubles after each further attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A receiver asking for more than this (Retry-After) is waited for this long. */
  maxRetryAfterMs: number;
}

// 30 s, 1, 2, 4, 8, 16, 32 min (each 50–100 % with jitter): a receiver has about an hour to recover.
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  maxRetryAfterMs: 60 * 60_000,
};

export type AttemptResult = 'sent' | 'retry' | 'failed';

/** 2xx delivered; 429 and 5xx are the receiver's trouble (try again); any other answer is ours. */
export function classifyStatus(status: number): AttemptResult {
  if (status >= 200 && status < 300) return 'sent';
  if (status === 429 || status >= 500) return 'retry';
  return 'failed';
}

/**
 * Exponential backoff with "equal jitter" (half fixed, half random), so replicas retrying after
 * one outage do not all come back at the same moment; never sooner than the receiver's Retry-After.
 */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(exponential / 2 + random() * (exponential / 2));
  if (retryAfterMs === null) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, policy.maxRetryAfterMs));
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}
