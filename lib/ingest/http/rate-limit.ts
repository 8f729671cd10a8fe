// Per-token rate limit on ingestion: a token bucket of events per API token, in memory, O(1) per
// request. A request is admitted while the token's bucket is not in debt, then charged for the
// events it carries once they are parsed — so a batch larger than the bucket still goes through
// (once), and the sender's average stays at the rate: the debt refuses its next requests (429 with
// Retry-After) until the bucket has refilled. Refusing happens before the body is read, so a
// flooding sender costs almost nothing. Each replica counts its own requests: behind a load
// balancer, the limit of a token is the per-replica rate times the replicas it reaches.
import { IngestError } from '../errors';

export interface RateLimitOptions {
  /** Sustained events per second per token; 0 turns the limit off. */
  eventsPerSecond: number;
  /** Events a token may send at once after being idle. */
  burst: number;
  /** Milliseconds, monotonic (tests pass a fake clock). */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class IngestRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly perMs: number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? (() => performance.now());
    this.perMs = options.eventsPerSecond / 1_000;
  }

  get enabled(): boolean {
    return this.options.eventsPerSecond > 0;
  }

  /** Throws 429 while the token's bucket is in debt. */
  admit(tokenId: string): void {
    if (!this.enabled) return;
    const bucket = this.refill(tokenId);
    if (bucket.tokens >= 0) return;
    const retryAfter = Math.max(1, Math.ceil(-bucket.tokens / this.perMs / 1_000));
    throw new IngestError(
      429,
      'rate_limited',
      `This token is limited to ${this.options.eventsPerSecond} events per second (bursts of ${this.options.burst}); retry in ${retryAfter} s.`,
      { limit: this.options.eventsPerSecond, burst: this.options.burst },
      retryAfter,
    );
  }

  /** Takes `events` from the token's bucket (it may go into debt). */
  charge(tokenId: string, events: number): void {
    if (!this.enabled || events <= 0) return;
    this.refill(tokenId).tokens -= events;
  }

  private refill(tokenId: string): Bucket {
    const now = this.now();
    let bucket = this.buckets.get(tokenId);
    if (!bucket) {
      bucket = { tokens: this.options.burst, at: now };
      this.buckets.set(tokenId, bucket);
      return bucket;
    }
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    return bucket;
  }
}
