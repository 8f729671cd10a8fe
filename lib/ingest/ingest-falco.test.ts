import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../db/client';
import { pgPool } from '../db/pool';
import { useTestDatabase } from '../test/database';
import { createIngestToken, post, startIngestServer } from '../test/ingest-server';

const FIXTURES = path.join(import.meta.dirname, '../../fixtures/falco');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

function falcoEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> & { uuid: string } {
  const event = JSON.parse(fixture('DERIVED-falcosidekick-webhook-post-body.json')) as Record<string, unknown>;
  return { ...event, uuid: crypto.randomUUID(), ...overrides };
}

describe('[INGEST] Falco through Falcosidekick', () => {
  useTestDatabase();
  let server: Awaited<ReturnType<typeof startIngestServer>>;
  let token: string;
  let url: string;

  beforeAll(async () => {
    server = await startIngestServer();
    token = await createIngestToken('falco');
    url = `${server.url}/api/ingest/falco`;
  });
  afterAll(() => server.close());

  it.each(readdirSync(FIXTURES).filter((f) => f.endsWith('.json')))('accepts the real payload %s and keeps every field', async (name) => {
    const text = fixture(name);
    const payload = JSON.parse(text) as { uuid?: string; output_fields: Record<string, unknown> };
    const response = await post(url, text, { token });
    expect(response.status, JSON.stringify(response.json)).toBe(200);
    expect(response.json).toMatchObject({ received: 1 });
    const accepted = (response.json.accepted as number) + (response.json.duplicates as number);
    expect(accepted).toBe(1);

    const { rows } = await pgPool().query<{ fields: Record<string, unknown>; raw_text: string; rule: string }>(
      `SELECT fields, raw::text AS raw_text, rule FROM alert WHERE source = 'falco' ORDER BY id DESC LIMIT 1`,
    );
    const stored = rows[0]!;
    for (const key of Object.keys(payload.output_fields)) expect(stored.fields).toHaveProperty([key]);
    // The raw payload is kept byte for byte, big integers included (evt.time is in nanoseconds).
    expect(stored.raw_text).toBe(text.trim());
  });

  it('counts a redelivered event once, even when the copies arrive at the same time', async () => {
    const event = falcoEvent();
    const responses = await Promise.all(Array.from({ length: 12 }, () => post(url, event, { token })));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(responses.reduce((n, r) => n + (r.json.accepted as number), 0)).toBe(1);
    expect(responses.reduce((n, r) => n + (r.json.duplicates as number), 0)).toBe(11);
    expect(await db.alert.count({ where: { sourceEventId: event.uuid } })).toBe(1);
  });

  it('groups a burst into one incident and collapses identical alerts on the timeline', async () => {
    const pod = `checkout-7f9c6b8d4-${'b2k4q'}`;
    const namespace = `burst-${Math.random().toString(36).slice(2, 7)}`;
    const events = Array.from({ length: 40 }, () =>
      falcoEvent({
        output_fields: { 'k8s.ns.name': namespace, 'k8s.pod.name': pod, 'proc.cmdline': 'sh -c id', 'container.id': 'abc', 'container.image.repository': 'ghcr.io/shop/checkout' },
      }),
    );
    const response = await post(url, events.map((e) => JSON.stringify(e)).join('\n'), { token, contentType: 'application/x-ndjson' });
    expect(response.json).toMatchObject({ received: 40, accepted: 40, duplicates: 0 });
    const incidents = await db.incident.findMany({ where: { namespace } });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ alertCount: 40, workload: 'checkout', severity: 'critical', status: 'new' });
    const timeline = await db.timelineEntry.findMany({ where: { incidentId: incidents[0]!.id }, orderBy: { id: 'asc' } });
    expect(timeline.map((t) => [t.kind, t.count])).toEqual([
      ['correlation', 1],
      ['alert', 40],
    ]);
    expect(timeline[0]!.summary).toContain('Opened for workload');
    const entities = await db.incidentEntity.findMany({ where: { incidentId: incidents[0]!.id }, include: { entity: true } });
    expect(entities.map((e) => e.entity.kind).sort()).toEqual(['image', 'namespace', 'pod', 'workload']);
  });

  it('rejects a malformed event with a 400 naming the field, storing nothing', async () => {
    const before = await db.alert.count();
    const { rule: _rule, ...withoutRule } = falcoEvent();
    const missing = await post(url, withoutRule, { token });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ error: 'invalid_event', field: 'rule' });

    const batch = [falcoEvent(), falcoEvent(), falcoEvent({ output_fields: {} })];
    const bad = await post(url, batch.map((e) => JSON.stringify(e)).join('\n'), { token, contentType: 'application/x-ndjson' });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ field: 'output_fields', index: 2 });
    expect(String(bad.json.message)).toMatch(/^item 2: output_fields/);

    const time = await post(url, falcoEvent({ time: 'yesterday' }), { token });
    expect(time.json).toMatchObject({ field: 'time' });
    const notJson = await post(url, '{"rule": ', { token });
    expect(notJson).toMatchObject({ status: 400, json: { error: 'invalid_json' } });
    expect(await db.alert.count()).toBe(before);
  });

  it('refuses missing, unknown and wrong-source tokens, and accepts the configured header', async () => {
    expect((await post(url, falcoEvent())).status).toBe(401);
    expect((await post(url, falcoEvent(), { token: 'cordon_fal_not-a-real-token' })).status).toBe(401);
    const auditToken = await createIngestToken('k8s_audit');
    const wrong = await post(url, falcoEvent(), { token: auditToken });
    expect(wrong.status).toBe(403);
    expect(String(wrong.json.message)).toContain('k8s_audit');
    const viaHeader = await post(url, falcoEvent(), { headers: { 'x-cordon-token': token } });
    expect(viaHeader.status).toBe(200);
  });

  it('answers 415 for other content types, 405 for other methods, 413 for oversized bodies', async () => {
    expect((await post(url, 'rule=x', { token, contentType: 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await post(url, falcoEvent(), { token, contentType: '' })).status).toBe(415);
    const get = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const small = await startIngestServer({ maxBodyBytes: 2_000 });
    try {
      const big = await post(`${small.url}/api/ingest/falco`, falcoEvent({ output: 'x'.repeat(5_000) }), { token });
      expect(big.status).toBe(413);
      expect(big.json).toMatchObject({ error: 'payload_too_large', limit: 2_000 });
    } finally {
      await small.close();
    }
  });

  it('replaces NUL characters instead of failing the batch', async () => {
    const event = falcoEvent({ output: 'evil\u0000output', output_fields: { 'proc.cmdline': 'a\u0000b', 'k8s.ns.name': 'nul-test' } });
    const response = await post(url, event, { token });
    expect(response.status).toBe(200);
    const stored = await db.alert.findFirstOrThrow({ where: { sourceEventId: event.uuid } });
    expect(stored.process).toBe('a\uFFFDb');
  });
});
