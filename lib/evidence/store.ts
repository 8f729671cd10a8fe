// The evidence store: anything collected for an incident (pod manifests, logs, exec output,
// checkpoints, uploads, exports) goes through storeEvidence. Bytes go to the content-addressed
// blob store first; the evidence row, its first custody event, the audit row and the incident
// timeline entry then commit together. See docs/evidence.md.
import 'server-only';
import { writeAudit } from '../audit/write-audit';
import { db } from '../db/client';
import type { CustodyAction, EvidenceKind } from '../db/generated/enums';
import { notFound } from '../errors';
import { addTimelineEntry } from '../incidents/timeline';
import { discardStaged, stageBlob, type BlobContent } from './blobs/blob-store';
import { evidenceBlobStore } from './blobs';
import { addCustodyEvent, announceIncident, auditActor, formatBytes, KIND_LABELS } from './custody';

export interface EvidenceSource {
  cluster?: string;
  namespace?: string;
  pod?: string;
  container?: string;
  node?: string;
}

export interface EvidenceCollector {
  type: 'user' | 'action' | 'system';
  id: string | null;
  label: string;
}

export interface EvidenceInput {
  incidentId: number | null;
  actionId?: string | null;
  kind: EvidenceKind;
  filename: string;
  mediaType: string;
  description: string;
  source: EvidenceSource;
  collector: EvidenceCollector;
}

export interface StoreEvidenceOptions {
  /** Refuse content larger than this (uploads). */
  maxBytes?: number;
  /** The first custody event: `uploaded` for kind `upload`, else `collected`. */
  custody?: Extract<CustodyAction, 'collected' | 'uploaded'>;
  /** Client address for the audit row. */
  ip?: string | null;
  /** Extra fields for the audit row and the timeline entry (e.g. the bundle's item count). */
  details?: Record<string, string | number | boolean | null>;
}

export interface StoredEvidence {
  id: string;
  sha256: string;
  size: number;
}

export async function storeEvidence(input: EvidenceInput, content: BlobContent, options: StoreEvidenceOptions = {}): Promise<StoredEvidence> {
  const filename = safeFilename(input.filename);
  const source = cleanSource(input.source);
  if (input.incidentId !== null) {
    // Checked before the bytes are written, so a wrong id costs nothing.
    const exists = await db.incident.findUnique({ where: { id: input.incidentId }, select: { id: true } });
    if (!exists) throw notFound(`Incident ${input.incidentId}`);
  }

  const store = evidenceBlobStore();
  const staged = await stageBlob(content, store.stagingDir, { maxBytes: options.maxBytes });
  try {
    await store.put(staged);
  } catch (error) {
    await discardStaged(staged);
    throw error;
  }

  const custody = options.custody ?? (input.kind === 'upload' ? 'uploaded' : 'collected');
  const actor = { ...input.collector, ip: options.ip ?? null };
  const now = new Date();
  const evidence = await db.$transaction(async (tx) => {
    const row = await tx.evidence.create({
      data: {
        incidentId: input.incidentId,
        actionId: input.actionId ?? null,
        kind: input.kind,
        sha256: staged.sha256,
        size: BigInt(staged.size),
        mediaType: input.mediaType || 'application/octet-stream',
        filename,
        description: input.description,
        source: { ...source },
        collectorType: input.collector.type,
        collectorId: input.collector.id,
        collectorLabel: input.collector.label,
        collectedAt: now,
      },
      select: { id: true },
    });
    await addCustodyEvent(tx, row.id, custody, actor, { sha256: staged.sha256, at: now, details: { size: staged.size, ...options.details } });
    await writeAudit(tx, auditActor(actor), {
      action: custody === 'uploaded' ? 'evidence.upload' : 'evidence.collect',
      targetType: 'evidence',
      targetId: row.id,
      details: { incidentId: input.incidentId, actionId: input.actionId ?? null, kind: input.kind, filename, sha256: staged.sha256, size: staged.size, ...options.details },
    });
    if (input.incidentId !== null) {
      await addTimelineEntry(tx, input.incidentId, input.collector, {
        kind: 'evidence',
        summary: `Evidence ${custody}: ${filename} (${KIND_LABELS[input.kind]}, ${formatBytes(staged.size)}), SHA-256 ${staged.sha256.slice(0, 12)}…`,
        data: { evidenceId: row.id, kind: input.kind, sha256: staged.sha256, size: staged.size, custody },
        at: now,
      });
      await announceIncident(tx, input.incidentId);
    }
    return row;
  });
  return { id: evidence.id, sha256: staged.sha256, size: staged.size };
}

/** A file name to show and to use inside bundles: no folders, no control characters. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '_').replace(/^\.+/, '_').trim().slice(0, 200);
  return cleaned || 'evidence.bin';
}

function cleanSource(source: EvidenceSource): EvidenceSource {
  const out: EvidenceSource = {};
  for (const key of ['cluster', 'namespace', 'pod', 'container', 'node'] as const) {
    const value = source[key];
    if (typeof value === 'string' && value.trim()) out[key] = value.trim().slice(0, 253);
  }
  return out;
}
