import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../audit/verify-chain';
import { db } from '../../db/client';
import { useTestDatabase } from '../../test/database';
import { createTestIncident, createTestUser, testActor } from '../../test/factories';
import { assignIncident } from './assign-incident';
import { changeIncidentStatus } from './change-status';

describe('[LIFECYCLE] incident commands on the database', () => {
  useTestDatabase();

  it('records a transition with its timeline entry, audit row and timestamps', async () => {
    const analyst = await createTestUser('analyst');
    const incident = await createTestIncident();
    await changeIncidentStatus({ incidentId: incident.id, to: 'acknowledged' }, testActor(analyst));

    const after = await db.incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(after.status).toBe('acknowledged');
    expect(after.acknowledgedAt).toBeInstanceOf(Date);
    const timeline = await db.timelineEntry.findMany({ where: { incidentId: incident.id } });
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({ kind: 'status_change', actorId: analyst.id, actorLabel: analyst.email });
    const audit = await db.auditLog.findFirst({ where: { targetType: 'incident', targetId: String(incident.id) } });
    expect(audit).toMatchObject({ action: 'incident.status', actorId: analyst.id, outcome: 'ok' });
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('refuses to close without a resolution and changes nothing', async () => {
    const analyst = await createTestUser('analyst');
    const incident = await createTestIncident({ status: 'investigating' });
    await expect(changeIncidentStatus({ incidentId: incident.id, to: 'closed' }, testActor(analyst))).rejects.toMatchObject({
      code: 'invalid_transition',
    });
    expect((await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe('investigating');
    expect(await db.timelineEntry.count({ where: { incidentId: incident.id } })).toBe(0);
  });

  it('closes with a resolution and reopens, counting the reopen', async () => {
    const analyst = await createTestUser('analyst');
    const incident = await createTestIncident({ status: 'investigating' });
    await changeIncidentStatus(
      { incidentId: incident.id, to: 'closed', resolution: 'false_positive', summary: 'Backup job, expected' },
      testActor(analyst),
    );
    await changeIncidentStatus({ incidentId: incident.id, to: 'investigating' }, testActor(analyst));
    const after = await db.incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(after).toMatchObject({ status: 'investigating', reopenCount: 1, closedAt: null, resolution: null });
    const kinds = (await db.timelineEntry.findMany({ where: { incidentId: incident.id }, orderBy: { id: 'asc' } })).map((t) => t.kind);
    expect(kinds).toEqual(['status_change', 'reopen']);
  });

  it('lets only one of two concurrent identical transitions through', async () => {
    const analyst = await createTestUser('analyst');
    const incident = await createTestIncident();
    const results = await Promise.allSettled([
      changeIncidentStatus({ incidentId: incident.id, to: 'acknowledged' }, testActor(analyst)),
      changeIncidentStatus({ incidentId: incident.id, to: 'acknowledged' }, testActor(analyst)),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await db.timelineEntry.count({ where: { incidentId: incident.id } })).toBe(1);
  });

  it('assigns to analysts but not to viewers', async () => {
    const analyst = await createTestUser('analyst');
    const viewer = await createTestUser('viewer');
    const incident = await createTestIncident();
    await assignIncident({ incidentId: incident.id, assigneeId: analyst.id }, testActor(analyst));
    expect((await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).assigneeId).toBe(analyst.id);
    await expect(assignIncident({ incidentId: incident.id, assigneeId: viewer.id }, testActor(analyst))).rejects.toMatchObject({
      code: 'bad_request',
    });
  });
});
