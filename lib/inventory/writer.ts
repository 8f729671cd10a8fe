// Writes one cluster's inventory changes in batches: watch events arrive in bursts (a rollout, a
// relist of thousands of pods), so they are coalesced for a short while — the last state of each
// object wins — and written in one transaction: one upsert statement, one soft delete, and after
// a (re)list one statement marking what the cluster no longer has. Rows whose content did not
// change keep their updatedAt, so the map's deltas carry real changes only. One small
// `inventory` live event per batch that changed something.
import 'server-only';
import type pg from 'pg';
import { jsonParam } from '../ingest/sanitize';
import { logger } from '../log';
import type { InventoryRecord } from './summarize';

type Pending = { op: 'upsert'; record: InventoryRecord } | { op: 'delete'; kind: string; namespace: string; name: string };

export interface InventoryWriterOptions {
  /** How long events are coalesced before a write. */
  delayMs?: number;
  /** Wait after a failed write before trying again (the batch is kept). */
  retryMs?: number;
}

export interface FlushResult {
  upserted: number;
  deleted: number;
}

const keyOf = (kind: string, namespace: string, name: string) => `${kind}\u0000${namespace}\u0000${name}`;

export class InventoryWriter {
  private pending = new Map<string, Pending>();
  private synced = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private closed = false;
  private readonly delayMs: number;
  private readonly retryMs: number;
  /** Batches written, and rows changed: for tests and logs. */
  readonly stats = { batches: 0, upserted: 0, deleted: 0, failures: 0 };

  constructor(
    private readonly pool: pg.Pool,
    private readonly clusterId: string,
    options: InventoryWriterOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 200;
    this.retryMs = options.retryMs ?? 2_000;
  }

  upsert(record: InventoryRecord): void {
    this.pending.set(keyOf(record.kind, record.namespace, record.name), { op: 'upsert', record });
    this.schedule();
  }

  delete(record: Pick<InventoryRecord, 'kind' | 'namespace' | 'name'>): void {
    this.pending.set(keyOf(record.kind, record.namespace, record.name), { op: 'delete', kind: record.kind, namespace: record.namespace, name: record.name });
    this.schedule();
  }

  /** The complete current state of one kind (after a list): anything else of that kind is gone. */
  sync(kind: string, records: InventoryRecord[]): void {
    for (const key of this.pending.keys()) if (key.startsWith(`${kind}\u0000`)) this.pending.delete(key);
    for (const record of records) this.pending.set(keyOf(record.kind, record.namespace, record.name), { op: 'upsert', record });
    this.synced.add(kind);
    this.schedule();
  }

