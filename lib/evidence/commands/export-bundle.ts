import 'server-only';
import { createHash } from 'node:crypto';
import { writeAudit } from '../../audit/write-audit';
import { db } from '../../db/client';
import { AppError, notFound } from '../../errors';
import { evidenceBlobStore } from '../blobs';
import { hashStoredBlob } from '../blobs/blob-store';
import { buildBundle } from '../bundle/build-bundle';
import { toCsv } from '../bundle/csv';
import { addCustodyEvent, announceIncident, auditActor, type EvidenceActor } from '../custody';
import { isViewableAsText, listIncidentEvidence } from '../queries';
import { evidenceSigningKey } from '../signing';
import { storeEvidence } from '../store';
import { recordVerification } from './verify-evidence';

export interface ExportResult {
  bundleId: string;
  sha256: string;
  size: number;
  items: number;
  signed: boolean;
  keyFingerprint: string | null;
  manifestSha256: string;
}

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

/**
 * Bundles an incident's evidence (every item but earlier bundles) into a zip, stores it as
 * evidence of kind `bundle`, and records an `exported` custody event on each item with the
 * bundle's hash. Every blob is verified first: a failure raises the integrity alert and refuses
 * the export.
 */
export async function exportEvidenceBundle(incidentId: number, actor: EvidenceActor): Promise<ExportResult> {
  const incident = await db.incident.findUnique({ where: { id: incidentId } });
  if (!incident) throw notFound(`Incident ${incidentId}`);
  const items = (await listIncidentEvidence(incidentId, { custodyLimit: 10_000 })).filter((item) => item.kind !== 'bundle');
  if (items.length === 0) throw new AppError('bad_request', { userMessage: 'This incident has no evidence to export yet.' });

  const store = evidenceBlobStore();
  const failures: string[] = [];
  for (const sha256 of new Set(items.map((i) => i.sha256))) {
    const observed = await hashStoredBlob(store, sha256);
    if (observed?.sha256 === sha256) continue;
    for (const item of items.filter((i) => i.sha256 === sha256)) {
      await recordVerification(item, observed?.sha256 ?? null, actor);
      failures.push(item.filename);
    }
  }
  if (failures.length > 0) {
    throw new AppError('conflict', { userMessage: `Export refused: ${failures.join(', ')} failed the integrity check. An alert was raised.` });
  }
  await db.evidence.updateMany({ where: { id: { in: items.map((i) => i.id) } }, data: { lastVerifiedAt: new Date() } });

  const timeline = await db.timelineEntry.findMany({ where: { incidentId }, orderBy: [{ at: 'asc' }, { id: 'asc' }], take: 20_000 });
  const custody = items.flatMap((item) => item.custody.map((c) => ({ evidenceId: item.id, filename: item.filename, ...c })));
  const signingKey = evidenceSigningKey();
  const now = new Date();
  const bundle = buildBundle({
    store,
    mtime: now,
    signingKey,
    artifacts: items.map((item) => ({ id: item.id, filename: item.filename, sha256: item.sha256, compress: isViewableAsText(item) })),
    files: [
      {
        path: 'incident.json',
        content: json({
          exportedAt: now.toISOString(),
          exportedBy: actor.label,
          incident: { id: incident.id, title: incident.title, severity: incident.severity, status: incident.status, phase: incident.phase, detectedAt: incident.detectedAt },
          signingKeyFingerprint: signingKey?.fingerprint ?? null,
          items: items.map(({ custody: _custody, ...item }) => item),
        }),
      },
      { path: 'custody.json', content: json(custody) },
      {
        path: 'custody.csv',
        content: Buffer.from(
          toCsv(
            ['evidence_id', 'filename', 'at', 'action', 'actor_type', 'actor', 'sha256', 'details'],
            custody.map((c) => [c.evidenceId, c.filename, c.at, c.action, c.actorType, c.actorLabel, c.sha256, JSON.stringify(c.details)]),
          ),
        ),
      },
      {
        path: 'timeline.json',
        content: json(timeline.map((t) => ({ at: t.at, lastAt: t.lastAt, kind: t.kind, actorType: t.actorType, actor: t.actorLabel, summary: t.summary, count: t.count, data: t.data }))),
      },
    ],
  });

  const manifestSha256 = createHash('sha256').update(bundle.manifest).digest('hex');
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*/, 'Z');
  const stored = await storeEvidence(
    {
      incidentId,
      kind: 'bundle',
      filename: `incident-${incidentId}-evidence-${stamp}.zip`,
      mediaType: 'application/zip',
      description: `Export of ${items.length} evidence item(s); manifest SHA-256 ${manifestSha256}${signingKey ? `, signed (key ${signingKey.fingerprint.slice(0, 16)})` : ', unsigned'}`,
      source: {},
      collector: { type: actor.type === 'user' ? 'user' : 'system', id: actor.id, label: actor.label },
    },
    bundle.stream,
    { ip: actor.ip, details: { items: items.length, manifestSha256, signed: bundle.signed } },
  );

  await db.$transaction(async (tx) => {
    for (const item of items) {
      await addCustodyEvent(tx, item.id, 'exported', actor, { sha256: item.sha256, at: now, details: { bundleId: stored.id, bundleSha256: stored.sha256 } });
    }
    await writeAudit(tx, auditActor(actor), {
      action: 'evidence.export',
      targetType: 'incident',
      targetId: incidentId,
      details: { bundleId: stored.id, bundleSha256: stored.sha256, size: stored.size, items: items.length, signed: bundle.signed },
    });
    await announceIncident(tx, incidentId);
  });
  return { bundleId: stored.id, sha256: stored.sha256, size: stored.size, items: items.length, signed: bundle.signed, keyFingerprint: signingKey?.fingerprint ?? null, manifestSha256 };
}
