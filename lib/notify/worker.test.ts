import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '../db/client';
import type { Severity } from '../db/generated/enums';
import { resetEnvCache } from '../env';
import { useTestDatabase } from '../test/database';
import { createTestIncident, uniqueSuffix } from '../test/factories';
import { enqueueIncidentNotificationsTx } from './enqueue';
import { createTestTarget, TEST_PUBLIC_URL } from './test-helpers';
import { startTestReceiver, type TestReceiver } from './test-receiver';
import { processDueNotifications, startNotificationWorker } from './worker';

const ROUTING_KEY = 'Rsecret0routing0key0000000000042';
const OPSGENIE_KEY = 'og-secret-api-key-0123456789';
const SLACK_TOKEN = 'slacksecretTOKEN0123456789';
const SIGNING_SECRET = 'whsec-signing-secret-0123456789';
const HEADER_TOKEN = 'Bearer header-secret-0123456789';
const FAST = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs worker passes until `done` holds; bounded, so a bug fails the test instead of hanging it. */
async function drainUntil(done: () => Promise<boolean>, options = FAST, maxPasses = 200): Promise<void> {
  for (let pass = 0; pass < maxPasses; pass += 1) {
    await processDueNotifications(options);
    if (await done()) return;
    await pause(10);
  }
  throw new Error('the deliveries did not settle');
}

async function newIncident(severity: Severity = 'critical', overrides: Parameters<typeof createTestIncident>[0] = {}) {
  const incident = await createTestIncident({ severity, ...overrides });
  await db.$transaction((tx) => enqueueIncidentNotificationsTx(tx, [{ id: incident.id, severity }], 'incident.created'));
  return incident;
}

const deliveriesOf = (incidentId: number) => db.notificationDelivery.findMany({ where: { incidentId }, include: { target: true } });
const timelineOf = (incidentId: number) =>
  db.timelineEntry.findMany({ where: { incidentId, kind: 'notification' }, orderBy: { id: 'asc' } });

