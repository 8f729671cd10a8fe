import type { ItemResult } from './batch-committer';
import type { BatchInput } from './types';

export type CommitRequest = { type: 'commit'; id: number; inputs: BatchInput[] } | { type: 'close' };
/** `pool`: the worker's connection pool after the commit, for the metrics of the main thread. */
export type CommitResponse =
  | { type: 'committed'; id: number; results: ItemResult[]; pool: { total: number; idle: number; waiting: number } }
  | { type: 'closed' };
