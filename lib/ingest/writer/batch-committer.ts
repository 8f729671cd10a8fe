// Commits batches of requests: one transaction per batch, retried on deadlocks, with a per-request
// fallback so that one bad request never fails its neighbours. Runs in the commit worker thread.
import type pg from 'pg';
import { logger } from '../../log';
import { loadIngestSettings } from '../settings';
import { createClusterDirectory } from './cluster-directory';
import { OwnerCache } from './enrich';
import { persistBatch, type PersistHooks } from './persist-batch';
import { RecentSet } from './recent-set';
import type { BatchInput, BatchOutcome } from './types';

/** What happened to one request of a batch. */
export type ItemResult =
  | { ok: true; outcome: BatchOutcome }
  | { ok: false; unavailable: boolean; message: string };

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);
const RETRYABLE = new Set(['40P01', '40001']); // deadlock, serialization failure

export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  if (code && CONNECTION_ERRORS.has(code)) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(message);
}

export class BatchCommitter {
  private readonly clusters = createClusterDirectory();
  // Entity links are refreshed at most once a minute per incident and entity.
  private readonly links = new RecentSet(60_000, 50_000);
  private readonly owners = new OwnerCache(30_000);

  constructor(
    private readonly pool: pg.Pool,
    private readonly hooks: PersistHooks = {},
  ) {}

  async commit(inputs: BatchInput[]): Promise<ItemResult[]> {
    try {
      return (await this.commitWithRetry(inputs)).map((outcome) => ({ ok: true, outcome }));
    } catch (error) {
      if (isConnectionError(error)) {
        logger.warn({ err: error }, 'ingest: database unavailable');
        return inputs.map(() => ({ ok: false, unavailable: true, message: 'database unavailable' }));
      }
      if (inputs.length === 1) {
        logger.error({ err: error }, 'ingest: request failed to store');
        return [{ ok: false, unavailable: false, message: error instanceof Error ? error.message : String(error) }];
      }
      // One bad request must not fail its neighbours: retry each on its own.
      const results: ItemResult[] = [];
      for (const input of inputs) results.push(...(await this.commit([input])));
      return results;
    }
  }

  private async commitWithRetry(inputs: BatchInput[]): Promise<BatchOutcome[]> {
    let copy = true;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.commitOnce(inputs, copy);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt < 4 && code && RETRYABLE.has(code)) continue;
        if (attempt < 4 && code === '23505' && copy) {
          copy = false; // a duplicate slipped past the check: upsert instead of COPY
          continue;
        }
        throw error;
      }
    }
  }

  private async commitOnce(inputs: BatchInput[], copy: boolean): Promise<BatchOutcome[]> {
    const client = await this.pool.connect();
    let healthy = true;
    try {
      const settings = await loadIngestSettings(client);
      const outcomes = await persistBatch(client, inputs, settings, this.clusters, this.hooks, { links: this.links, owners: this.owners, copy });
      await client.query('COMMIT');
      return outcomes;
    } catch (error) {
      healthy = !isConnectionError(error);
      await client.query('ROLLBACK').catch(() => undefined);
      if ((error as { code?: string }).code === '23503') {
        // A referenced row vanished (a cluster or incident deleted meanwhile): forget what was cached.
        this.clusters.forget();
        this.links.clear();
      }
      throw error;
    } finally {
      client.release(!healthy);
    }
  }
}
