import 'server-only';
import type { Tx } from '../db/client';
import type { Prisma } from '../db/generated/client';
import type { ActorType, TimelineKind } from '../db/generated/enums';

export interface TimelineActor {
  type: ActorType;
  id: string | null;
  label: string;
}

export async function addTimelineEntry(
  tx: Tx,
  incidentId: number,
  actor: TimelineActor,
  entry: { kind: TimelineKind; summary: string; data?: Prisma.InputJsonObject; at?: Date },
): Promise<void> {
  await tx.timelineEntry.create({
    data: {
      incidentId,
      kind: entry.kind,
      summary: entry.summary,
      data: entry.data ?? {},
      at: entry.at ?? new Date(),
      actorType: actor.type,
      actorId: actor.id,
      actorLabel: actor.label,
    },
  });
}