  /** Writes what is pending now (waits for a write in progress first). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0 && this.synced.size === 0) return;
    this.flushing = this.writePending().finally(() => {
      this.flushing = null;
    });
    await this.flushing;
  }

  /** Final write; nothing is scheduled afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush().catch((error: unknown) => logger.warn({ err: error, clusterId: this.clusterId }, 'inventory: last write failed'));
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch(() => undefined);
    }, this.delayMs);
    this.timer.unref();
  }

  private async writePending(): Promise<void> {
    const batch = this.pending;
    const synced = this.synced;
    this.pending = new Map();
    this.synced = new Set();
    try {
      const result = await this.write([...batch.values()], [...synced]);
      this.stats.batches += 1;
      this.stats.upserted += result.upserted;
      this.stats.deleted += result.deleted;
    } catch (error) {
      this.stats.failures += 1;
      logger.warn({ err: error, clusterId: this.clusterId, objects: batch.size }, 'inventory: write failed; retrying');
      // Newer events win over the batch that failed; the kinds it synced are synced again.
      for (const [key, item] of batch) if (!this.pending.has(key)) this.pending.set(key, item);
      for (const kind of synced) this.synced.add(kind);
      if (!this.closed && !this.timer) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.flush().catch(() => undefined);
        }, this.retryMs);
        this.timer.unref();
      }
      throw error;
    }
  }

  private async write(items: Pending[], synced: string[]): Promise<FlushResult> {
    const upserts = items.filter((i): i is Extract<Pending, { op: 'upsert' }> => i.op === 'upsert').map((i) => i.record);
    const deletes = items.filter((i): i is Extract<Pending, { op: 'delete' }> => i.op === 'delete');
    // Sorted: concurrent writers (a lock handed over mid-batch) take row locks in the same order.
    upserts.sort((a, b) => compare(keyOf(a.kind, a.namespace, a.name), keyOf(b.kind, b.namespace, b.name)));
    const keep = upserts.filter((r) => synced.includes(r.kind));
    const client = await this.pool.connect();
    let healthy = true;
    try {
      await client.query('BEGIN');
      let upserted = 0;
      let deleted = 0;
      if (upserts.length > 0) {
        const result = await client.query(
          `INSERT INTO cluster_object (id, "clusterId", kind, namespace, name, uid, labels, summary, "ownerKind", "ownerName", "updatedAt", "deletedAt")
           SELECT gen_random_uuid()::text, $1, r.kind, r.namespace, r.name, r.uid, COALESCE(r.labels, '{}'), COALESCE(r.summary, '{}'),
                  r."ownerKind", r."ownerName", now(), NULL
             FROM jsonb_to_recordset($2::jsonb) AS r(kind text, namespace text, name text, uid text, labels jsonb, summary jsonb,
                  "ownerKind" text, "ownerName" text)
           ON CONFLICT ("clusterId", kind, namespace, name) DO UPDATE SET
             uid = EXCLUDED.uid, labels = EXCLUDED.labels, summary = EXCLUDED.summary, "ownerKind" = EXCLUDED."ownerKind",
             "ownerName" = EXCLUDED."ownerName", "updatedAt" = now(), "deletedAt" = NULL
           WHERE (cluster_object.uid, cluster_object.labels, cluster_object.summary, cluster_object."ownerKind", cluster_object."ownerName",
                  cluster_object."deletedAt" IS NULL)
                 IS DISTINCT FROM (EXCLUDED.uid, EXCLUDED.labels, EXCLUDED.summary, EXCLUDED."ownerKind", EXCLUDED."ownerName", true)`,
          [this.clusterId, jsonParam(upserts)],
        );
        upserted = result.rowCount ?? 0;
      }
      if (deletes.length > 0) {
        const result = await client.query(
          `UPDATE cluster_object o SET "deletedAt" = now(), "updatedAt" = now()
             FROM unnest($2::text[], $3::text[], $4::text[]) AS d(kind, namespace, name)
            WHERE o."clusterId" = $1 AND o.kind = d.kind AND o.namespace = d.namespace AND o.name = d.name AND o."deletedAt" IS NULL`,
          [this.clusterId, deletes.map((d) => d.kind), deletes.map((d) => d.namespace), deletes.map((d) => d.name)],
        );
        deleted += result.rowCount ?? 0;
      }
      if (synced.length > 0) {
        const result = await client.query(
          `UPDATE cluster_object o SET "deletedAt" = now(), "updatedAt" = now()
            WHERE o."clusterId" = $1 AND o.kind = ANY($2::text[]) AND o."deletedAt" IS NULL
              AND NOT EXISTS (SELECT 1 FROM unnest($3::text[], $4::text[], $5::text[]) AS k(kind, namespace, name)
                               WHERE k.kind = o.kind AND k.namespace = o.namespace AND k.name = o.name)`,
          [this.clusterId, synced, keep.map((r) => r.kind), keep.map((r) => r.namespace), keep.map((r) => r.name)],
        );
        deleted += result.rowCount ?? 0;
      }
      if (upserted + deleted > 0) {
        await client.query(`SELECT pg_notify('cordon_events', $1)`, [JSON.stringify({ topic: 'inventory', clusterId: this.clusterId })]);
      }
      await client.query('COMMIT');
      return { upserted, deleted };
    } catch (error) {
      healthy = !/Connection terminated|ECONN/.test(String(error));
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release(!healthy);
    }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
