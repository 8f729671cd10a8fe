// The scheduled integrity check: every blob is hashed again once it is older than `maxAgeMs`
// since its last verification. One replica at a time (a session advisory lock on a dedicated
// connection); each distinct blob is read once however many rows share it. A success only moves
// `lastVerifiedAt` (a custody event per item per run would drown the custody log); a failure
// writes a `verify_failed` custody event, an audit row and the integrity alert. Items already
// known to have failed are not re-alerted on every run; an analyst's on-demand verify re-checks them.
import 'server-only';
import { db } from '../db/client';
import { pgPool } from '../db/pool';
import { env } from '../env';
import { logger } from '../log';
import { evidenceBlobStore } from './blobs';
import { hashStoredBlob } from './blobs/blob-store';
import { recordVerification } from './commands/verify-evidence';

const LOCK_KEY = 7411201;
const VERIFIER = { type: 'system' as const, id: null, label: 'Cordon evidence verifier' };

export interface EvidenceVerifierOptions {
  /** How often to look for due items. */
  intervalMs: number;
  /** Re-verify items last verified longer ago than this (default CORDON_EVIDENCE_VERIFY_INTERVAL_MIN). */
  maxAgeMs?: number;
  /** Items per run. */
  batchSize?: number;
}

export interface VerifierRun {
  checked: number;
  failed: number;
  skipped: boolean;
}

export async function runEvidenceVerification(options: { maxAgeMs: number; batchSize: number }): Promise<VerifierRun> {
  const client = await pgPool().connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [LOCK_KEY]);
    if (!rows[0]?.locked) return { checked: 0, failed: 0, skipped: true };
    try {
      return await verifyDue(options);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

async function verifyDue({ maxAgeMs, batchSize }: { maxAgeMs: number; batchSize: number }): Promise<VerifierRun> {
  const cutoff = new Date(Date.now() - maxAgeMs);
  const due = await db.$queryRaw<{ id: string; sha256: string; filename: string; incidentId: number | null }[]>`
    SELECT id, sha256, filename, "incidentId" FROM evidence
     WHERE ("lastVerifiedAt" IS NULL OR "lastVerifiedAt" < ${cutoff})
       AND ("verifyFailedAt" IS NULL OR "verifyFailedAt" < COALESCE("lastVerifiedAt", 'epoch'::timestamp))
     ORDER BY "lastVerifiedAt" ASC NULLS FIRST, "collectedAt" ASC
     LIMIT ${batchSize}`;
  const bySha = new Map<string, typeof due>();
  for (const row of due) bySha.set(row.sha256, [...(bySha.get(row.sha256) ?? []), row]);
  const store = evidenceBlobStore();
  let failed = 0;
  for (const [sha256, rows] of bySha) {
    const observed = await hashStoredBlob(store, sha256);
    if (observed?.sha256 === sha256) {
      await db.evidence.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { lastVerifiedAt: new Date() } });
      continue;
    }
    for (const row of rows) {
      await recordVerification(row, observed?.sha256 ?? null, VERIFIER);
      failed += 1;
    }
    logger.warn({ sha256, items: rows.map((r) => r.id), observed: observed?.sha256 ?? null }, 'evidence integrity check failed');
  }
  return { checked: due.length, failed, skipped: false };
}

/** Started by the app (lib/server/app.ts); `stop()` waits for a run in progress. */
export function startEvidenceVerifier(options: EvidenceVerifierOptions): { stop(): Promise<void>; runOnce(): Promise<VerifierRun> } {
  const maxAgeMs = options.maxAgeMs ?? env().CORDON_EVIDENCE_VERIFY_INTERVAL_MIN * 60_000;
  const batchSize = options.batchSize ?? 500;
  let running: Promise<VerifierRun> | null = null;
  let stopped = false;
  const runOnce = () => {
    running ??= runEvidenceVerification({ maxAgeMs, batchSize }).finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    if (stopped) return;
    runOnce().catch((error: unknown) => logger.error({ err: error }, 'evidence verifier run failed'));
  }, options.intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