describe('[NOTIFY] delivery worker against a real HTTP receiver', () => {
  useTestDatabase();
  let receiver: TestReceiver;

  beforeAll(async () => {
    process.env.CORDON_PUBLIC_URL = TEST_PUBLIC_URL;
    resetEnvCache();
    receiver = await startTestReceiver();
  });
  afterAll(() => receiver.close());
  beforeEach(async () => {
    receiver.reset();
    await db.notificationTarget.deleteMany();
  });

  it('delivers to each kind with its headers, body and the deep link, and records it', async () => {
    const cluster = await db.cluster.create({ data: { name: `prod-${uniqueSuffix()}`, displayName: 'Prod', source: 'simulator' } });
    await createTestTarget({ kind: 'pagerduty', routingKey: ROUTING_KEY, url: receiver.url('/pd') }, { name: 'on-call' });
    await createTestTarget({ kind: 'opsgenie', apiKey: OPSGENIE_KEY, region: 'eu', url: receiver.url('/og') });
    await createTestTarget({ kind: 'slack', webhookUrl: receiver.url(`/services/T1/B1/${SLACK_TOKEN}`) });
    await createTestTarget({ kind: 'webhook', url: receiver.url('/hook'), secret: SIGNING_SECRET, headers: { Authorization: HEADER_TOKEN } });
    const incident = await newIncident('critical', { clusterId: cluster.id, namespace: 'shop', workload: 'frontend' });
    const link = `${TEST_PUBLIC_URL}/i/${incident.id}`;

    expect(await processDueNotifications()).toBe(4);
    const byPath = (prefix: string) => receiver.requests.find((r) => r.path.startsWith(prefix))!;

    const pd = JSON.parse(byPath('/pd').body) as Record<string, unknown>;
    expect(pd).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: `cordon-incident-${incident.id}`,
      links: [{ href: link, text: 'Open in Cordon' }],
      payload: { severity: 'critical', source: cluster.name, group: 'shop', component: 'frontend' },
    });

    const og = byPath('/og');
    expect(og.headers.authorization).toBe(`GenieKey ${OPSGENIE_KEY}`);
    expect(JSON.parse(og.body)).toMatchObject({ alias: `cordon-incident-${incident.id}`, priority: 'P1', details: { 'Open in Cordon': link } });

    const slack = JSON.parse(byPath('/services/').body) as { blocks: { accessory?: { url: string } }[] };
    expect(slack.blocks.find((b) => b.accessory)?.accessory?.url).toBe(link);

    const hook = byPath('/hook');
    const delivery = (await deliveriesOf(incident.id)).find((d) => d.target.kind === 'webhook')!;
    expect(hook.headers['x-cordon-signature']).toBe(`sha256=${createHmac('sha256', SIGNING_SECRET).update(hook.body).digest('hex')}`);
    expect(hook.headers).toMatchObject({ 'x-cordon-event': 'incident.created', 'x-cordon-delivery': delivery.id, authorization: HEADER_TOKEN });
    expect(JSON.parse(hook.body)).toMatchObject({ event: 'incident.created', url: link, incident: { id: incident.id, title: incident.title } });

    const rows = await deliveriesOf(incident.id);
    expect(rows.map((r) => [r.status, r.attempts, r.responseCode])).toEqual(Array(4).fill(['sent', 1, 202]));
    expect(rows.every((r) => r.sentAt instanceof Date && r.lastError === null)).toBe(true);
    const timeline = await timelineOf(incident.id);
    expect(timeline).toHaveLength(4);
    expect(timeline.every((t) => t.actorType === 'system')).toBe(true);
    expect(timeline.map((t) => t.summary)).toContain('Notified PagerDuty (on-call) — delivered');
  });

  it('retries a 503 with backoff, then succeeds', async () => {
    await createTestTarget({ kind: 'webhook', url: receiver.url('/flaky') }, { name: 'flaky' });
    const incident = await newIncident();
    receiver.queue({ status: 503, body: 'upstream down' });

    await processDueNotifications(FAST);
    const [first] = await deliveriesOf(incident.id);
    expect(first).toMatchObject({ status: 'retrying', attempts: 1, responseCode: 503, lastError: 'HTTP 503: upstream down' });
    expect(await timelineOf(incident.id)).toHaveLength(0);

    await drainUntil(async () => (await deliveriesOf(incident.id))[0]?.status === 'sent');
    expect((await deliveriesOf(incident.id))[0]).toMatchObject({ status: 'sent', attempts: 2, responseCode: 202 });
    expect(receiver.requests).toHaveLength(2);
    expect((await timelineOf(incident.id)).map((t) => t.summary)).toEqual(['Notified Webhook (flaky) — delivered after 2 attempts']);
  });

  it('waits at least as long as Retry-After asks', async () => {
    await createTestTarget({ kind: 'webhook', url: receiver.url('/busy') });
    const incident = await newIncident();
    receiver.queue({ status: 429, headers: { 'retry-after': '120' }, body: 'slow down' });

    await processDueNotifications(FAST);
    const [row] = await deliveriesOf(incident.id);
    expect(row).toMatchObject({ status: 'retrying', responseCode: 429 });
    expect(row!.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(100_000);
    expect(await processDueNotifications(FAST)).toBe(0);
    expect(receiver.requests).toHaveLength(1);
  });

  it('fails at once on a 400, without the credentials the receiver echoed back', async () => {
    await createTestTarget({ kind: 'pagerduty', routingKey: ROUTING_KEY, url: receiver.url('/pd') }, { name: 'on-call' });
    await createTestTarget({ kind: 'opsgenie', apiKey: OPSGENIE_KEY, region: 'us', url: receiver.url('/og') });
    await createTestTarget({ kind: 'slack', webhookUrl: receiver.url(`/services/T1/B1/${SLACK_TOKEN}`) });
    await createTestTarget({ kind: 'webhook', url: receiver.url(`/hook/${SLACK_TOKEN}`), headers: { Authorization: HEADER_TOKEN } });
    receiver.respondWith((req) => ({
      status: 400,
      body: `invalid: ${req.path} ${req.headers.authorization ?? ''} ${req.body}`,
    }));
    const incident = await newIncident();

    await processDueNotifications(FAST);
    const rows = await deliveriesOf(incident.id);
    expect(rows.map((r) => [r.status, r.attempts, r.responseCode])).toEqual(Array(4).fill(['failed', 1, 400]));
    for (const row of rows) {
      expect(row.lastError).toMatch(/^HTTP 400: invalid: /);
      expect(row.lastError!.length).toBeLessThanOrEqual(220);
      for (const secret of [ROUTING_KEY, OPSGENIE_KEY, SLACK_TOKEN, HEADER_TOKEN]) expect(row.lastError).not.toContain(secret);
    }
    const timeline = await timelineOf(incident.id);
    expect(timeline.map((t) => t.summary)).toContainEqual(expect.stringMatching(/^Notifying PagerDuty \(on-call\) failed after 1 attempt: HTTP 400/));
    const written = JSON.stringify(timeline.map((t) => [t.summary, t.data]));
    for (const secret of [ROUTING_KEY, OPSGENIE_KEY, SLACK_TOKEN, HEADER_TOKEN]) expect(written).not.toContain(secret);
  });

  it('gives up after the last attempt', async () => {
    await createTestTarget({ kind: 'webhook', url: receiver.url('/down') }, { name: 'down' });
    receiver.respondWith(() => ({ status: 503 }));
    const incident = await newIncident();
    const policy = { retry: { ...FAST.retry, maxAttempts: 3 } };

    await drainUntil(async () => (await deliveriesOf(incident.id))[0]?.status === 'failed', policy);
    expect((await deliveriesOf(incident.id))[0]).toMatchObject({ status: 'failed', attempts: 3, responseCode: 503 });
    expect(receiver.requests).toHaveLength(3);
    expect((await timelineOf(incident.id)).map((t) => t.summary)).toEqual(['Notifying Webhook (down) failed after 3 attempts: HTTP 503']);
  });

  it('retries a refused connection, naming neither the URL nor its token', async () => {
    const closed = await startTestReceiver();
    const url = closed.url(`/services/T1/B1/${SLACK_TOKEN}`);
    await closed.close();
    await createTestTarget({ kind: 'slack', webhookUrl: url });
    const incident = await newIncident();

    await processDueNotifications(FAST);
    const [row] = await deliveriesOf(incident.id);
    expect(row).toMatchObject({ status: 'retrying', responseCode: null, lastError: 'connection refused' });
  });

  it('reads the incident at send time and skips targets disabled since', async () => {
    const live = await createTestTarget({ kind: 'webhook', url: receiver.url('/live') });
    const off = await createTestTarget({ kind: 'webhook', url: receiver.url('/off') }, { name: 'switched-off' });
    const incident = await newIncident();
    await db.incident.update({ where: { id: incident.id }, data: { title: 'Renamed after enqueue' } });
    await db.notificationTarget.update({ where: { id: off.id }, data: { enabled: false } });

    await processDueNotifications(FAST);
    expect(receiver.requests.map((r) => r.path)).toEqual(['/live']);
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ incident: { title: 'Renamed after enqueue' } });
    const rows = await deliveriesOf(incident.id);
    expect(rows.find((r) => r.targetId === live.id)?.status).toBe('sent');
    expect(rows.find((r) => r.targetId === off.id)).toMatchObject({ status: 'failed', lastError: 'not sent: the target was disabled' });
  });

  it('never sends one delivery twice with two workers on the same queue', async () => {
    await createTestTarget({ kind: 'webhook', url: receiver.url('/both') }, { minSeverity: 'info' });
    receiver.respondWith(() => ({ status: 202, waitFor: pause(5) }));
    const incidents = await Promise.all(Array.from({ length: 24 }, () => createTestIncident({ severity: 'high' })));
    await db.$transaction((tx) =>
      enqueueIncidentNotificationsTx(tx, incidents.map((i) => ({ id: i.id, severity: 'high' as const })), 'incident.created'),
    );

    const workers = [startNotificationWorker({ intervalMs: 5, batchSize: 3 }), startNotificationWorker({ intervalMs: 5, batchSize: 3 })];
    try {
      for (let i = 0; i < 1000 && (await db.notificationDelivery.count({ where: { status: 'sent' } })) < 24; i += 1) await pause(20);
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }
    const ids = receiver.requests.map((r) => r.headers['x-cordon-delivery']);
    expect(ids).toHaveLength(24);
    expect(new Set(ids).size).toBe(24);
    expect(await db.notificationDelivery.count({ where: { status: 'sent', attempts: 1 } })).toBe(24);
  });

  it('stop() lets the send in flight finish and be recorded', async () => {
    await createTestTarget({ kind: 'webhook', url: receiver.url('/slow') });
    let release!: () => void;
    receiver.queue({ status: 200, waitFor: new Promise<void>((resolve) => (release = resolve)) });
    const incident = await newIncident();

    const worker = startNotificationWorker({ intervalMs: 10 });
    for (let i = 0; i < 500 && receiver.requests.length === 0; i += 1) await pause(10);
    expect(receiver.requests).toHaveLength(1);
    const stopped = worker.stop();
    release();
    await stopped;
    expect((await deliveriesOf(incident.id))[0]).toMatchObject({ status: 'sent', responseCode: 200 });
  });
});
