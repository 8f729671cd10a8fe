import 'server-only';
import { writeAudit } from '../../audit/write-audit';
import { db } from '../../db/client';
import { AppError } from '../../errors';
import { auditActor } from '../../evidence/custody';
import { storeEvidence, type EvidenceCollector } from '../../evidence/store';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const MAX_SNAPSHOT_BYTES = 20 * 1024 * 1024;

/**
 * For the map: stores a PNG of the map as evidence (kind `map_snapshot`) and makes it the
 * report's map snapshot (shown in the PDF). A later snapshot replaces the report's reference; the
 * earlier one stays in the evidence list.
 */
export async function attachMapSnapshot(
  incidentId: number,
  png: Buffer,
  collector: EvidenceCollector,
  options: { ip?: string | null; description?: string } = {},
): Promise<{ evidenceId: string; sha256: string; size: number }> {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new AppError('bad_request', { userMessage: 'The map snapshot must be a PNG image.' });
  if (png.length > MAX_SNAPSHOT_BYTES) throw new AppError('bad_request', { status: 413, userMessage: 'The map snapshot is larger than 20 MiB.' });
  const stored = await storeEvidence(
    {
      incidentId,
      kind: 'map_snapshot',
      filename: `incident-${incidentId}-map-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, 'Z')}.png`,
      mediaType: 'image/png',
      description: options.description ?? 'Network map snapshot for the post-incident report',
      source: {},
      collector,
    },
    png,
    { ip: options.ip },
  );
  await db.$transaction(async (tx) => {
    await tx.postIncidentReport.upsert({
      where: { incidentId },
      create: { incidentId, mapSnapshotId: stored.id, updatedById: collector.type === 'user' ? collector.id : null },
      update: { mapSnapshotId: stored.id },
    });
    await writeAudit(tx, auditActor({ ...collector, ip: options.ip }), {
      action: 'report.map_snapshot',
      targetType: 'incident',
      targetId: incidentId,
      details: { evidenceId: stored.id, sha256: stored.sha256 },
    });
  });
  return { evidenceId: stored.id, sha256: stored.sha256, size: stored.size };
}
