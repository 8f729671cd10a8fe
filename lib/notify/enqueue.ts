// The outbox: notifications are queued as notification_delivery rows in the same transaction as
// the incident change, so a rolled-back incident never pages anyone and a committed one always
// does (the worker sends them after commit). One INSERT … SELECT per call, whatever the number
// of incidents: the ingest writer calls this on its hot path.
import 'server-only';
import type pg from 'pg';
import type { Tx } from '../db/client';
import type { Severity } from '../db/generated/enums';
import { INCIDENT_EVENTS, type IncidentEvent } from './schemas';

export interface IncidentToNotify {
  id: number;
  severity: Severity;
}

// "Severity" is a PostgreSQL enum: it compares in declaration order (info < low < … < critical).
// ON CONFLICT makes a re-enqueue (a retried ingest batch) a no-op per target/incident/event.
// Times are written in UTC explicitly (Prisma's convention for timestamp columns) rather than by the
// column default, which follows the session's TimeZone; the worker compares them in UTC.
const ENQUEUE_SQL = `
  INSERT INTO notification_delivery (id, "targetId", "incidentId", event, "createdAt", "nextAttemptAt")
  SELECT gen_random_uuid()::text, t.id, i.id, $3::text, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
  FROM unnest($1::int[], $2::"Severity"[]) AS i(id, severity)
  JOIN notification_target t ON t.enabled AND t."minSeverity" <= i.severity
  ON CONFLICT ("targetId", "incidentId", event) DO NOTHING`;

function checkEvent(event: IncidentEvent): void {
  // The value lands in SQL as a parameter; this only stops typos from another caller's `as` cast.
  if (!INCIDENT_EVENTS.includes(event)) throw new Error(`unknown notification event: ${String(event)}`);
}

/**
 * For raw node-postgres callers (the ingest writer). `client` must be inside the caller's open
 * transaction. Returns the number of deliveries queued.
 */
export async function enqueueIncidentNotifications(
  client: pg.ClientBase,
  incidents: readonly IncidentToNotify[],
  event: IncidentEvent,
): Promise<number> {
  checkEvent(event);
  if (incidents.length === 0) return 0;
  const result = await client.query(ENQUEUE_SQL, [incidents.map((i) => i.id), incidents.map((i) => i.severity), event]);
  return result.rowCount ?? 0;
}

/** The same for callers inside a Prisma interactive transaction. */
export async function enqueueIncidentNotificationsTx(
  tx: Pick<Tx, '$executeRaw'>,
  incidents: readonly IncidentToNotify[],
  event: IncidentEvent,
): Promise<number> {
  checkEvent(event);
  if (incidents.length === 0) return 0;
  const ids = incidents.map((i) => i.id);
  const severities = incidents.map((i) => i.severity);
  return await tx.$executeRaw`
    INSERT INTO notification_delivery (id, "targetId", "incidentId", event, "createdAt", "nextAttemptAt")
    SELECT gen_random_uuid()::text, t.id, i.id, ${event}::text, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
    FROM unnest(${ids}::int[], ${severities}::text[]::"Severity"[]) AS i(id, severity)
    JOIN notification_target t ON t.enabled AND t."minSeverity" <= i.severity
    ON CONFLICT ("targetId", "incidentId", event) DO NOTHING`;
}
