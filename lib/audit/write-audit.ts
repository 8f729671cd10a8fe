import 'server-only';
import type { Tx } from '../db/client';
import type { ActorType } from '../db/generated/enums';
import { GENESIS_HASH, hashAuditEntry, type AuditContent } from './hash-chain';

export interface AuditActor {
  type: ActorType;
  id: string | null;
  label: string;
  ip?: string | null;
}

export interface AuditRecord {
  action: string;
  targetType?: string;
  targetId?: string | number;
  outcome?: 'ok' | 'denied' | 'failed';
  details?: Record<string, unknown>;
}

/**
 * Appends to the audit log inside the caller's transaction, so the record commits (or rolls back)
 * with the change it describes. Appends are serialised by a transaction-scoped advisory lock:
 * each row needs the hash of the one before it.
 */
export async function writeAudit(tx: Tx, actor: AuditActor, record: AuditRecord): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(7411001)`;
  const last = await tx.auditLog.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const content: AuditContent = {
    at: new Date(),
    actorType: actor.type,
    actorId: actor.id,
    actorLabel: actor.label,
    action: record.action,
    targetType: record.targetType ?? null,
    targetId: record.targetId === undefined ? null : String(record.targetId),
    outcome: record.outcome ?? 'ok',
    details: JSON.parse(JSON.stringify(record.details ?? {})) as unknown,
    ip: actor.ip ?? null,
  };
  const hash = hashAuditEntry(prevHash, content);
  await tx.auditLog.create({
    data: { ...content, details: content.details as object, prevHash, hash },
  });
}
