import type { PoolClient } from 'pg';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../db/client';
import type { Severity } from '../db/generated/enums';
import { pgPool } from '../db/pool';
import { useTestDatabase } from '../test/database';
import { createTestIncident } from '../test/factories';
import { enqueueIncidentNotifications, enqueueIncidentNotificationsTx } from './enqueue';
import { createTestTarget } from './test-helpers';

const webhook = (path: string) => ({ kind: 'webhook' as const, url: `https://receiver.example/${path}` });

async function inPgTransaction<T>(work: (client: PoolClient) => Promise<T>, outcome: 'commit' | 'rollback'): Promise<T> {
  const client = await pgPool().connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query(outcome === 'commit' ? 'COMMIT' : 'ROLLBACK');
    return result;
  } finally {
    client.release();
  }
}

describe('[NOTIFY] outbox: queueing deliveries with the incident change', () => {
  useTestDatabase();

  beforeEach(async () => {
    await db.notificationTarget.deleteMany();
  });

  it('queues nothing when the transaction rolls back', async () => {
    await createTestTarget(webhook('a'), { minSeverity: 'info' });
    const incident = await createTestIncident({ severity: 'critical' });
    const queued = await inPgTransaction(
      (client) => enqueueIncidentNotifications(client, [{ id: incident.id, severity: 'critical' }], 'incident.created'),
      'rollback',
    );
    expect(queued).toBe(1);
    expect(await db.notificationDelivery.count({ where: { incidentId: incident.id } })).toBe(0);
  });

  it('queues one delivery per enabled target whose threshold the incident meets, once', async () => {
    const thresholds: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
    const targets = await Promise.all(thresholds.map((minSeverity) => createTestTarget(webhook(minSeverity), { minSeverity })));
    const disabled = await createTestTarget(webhook('off'), { minSeverity: 'info', enabled: false });
    const medium = await createTestIncident({ severity: 'medium' });
    const critical = await createTestIncident({ severity: 'critical' });
    const batch = [
      { id: medium.id, severity: 'medium' as const },
      { id: critical.id, severity: 'critical' as const },
    ];

    expect(await inPgTransaction((client) => enqueueIncidentNotifications(client, batch, 'incident.created'), 'commit')).toBe(3 + 5);
    // A retried ingest batch queues nothing more.
    expect(await inPgTransaction((client) => enqueueIncidentNotifications(client, batch, 'incident.created'), 'commit')).toBe(0);

    const rows = await db.notificationDelivery.findMany({ select: { targetId: true, incidentId: true, event: true, status: true } });
    const targetsFor = (incidentId: number) =>
      rows.filter((r) => r.incidentId === incidentId).map((r) => targets.find((t) => t.id === r.targetId)?.minSeverity).sort();
    expect(targetsFor(medium.id)).toEqual(['info', 'low', 'medium']);
    expect(targetsFor(critical.id)).toEqual(['critical', 'high', 'info', 'low', 'medium']);
    expect(rows.some((r) => r.targetId === disabled.id)).toBe(false);
    expect(rows.every((r) => r.status === 'pending' && r.event === 'incident.created')).toBe(true);
  });

  it('queues a separate delivery for a different event of the same incident', async () => {
    await createTestTarget(webhook('esc'), { minSeverity: 'high' });
    const incident = await createTestIncident({ severity: 'critical' });
    const one = [{ id: incident.id, severity: 'critical' as const }];
    await inPgTransaction((client) => enqueueIncidentNotifications(client, one, 'incident.created'), 'commit');
    await inPgTransaction((client) => enqueueIncidentNotifications(client, one, 'incident.escalated'), 'commit');
    const events = await db.notificationDelivery.findMany({ where: { incidentId: incident.id }, select: { event: true } });
    expect(events.map((e) => e.event).sort()).toEqual(['incident.created', 'incident.escalated']);
  });

  it('works the same inside a Prisma transaction, and rolls back with it', async () => {
    await createTestTarget(webhook('prisma'), { minSeverity: 'medium' });
    const low = await createTestIncident({ severity: 'low' });
    const high = await createTestIncident({ severity: 'high' });
    const batch = [
      { id: low.id, severity: 'low' as const },
      { id: high.id, severity: 'high' as const },
    ];
    await expect(
      db.$transaction(async (tx) => {
        await enqueueIncidentNotificationsTx(tx, batch, 'incident.reopened');
        throw new Error('the incident change failed');
      }),
    ).rejects.toThrow('the incident change failed');
    expect(await db.notificationDelivery.count()).toBe(0);

    expect(await db.$transaction((tx) => enqueueIncidentNotificationsTx(tx, batch, 'incident.reopened'))).toBe(1);
    expect(await db.$transaction((tx) => enqueueIncidentNotificationsTx(tx, batch, 'incident.reopened'))).toBe(0);
    const rows = await db.notificationDelivery.findMany({ select: { incidentId: true, event: true } });
    expect(rows).toEqual([{ incidentId: high.id, event: 'incident.reopened' }]);
  });

  it('does nothing for an empty batch and refuses an unknown event', async () => {
    await inPgTransaction(async (client) => {
      expect(await enqueueIncidentNotifications(client, [], 'incident.created')).toBe(0);
      await expect(enqueueIncidentNotifications(client, [], 'incident.deleted' as never)).rejects.toThrow(/unknown notification event/);
    }, 'rollback');
  });
});
