import 'server-only';
import { db } from '../db/client';
import { GENESIS_HASH, hashAuditEntry } from './hash-chain';

export interface ChainProblem {
  id: string;
  reason: 'content_changed' | 'chain_broken';
}

export interface ChainReport {
  checked: number;
  ok: boolean;
  problems: ChainProblem[];
}

/** Walks the whole log in id order, in pages, recomputing every hash. */
export async function verifyAuditChain(pageSize = 2_000): Promise<ChainReport> {
  const problems: ChainProblem[] = [];
  let expectedPrev = GENESIS_HASH;
  let cursor: bigint | undefined;
  let checked = 0;
  for (;;) {
    const rows = await db.auditLog.findMany({
      where: cursor === undefined ? {} : { id: { gt: cursor } },
      orderBy: { id: 'asc' },
      take: pageSize,
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      checked += 1;
      const id = row.id.toString();
      if (row.prevHash !== expectedPrev) problems.push({ id, reason: 'chain_broken' });
      const recomputed = hashAuditEntry(row.prevHash, {
        at: row.at,
        actorType: row.actorType,
        actorId: row.actorId,
        actorLabel: row.actorLabel,
        action: row.action,
        targetType: row.targetType,
        targetId: row.targetId,
        outcome: row.outcome,
        details: row.details,
        ip: row.ip,
      });
      if (recomputed !== row.hash) problems.push({ id, reason: 'content_changed' });
      expectedPrev = row.hash;
      cursor = row.id;
    }
  }
  return { checked, ok: problems.length === 0, problems };
}
