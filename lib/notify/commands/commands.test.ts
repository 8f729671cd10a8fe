import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../audit/verify-chain';
import { db } from '../../db/client';
import { resetEnvCache } from '../../env';
import { useTestDatabase } from '../../test/database';
import { createTestIncident, createTestUser, testActor } from '../../test/factories';
import { enqueueIncidentNotificationsTx } from '../enqueue';
import { listIncidentDeliveries, listNotificationTargets } from '../queries';
import { TEST_PUBLIC_URL } from '../test-helpers';
import { startTestReceiver, type TestReceiver } from '../test-receiver';
import { processDueNotifications } from '../worker';
import { createNotificationTarget } from './create-notification-target';
import { deleteNotificationTarget } from './delete-notification-target';
import { sendTestNotification } from './send-test-notification';
import { setNotificationTargetEnabled } from './set-notification-target-enabled';

const ROUTING_KEY = 'Rcommand0routing0key000000000abc';
const OPSGENIE_KEY = 'og-command-secret-key-987654321';
const SIGNING_SECRET = 'whsec-command-secret-0123456789';

const auditRowsFor = (targetId: string) =>
  db.auditLog.findMany({ where: { targetType: 'notification_target', targetId }, orderBy: { id: 'asc' } });
const serialise = (rows: { details: unknown; action: string }[]) => JSON.stringify(rows.map((r) => [r.action, r.details]));

describe('[NOTIFY] managing notification targets', () => {
  useTestDatabase();
  let receiver: TestReceiver;
  let actor: ReturnType<typeof testActor>;

  beforeAll(async () => {
    process.env.CORDON_PUBLIC_URL = TEST_PUBLIC_URL;
    resetEnvCache();
    receiver = await startTestReceiver();
    actor = testActor(await createTestUser('admin'));
  });
  afterAll(() => receiver.close());
  beforeEach(() => receiver.reset());

  it('seals the credentials; neither the audit log nor the listing carries them', async () => {
    const { id } = await createNotificationTarget(
      { kind: 'pagerduty', name: 'on-call', routingKey: ROUTING_KEY, minSeverity: 'critical', enabled: true },
      actor,
    );
    const row = await db.notificationTarget.findUniqueOrThrow({ where: { id }, select: { configEnc: true, kind: true, minSeverity: true } });
    expect(row).toMatchObject({ kind: 'pagerduty', minSeverity: 'critical' });
    expect(Buffer.from(row.configEnc).toString('latin1')).not.toContain(ROUTING_KEY);

    const audit = await auditRowsFor(id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'notification_target.create', actorId: actor.id, outcome: 'ok' });
    expect(audit[0]!.details).toEqual({ name: 'on-call', kind: 'pagerduty', minSeverity: 'critical', enabled: true });

    const listed = (await listNotificationTargets()).find((t) => t.id === id);
    expect(listed).toMatchObject({ name: 'on-call', kind: 'pagerduty', enabled: true, hint: 'key …0abc', lastDelivery: null });
    expect(JSON.stringify(listed)).not.toContain(ROUTING_KEY);
  });

  it('refuses a second target with the same name', async () => {
    const input = { kind: 'slack' as const, name: 'dup', webhookUrl: 'https://hooks.slack.com/services/T/B/x1', minSeverity: 'high' as const, enabled: true };
    await createNotificationTarget(input, actor);
    await expect(createNotificationTarget(input, actor)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('enables, disables and deletes, each with its audit row', async () => {
    const { id } = await createNotificationTarget(
      { kind: 'webhook', name: 'siem', url: receiver.url('/siem'), secret: SIGNING_SECRET, minSeverity: 'high', enabled: true },
      actor,
    );
    await setNotificationTargetEnabled({ targetId: id, enabled: false }, actor);
    await setNotificationTargetEnabled({ targetId: id, enabled: false }, actor); // no change, no row
    expect((await db.notificationTarget.findUniqueOrThrow({ where: { id } })).enabled).toBe(false);
    await setNotificationTargetEnabled({ targetId: id, enabled: true }, actor);
    await deleteNotificationTarget(id, actor);
    expect(await db.notificationTarget.count({ where: { id } })).toBe(0);

    const audit = await auditRowsFor(id);
    expect(audit.map((r) => r.action)).toEqual([
      'notification_target.create',
      'notification_target.disable',
      'notification_target.enable',
      'notification_target.delete',
    ]);
    expect(serialise(audit)).not.toContain(SIGNING_SECRET);
    await expect(deleteNotificationTarget(id, actor)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('sends a test now and reports what the target answered, without secrets', async () => {
    const pd = await createNotificationTarget(
      { kind: 'pagerduty', name: 'pd-test', routingKey: ROUTING_KEY, url: receiver.url('/pd'), minSeverity: 'high', enabled: false },
      actor,
    );
    expect(await sendTestNotification(pd.id, actor)).toEqual({ delivered: true, responseCode: 202, message: 'HTTP 202' });
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({
      dedup_key: 'cordon-test-notification',
      payload: { severity: 'info' },
      links: [{ href: `${TEST_PUBLIC_URL}/settings` }],
    });

    const og = await createNotificationTarget(
      { kind: 'opsgenie', name: 'og-test', apiKey: OPSGENIE_KEY, region: 'us', url: receiver.url('/og'), minSeverity: 'high', enabled: true },
      actor,
    );
    receiver.respondWith((req) => ({ status: 401, body: `Key ${req.headers.authorization ?? ''} is not valid` }));
    const failed = await sendTestNotification(og.id, actor);
    expect(failed).toMatchObject({ delivered: false, responseCode: 401 });
    expect(failed.message).toMatch(/^HTTP 401: Key GenieKey \[redacted\] is not valid$/);

    const audit = await auditRowsFor(og.id);
    expect(audit.at(-1)).toMatchObject({ action: 'notification_target.test', outcome: 'failed' });
    expect(serialise([...audit, ...(await auditRowsFor(pd.id))])).not.toMatch(new RegExp(`${OPSGENIE_KEY}|${ROUTING_KEY}`));
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('lists an incident\'s deliveries and each target\'s last outcome', async () => {
    const { id } = await createNotificationTarget(
      { kind: 'webhook', name: 'log-sink', url: receiver.url('/sink'), minSeverity: 'medium', enabled: true },
      actor,
    );
    const incident = await createTestIncident({ severity: 'medium' });
    await db.$transaction((tx) => enqueueIncidentNotificationsTx(tx, [{ id: incident.id, severity: 'medium' }], 'incident.created'));
    await processDueNotifications();

    const deliveries = await listIncidentDeliveries(incident.id);
    expect(deliveries).toEqual([
      expect.objectContaining({
        target: { id, name: 'log-sink', kind: 'webhook' },
        event: 'incident.created',
        status: 'sent',
        attempts: 1,
        responseCode: 202,
        lastError: null,
        nextAttemptAt: null,
      }),
    ]);
    expect(typeof deliveries[0]!.createdAt).toBe('string');
    expect(typeof deliveries[0]!.sentAt).toBe('string');
    const target = (await listNotificationTargets()).find((t) => t.id === id);
    expect(target?.lastDelivery).toMatchObject({ incidentId: incident.id, status: 'sent', responseCode: 202 });
  });
});
