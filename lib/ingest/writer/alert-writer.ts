// Group commit. Requests hand their normalised alerts to the writer and wait; the writer stores
// whatever has queued up in one transaction, then answers every waiting request. Under load,
// batches grow by themselves (more arrives while a commit runs), so throughput scales without
// adding latency at low load. A bounded queue turns overload into 503 + Retry-After instead of
// unbounded memory; a database failure fails the waiting requests (nothing acknowledged is lost).
// The commits themselves run in a worker thread (commit-worker.ts).
import { Worker } from 'node:worker_threads';
import { logger } from '../../log';
import { metrics, type PoolStats } from '../../metrics/metrics';
import { IngestError, overloaded, storeUnavailable } from '../errors';
import type { ItemResult } from './batch-committer';
import type { CommitRequest, CommitResponse } from './commit-protocol';
import type { BatchInput, BatchOutcome } from './types';

export interface AlertWriterOptions {
  /** Alerts per transaction (a request is never split). */
  maxBatchAlerts: number;
  /** Transactions in flight at once. */
  maxInFlight: number;
  /** Alerts waiting beyond this answer 503 at once. */
  maxQueuedAlerts: number;
}

interface Pending {
  input: BatchInput;
  size: number;
  resolve: (outcome: BatchOutcome) => void;
  reject: (error: unknown) => void;
}

function startCommitWorker(): Worker {
  return new Worker(new URL('./commit-worker-bootstrap.mjs', import.meta.url), { env: process.env });
}

export class AlertWriter {
  private queue: Pending[] = [];
  private queuedAlerts = 0;
  private inFlightCommits = 0;
  private closed = false;
  private nextId = 1;
  private readonly waiting = new Map<number, (results: ItemResult[]) => void>();
  private worker: Worker;
  /** The commit worker's connection pool as of its last commit. */
  private workerPool: PoolStats | null = null;

  constructor(private readonly options: AlertWriterOptions = { maxBatchAlerts: 2_000, maxInFlight: 2, maxQueuedAlerts: 50_000 }) {
    this.worker = this.startWorker();
  }

  /**
   * A commit worker that fails (an uncaught error in its thread) fails the commits it held —
   * nothing of them was acknowledged — and is replaced, so ingestion recovers on its own instead
   * of answering 503 until the process restarts.
   */
  private startWorker(): Worker {
    const worker = startCommitWorker();
    worker.on('message', (message: CommitResponse) => {
      if (message.type !== 'committed') return;
      this.workerPool = message.pool;
      this.waiting.get(message.id)?.(message.results);
      this.waiting.delete(message.id);
    });
    worker.on('error', (error) => {
      logger.error({ err: error }, 'ingest: the commit worker failed; starting a new one');
      for (const [id, done] of this.waiting) {
        done([{ ok: false, unavailable: true, message: 'commit worker failed' }]);
        this.waiting.delete(id);
      }
      if (!this.closed) this.worker = this.startWorker();
    });
    return worker;
  }

  get depth(): number {
    return this.queuedAlerts;
  }

  get inFlight(): number {
    return this.inFlightCommits;
  }

  get commitWorkerPool(): PoolStats | null {
    return this.workerPool;
  }

  submit(input: BatchInput): Promise<BatchOutcome> {
    const size = input.alerts.length + input.baselineChecks.length;
    if (size === 0) return Promise.resolve({ accepted: 0, duplicates: 0, incidentIds: [] });
    if (this.closed) return Promise.reject(storeUnavailable(1));
    if (this.queuedAlerts + size > this.options.maxQueuedAlerts && this.queuedAlerts > 0) {
      return Promise.reject(overloaded(1));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ input, size, resolve, reject });
      this.queuedAlerts += size;
      this.pump();
    });
  }

  /** Finishes queued work, then stops the worker; new submissions are refused. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlightCommits > 0 || this.queue.length > 0) await new Promise((r) => setTimeout(r, 20));
    // The worker ends its pool and answers "closed"; one that is gone lets the timeout finish this.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5_000);
      this.worker.once('message', (message: CommitResponse) => {
        if (message.type === 'closed') {
          clearTimeout(timer);
          resolve();
        }
      });
      this.worker.postMessage({ type: 'close' } satisfies CommitRequest);
    });
    await this.worker.terminate();
  }

  private pump(): void {
    while (this.inFlightCommits < this.options.maxInFlight && this.queue.length > 0) {
      const batch: Pending[] = [];
      let size = 0;
      while (this.queue.length > 0 && (batch.length === 0 || size + this.queue[0]!.size <= this.options.maxBatchAlerts)) {
        const next = this.queue.shift()!;
        batch.push(next);
        size += next.size;
      }
      this.queuedAlerts -= size;
      this.inFlightCommits += 1;
      metrics().commitBatchSize.observe(size);
      void this.flush(batch).finally(() => {
        this.inFlightCommits -= 1;
        this.pump();
      });
    }
  }

  private async flush(batch: Pending[]): Promise<void> {
    const id = this.nextId++;
    const started = performance.now();
    const results = await new Promise<ItemResult[]>((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ type: 'commit', id, inputs: batch.map((p) => p.input) } satisfies CommitRequest);
    });
    metrics().commitDuration.observe((performance.now() - started) / 1_000);
    batch.forEach((pending, i) => {
      const result = results[i] ?? results[0]!;
      if (result.ok) pending.resolve(result.outcome);
      else if (result.unavailable) pending.reject(storeUnavailable());
      else pending.reject(new IngestError(500, 'internal', 'The events could not be stored; nothing was acknowledged. Retry later.', {}, 5));
    });
  }
}
