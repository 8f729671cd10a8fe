import 'server-only';
import { db } from '../db/client';
import type { DeliveryStatus, NotificationKind, Severity } from '../db/generated/enums';
import { openTargetConfig, targetHint, TargetConfigError } from './targets';

export interface DeliveryOutcome {
  incidentId: number;
  event: string;
  status: DeliveryStatus;
  attempts: number;
  responseCode: number | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** A target as the browser may see it: no credentials, a masked hint instead. */
export interface NotificationTargetSummary {
  id: string;
  name: string;
  kind: NotificationKind;
  minSeverity: Severity;
  enabled: boolean;
  hint: string;
  createdAt: string;
  lastDelivery: DeliveryOutcome | null;
}

export async function listNotificationTargets(): Promise<NotificationTargetSummary[]> {
  const targets = await db.notificationTarget.findMany({
    orderBy: { name: 'asc' },
    select: {
      id: true,
      name: true,
      kind: true,
      minSeverity: true,
      enabled: true,
      createdAt: true,
      configEnc: true, // opened here for the hint only; never returned
      deliveries: { orderBy: { createdAt: 'desc' }, take: 1 },
    },
  });
  return targets.map((target) => {
    const last = target.deliveries[0];
    return {
      id: target.id,
      name: target.name,
      kind: target.kind,
      minSeverity: target.minSeverity,
      enabled: target.enabled,
      hint: hintFor(target.kind, target.configEnc),
      createdAt: target.createdAt.toISOString(),
      lastDelivery: last ? toOutcome(last) : null,
    };
  });
}

function hintFor(kind: NotificationKind, configEnc: Uint8Array): string {
  try {
    return targetHint(openTargetConfig(kind, configEnc));
  } catch (error) {
    if (error instanceof TargetConfigError) return 'configuration unreadable';
    throw error;
  }
}

export interface IncidentDelivery extends DeliveryOutcome {
  id: string;
  target: { id: string; name: string; kind: NotificationKind };
  /** When the next attempt is due, while the delivery is still pending or retrying. */
  nextAttemptAt: string | null;
}

/** The notifications sent (or being sent) for one incident, newest first, for its workspace. */
export async function listIncidentDeliveries(incidentId: number): Promise<IncidentDelivery[]> {
  const rows = await db.notificationDelivery.findMany({
    where: { incidentId },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: 100,
    include: { target: { select: { id: true, name: true, kind: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    target: row.target,
    ...toOutcome(row),
    nextAttemptAt: row.status === 'pending' || row.status === 'retrying' ? row.nextAttemptAt.toISOString() : null,
  }));
}

function toOutcome(row: {
  incidentId: number;
  event: string;
  status: DeliveryStatus;
  attempts: number;
  responseCode: number | null;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}): DeliveryOutcome {
  return {
    incidentId: row.incidentId,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    responseCode: row.responseCode,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}
