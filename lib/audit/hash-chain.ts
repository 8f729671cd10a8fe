// The audit log is a hash chain: each row's hash covers its own content and the previous row's
// hash, so changing or deleting any row breaks every hash after it.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { ActorType } from '../db/generated/enums';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  at: Date;
  actorType: ActorType;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  details: unknown;
  ip: string | null;
}

export function hashAuditEntry(prevHash: string, content: AuditContent): string {
  // RFC 8785 canonical JSON: the same content always hashes the same, whatever key order the
  // database returns.
  const canonical = canonicalize({ ...content, at: content.at.toISOString(), prevHash });
  if (canonical === undefined) throw new Error('audit entry is not serialisable');
  return createHash('sha256').update(canonical).digest('hex');
}
