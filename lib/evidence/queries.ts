// Evidence as DTOs for the workspace panel, the report and the export bundle.
import 'server-only';
import { db } from '../db/client';
import type { ActorType, CustodyAction, EvidenceKind } from '../db/generated/enums';
import { notFound } from '../errors';
import type { EvidenceSource } from './store';

export interface CustodyEventDto {
  at: string;
  action: CustodyAction;
  actorType: ActorType;
  actorLabel: string;
  sha256: string | null;
  details: Record<string, unknown>;
}

export interface EvidenceItem {
  id: string;
  incidentId: number | null;
  actionId: string | null;
  kind: EvidenceKind;
  filename: string;
  mediaType: string;
  description: string;
  sha256: string;
  size: number;
  source: EvidenceSource;
  collector: { type: ActorType; id: string | null; label: string };
  collectedAt: string;
  lastVerifiedAt: string | null;
  verifyFailedAt: string | null;
  /** The last verification failed and none has succeeded since. */
  integrityFailed: boolean;
  custody: CustodyEventDto[];
}

const CUSTODY_LIMIT = 200;

type Row = Awaited<ReturnType<typeof loadRows>>[number];

function loadRows(where: { incidentId?: number; id?: string }, custodyLimit: number) {
  return db.evidence.findMany({
    where,
    orderBy: [{ collectedAt: 'asc' }, { id: 'asc' }],
    include: { custody: { orderBy: [{ at: 'asc' }, { id: 'asc' }], take: custodyLimit } },
  });
}

function toItem(row: Row): EvidenceItem {
  const failed = row.verifyFailedAt !== null && (row.lastVerifiedAt === null || row.verifyFailedAt > row.lastVerifiedAt);
  return {
    id: row.id,
    incidentId: row.incidentId,
    actionId: row.actionId,
    kind: row.kind,
    filename: row.filename,
    mediaType: row.mediaType,
    description: row.description,
    sha256: row.sha256,
    size: Number(row.size),
    source: (row.source ?? {}) as EvidenceSource,
    collector: { type: row.collectorType, id: row.collectorId, label: row.collectorLabel },
    collectedAt: row.collectedAt.toISOString(),
    lastVerifiedAt: row.lastVerifiedAt?.toISOString() ?? null,
    verifyFailedAt: row.verifyFailedAt?.toISOString() ?? null,
    integrityFailed: failed,
    custody: row.custody.map((c) => ({
      at: c.at.toISOString(),
      action: c.action,
      actorType: c.actorType,
      actorLabel: c.actorLabel,
      sha256: c.sha256,
      details: (c.details ?? {}) as Record<string, unknown>,
    })),
  };
}

export async function listIncidentEvidence(incidentId: number, options: { custodyLimit?: number } = {}): Promise<EvidenceItem[]> {
  return (await loadRows({ incidentId }, options.custodyLimit ?? CUSTODY_LIMIT)).map(toItem);
}

export async function getEvidenceOrThrow(id: string): Promise<EvidenceItem> {
  const [row] = await loadRows({ id }, CUSTODY_LIMIT);
  if (!row) throw notFound('Evidence');
  return toItem(row);
}

const TEXT_KINDS: EvidenceKind[] = ['manifest', 'logs', 'events', 'process_list', 'connections', 'listening_ports', 'environment', 'file_changes'];
const TEXT_TYPES = /^(text\/|application\/(json|yaml|x-yaml|x-ndjson|xml)\b)/;

/** Whether the panel offers "view" (shown as text in a <pre>, never as HTML). */
export function isViewableAsText(item: Pick<EvidenceItem, 'kind' | 'mediaType'>): boolean {
  return TEXT_KINDS.includes(item.kind) || TEXT_TYPES.test(item.mediaType);
}

/** What serving an item's bytes needs (no custody log). */
export async function findEvidenceBlob(id: string) {
  const row = await db.evidence.findUnique({
    where: { id },
    select: { id: true, sha256: true, size: true, filename: true, mediaType: true, kind: true, incidentId: true },
  });
  if (!row) throw notFound('Evidence');
  return { ...row, size: Number(row.size) };
}
