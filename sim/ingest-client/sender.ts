import type { SimLogger } from '../util/logger.js';
import { silentLogger } from '../util/logger.js';

export interface SenderOptions<T> {
  /** Full URL, e.g. http://127.0.0.1:3000/api/ingest/falco. */
  url: string;
  /** Sent as `Authorization: Bearer <token>` when set. */
  token?: string;
  contentType: string;
  /** Items per POST (1 for Falcosidekick-style one-event-per-request). */
  batchSize: number;
  /** Turns a batch into a request body. */
  encode: (items: T[]) => string;
  /** Wait this long for more items before posting a partial batch (default 0). */
  lingerMs?: number;
  /** Items kept while the console is slow or down; the oldest are dropped beyond this (default 10000). */
  maxBuffered?: number;
  /** Parallel POSTs (default 2). */
  concurrency?: number;
  requestTimeoutMs?: number;
  logger?: SimLogger;
  name?: string;
}

export interface SenderStats {
  queued: number;
  sentItems: number;
  sentRequests: number;
  droppedItems: number;
  rejectedItems: number;
  retries: number;
  lastError?: string;
}

/**
 * Posts items to an ingest endpoint in batches with bounded buffering: 429/503 honour
 * `Retry-After`, network errors and 5xx back off exponentially, other 4xx drop the batch (it can
 * never succeed). It never throws to its caller, so a console that is down cannot crash anything.
 */
export class IngestSender<T> {
  private readonly queue: T[] = [];
  private inFlight = 0;
  private pausedUntil = 0;
  private backoffMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly idleWaiters: (() => void)[] = [];
  readonly stats: SenderStats = { queued: 0, sentItems: 0, sentRequests: 0, droppedItems: 0, rejectedItems: 0, retries: 0 };
  private readonly logger: SimLogger;

  constructor(private readonly opts: SenderOptions<T>) {
    this.logger = opts.logger ?? silentLogger;
  }

  enqueue(item: T): void {
    if (this.closed) return;
    this.queue.push(item);
    const max = this.opts.maxBuffered ?? 10_000;
    if (this.queue.length > max) {
      const dropped = this.queue.splice(0, this.queue.length - max).length;
      this.stats.droppedItems += dropped;
    }
    this.stats.queued = this.queue.length;
    const full = this.queue.length >= this.opts.batchSize;
    this.schedule(full ? 0 : (this.opts.lingerMs ?? 0));
  }

  /** Resolves once everything queued now has been attempted (used by tests and shutdown). */
  drain(timeoutMs = 5000): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve();
    this.schedule(0);
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async close(timeoutMs = 1000): Promise<void> {
    await this.drain(timeoutMs);
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.queue.length = 0;
  }

  private schedule(delayMs: number): void {
    if (this.closed || this.timer) return;
    const wait = Math.max(delayMs, this.pausedUntil - Date.now(), 0);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, wait);
    this.timer.unref?.();
  }

  private pump(): void {
    const concurrency = this.opts.concurrency ?? 2;
    while (this.queue.length > 0 && this.inFlight < concurrency && Date.now() >= this.pausedUntil) {
      const batch = this.queue.splice(0, this.opts.batchSize);
      this.stats.queued = this.queue.length;
      this.inFlight++;
      void this.post(batch).finally(() => {
        this.inFlight--;
        if (this.queue.length > 0) this.schedule(this.backoffMs);
        else if (this.inFlight === 0) this.idleWaiters.splice(0).forEach((w) => w());
      });
    }
    if (this.queue.length > 0 && this.inFlight === 0 && Date.now() < this.pausedUntil) this.schedule(0);
  }

  private async post(batch: T[]): Promise<void> {
    const headers: Record<string, string> = { 'Content-Type': this.opts.contentType, 'User-Agent': 'cordon-sim/1.0' };
    if (this.opts.token) headers.Authorization = `Bearer ${this.opts.token}`;
    try {
      const response = await fetch(this.opts.url, {
        method: 'POST',
        headers,
        body: this.opts.encode(batch),
        signal: AbortSignal.timeout(this.opts.requestTimeoutMs ?? 10_000),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) {
        this.backoffMs = 0;
        this.stats.sentItems += batch.length;
        this.stats.sentRequests++;
        return;
      }
      if (response.status === 429 || response.status === 503) {
        this.retryLater(batch, retryAfterMs(response.headers.get('retry-after')) ?? this.nextBackoff(), `HTTP ${response.status}`);
        return;
      }
      if (response.status >= 500) {
        this.retryLater(batch, this.nextBackoff(), `HTTP ${response.status}`);
        return;
      }
      this.stats.rejectedItems += batch.length;
      this.stats.lastError = `HTTP ${response.status}`;
      this.logger.warn(`${this.opts.name ?? 'ingest'}: console rejected a batch`, { status: response.status, items: batch.length });
    } catch (err) {
      this.retryLater(batch, this.nextBackoff(), (err as Error).message);
    }
  }

  private retryLater(batch: T[], delayMs: number, reason: string): void {
    this.stats.retries++;
    this.stats.lastError = reason;
    this.pausedUntil = Date.now() + delayMs;
    this.queue.unshift(...batch);
    const max = this.opts.maxBuffered ?? 10_000;
    if (this.queue.length > max) this.stats.droppedItems += this.queue.splice(max).length;
    this.stats.queued = this.queue.length;
    this.logger.debug(`${this.opts.name ?? 'ingest'}: will retry`, { reason, inMs: delayMs, queued: this.queue.length });
    if (this.stats.retries === 1 || this.stats.retries % 50 === 0) {
      this.logger.warn(`${this.opts.name ?? 'ingest'}: console not accepting events, buffering`, { reason, queued: this.queue.length });
    }
  }

  private nextBackoff(): number {
    this.backoffMs = this.backoffMs === 0 ? 500 : Math.min(this.backoffMs * 2, 30_000);
    return this.backoffMs;
  }
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
