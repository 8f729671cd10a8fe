// Custody events and the small pieces every evidence command shares.
import 'server-only';
import type { AuditActor } from '../audit/write-audit';
import type { Tx } from '../db/client';
import type { Prisma } from '../db/generated/client';
import type { ActorType, CustodyAction, EvidenceKind } from '../db/generated/enums';

export interface EvidenceActor {
  type: ActorType;
  id: string | null;
  label: string;
  ip?: string | null;
}

export async function addCustodyEvent(
  tx: Tx,
  evidenceId: string,
  action: CustodyAction,
  actor: EvidenceActor,
  fields: { sha256?: string | null; details?: Prisma.InputJsonObject; at?: Date } = {},
): Promise<void> {
  await tx.custodyEvent.create({
    data: {
      evidenceId,
      action,
      actorType: actor.type,
      actorId: actor.id,
      actorLabel: actor.label,
      sha256: fields.sha256 ?? null,
      details: fields.details ?? {},
      at: fields.at ?? new Date(),
    },
  });
}

/** Tells every replica's open incident views to refresh (delivered at commit). */
export async function announceIncident(tx: Tx, incidentId: number | null): Promise<void> {
  if (incidentId === null) return;
  await tx.$executeRaw`SELECT pg_notify('cordon_events', ${JSON.stringify({ topic: 'incidents', ids: [incidentId] })})`;
}

export const auditActor = (actor: EvidenceActor): AuditActor => ({ type: actor.type, id: actor.id, label: actor.label, ip: actor.ip ?? null });

export const KIND_LABELS: Record<EvidenceKind, string> = {
  manifest: 'manifest',
  logs: 'logs',
  events: 'events',
  process_list: 'process list',
  connections: 'connections',
  listening_ports: 'listening ports',
  environment: 'environment',
  file_changes: 'file changes',
  checkpoint: 'checkpoint',
  upload: 'upload',
  map_snapshot: 'map snapshot',
  report_export: 'report export',
  bundle: 'bundle',
};

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
