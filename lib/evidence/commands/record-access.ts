import 'server-only';
import { writeAudit } from '../../audit/write-audit';
import { db } from '../../db/client';
import { notFound } from '../../errors';
import { addCustodyEvent, auditActor, type EvidenceActor } from '../custody';

/** A `viewed` or `downloaded` custody event and its audit row. Returns the row the caller serves. */
export async function recordEvidenceAccess(evidenceId: string, action: 'viewed' | 'downloaded', actor: EvidenceActor) {
  return await db.$transaction(async (tx) => {
    const row = await tx.evidence.findUnique({
      where: { id: evidenceId },
      select: { id: true, sha256: true, size: true, filename: true, mediaType: true, kind: true, incidentId: true },
    });
    if (!row) throw notFound('Evidence');
    await addCustodyEvent(tx, row.id, action, actor, { sha256: row.sha256 });
    await writeAudit(tx, auditActor(actor), {
      action: action === 'viewed' ? 'evidence.view' : 'evidence.download',
      targetType: 'evidence',
      targetId: row.id,
      details: { incidentId: row.incidentId, sha256: row.sha256 },
    });
    return { ...row, size: Number(row.size) };
  });
}
