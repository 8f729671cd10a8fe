// One cluster's inventory: a list+watch per kind feeding the batched writer, and what the watches
// say about the cluster's health (connected, unreachable, unauthorized).
import 'server-only';
import type pg from 'pg';
import type { ClusterState } from '../db/generated/enums';
import { type K8sError, type ResourceWatch, watchResources } from '../k8s';
import type { ClusterConnection } from '../k8s/connection';
import { INVENTORY_KINDS } from './kinds';
import { toInventoryRecord, type InventoryRecord } from './summarize';
import { InventoryWriter, type InventoryWriterOptions } from './writer';

export interface ClusterWatchOptions extends InventoryWriterOptions {
  /** Passed to every watch (tests shorten client-node's 30 s inactivity abort). */
  inactivityTimeoutMs?: number;
  /** Backoff cap of the watches after failures (30 s by default). */
  maxBackoffMs?: number;
}

export interface ClusterHealth {
  state: ClusterState;
  message: string | null;
}

interface KindHealth {
  /** Time of the last list, event or successful write for this kind. */
  okAt: number;
  error: K8sError | null;
  errorAt: number;
  /** The API of this kind is not served by the cluster (404). */
  absent: boolean;
}

export class ClusterWatch {
  readonly writer: InventoryWriter;
  private watches: ResourceWatch[] = [];
  private readonly health = new Map<string, KindHealth>();
  private readonly errorGraceMs: number;
  /** Called after a list or a failure: the health may have changed. */
  onActivity: (() => void) | null = null;

  constructor(
    readonly clusterId: string,
    private readonly conn: ClusterConnection,
    pool: pg.Pool,
    private readonly options: ClusterWatchOptions = {},
  ) {
    this.writer = new InventoryWriter(pool, clusterId, options);
    // A failing watch reports again at least every backoff cap: an error older than two of them
    // with nothing since is history.
    this.errorGraceMs = 2 * (options.maxBackoffMs ?? 30_000) + 5_000;
  }

  start(): void {
    for (const { kind, path } of INVENTORY_KINDS) {
      this.health.set(kind, { okAt: 0, error: null, errorAt: 0, absent: false });
      const ok = () => {
        const h = this.health.get(kind)!;
        h.okAt = Date.now();
      };
      this.watches.push(
        watchResources<InventoryRecord>(this.conn, {
          path,
          map: (raw) => toInventoryRecord({ ...raw, kind: raw.kind ?? kind }),
          onSync: (items) => {
            ok();
            this.writer.sync(kind, items);
            this.onActivity?.();
          },
          onEvent: (event) => {
            ok();
            if (event.type === 'DELETED') this.writer.delete(event.object);
            else this.writer.upsert(event.object);
          },
          onError: (error) => {
            const h = this.health.get(kind)!;
            if (error.kind === 'NotFound') {
              // The cluster does not serve this API (the simulator has no batch/v1): nothing of
              // this kind exists. The watch keeps asking, at its slowest pace.
              if (h.okAt === 0) this.writer.sync(kind, []);
              h.okAt = Date.now();
              h.absent = true;
            } else {
              h.error = error;
              h.errorAt = Date.now();
            }
            this.onActivity?.();
          },
          inactivityTimeoutMs: this.options.inactivityTimeoutMs,
          maxBackoffMs: this.options.maxBackoffMs,
        }),
      );
    }
  }

  async stop(): Promise<void> {
    const watches = this.watches;
    this.watches = [];
    await Promise.all(watches.map((w) => w.stop()));
    await this.writer.close();
  }

  get stats() {
    return { watches: this.watches.map((w, i) => ({ kind: INVENTORY_KINDS[i]!.kind, ...w.stats })), writer: { ...this.writer.stats } };
  }

  /** Whether every kind has been listed at least once (the first sync is complete). */
  get synced(): boolean {
    return [...this.health.values()].every((h) => h.okAt > 0);
  }

  /**
   * Connected while the watches work; unreachable or unauthorized while a failure is recent and
   * nothing succeeded since. A kind the console may not list (403) leaves the cluster connected
   * with a message saying what the map is missing.
   */
  currentHealth(now = Date.now()): ClusterHealth {
    const failing = [...this.health.entries()].filter(([, h]) => h.error && h.errorAt > h.okAt && now - h.errorAt < this.errorGraceMs);
    if (failing.length === 0) {
      const pending = [...this.health.values()].some((h) => h.okAt === 0);
      return pending ? { state: 'unknown', message: 'Listing the cluster\'s objects…' } : { state: 'connected', message: null };
    }
    const errors = failing.map(([kind, h]) => ({ kind, error: h.error! }));
    const first = errors[0]!.error;
    if (errors.some((e) => e.error.kind === 'Unauthorized')) return { state: 'unauthorized', message: first.message };
    if (errors.some((e) => e.error.kind === 'Unreachable' || e.error.kind === 'Timeout')) {
      const unreachable = errors.find((e) => e.error.kind === 'Unreachable' || e.error.kind === 'Timeout')!;
      return { state: 'unreachable', message: unreachable.error.message };
    }
    const forbidden = errors.filter((e) => e.error.kind === 'Forbidden');
    if (forbidden.length === errors.length && forbidden.length < this.health.size) {
      return { state: 'connected', message: `The inventory is incomplete: ${forbidden.map((e) => e.kind).join(', ')} cannot be listed (${first.message})` };
    }
    if (forbidden.length === this.health.size) return { state: 'unauthorized', message: first.message };
    return { state: 'unreachable', message: first.message };
  }
}
