import 'server-only';
import { writeAudit } from '../../audit/write-audit';
import { db } from '../../db/client';
import { notFound } from '../../errors';
import { evidenceBlobStore } from '../blobs';
import { hashStoredBlob } from '../blobs/blob-store';
import { addCustodyEvent, auditActor, type EvidenceActor } from '../custody';
import { raiseIntegrityAlert } from '../integrity-alert';

export interface VerificationResult {
  evidenceId: string;
  ok: boolean;
  expected: string;
  actual: string | null;
  reason: 'match' | 'mismatch' | 'missing';
  alertIncidentId: number | null;
}

interface Row {
  id: string;
  sha256: string;
  filename: string;
  incidentId: number | null;
}

/** Recomputes the hash of the stored blob (streamed) and records the outcome in the custody log. */
export async function verifyEvidence(evidenceId: string, actor: EvidenceActor): Promise<VerificationResult> {
  const row = await db.evidence.findUnique({ where: { id: evidenceId }, select: { id: true, sha256: true, filename: true, incidentId: true } });
  if (!row) throw notFound('Evidence');
  const observed = await hashStoredBlob(evidenceBlobStore(), row.sha256);
  return await recordVerification(row, observed?.sha256 ?? null, actor);
}

/** Writes the custody event, the row's verification time, the audit row and (on failure) the alert. */
export async function recordVerification(row: Row, actual: string | null, actor: EvidenceActor): Promise<VerificationResult> {
  const ok = actual === row.sha256;
  const reason = ok ? 'match' : actual === null ? 'missing' : 'mismatch';
  const now = new Date();
  const alertIncidentId = await db.$transaction(async (tx) => {
    await addCustodyEvent(tx, row.id, ok ? 'verified' : 'verify_failed', actor, {
      sha256: actual,
      at: now,
      details: { expected: row.sha256, reason },
    });
    await tx.evidence.update({ where: { id: row.id }, data: ok ? { lastVerifiedAt: now } : { verifyFailedAt: now } });
    await writeAudit(tx, auditActor(actor), {
      action: 'evidence.verify',
      targetType: 'evidence',
      targetId: row.id,
      outcome: ok ? 'ok' : 'failed',
      details: { incidentId: row.incidentId, expected: row.sha256, actual, reason },
    });
    if (ok) return null;
    const alert = await raiseIntegrityAlert(
      tx,
      { evidenceId: row.id, filename: row.filename, incidentId: row.incidentId, expected: row.sha256, actual, reason: reason as 'mismatch' | 'missing' },
      now,
    );
    return alert.incidentId;
  });
  return { evidenceId: row.id, ok, expected: row.sha256, actual, reason, alertIncidentId };
}
