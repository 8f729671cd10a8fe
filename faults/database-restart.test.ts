// Fault: PostgreSQL stopped and restarted under a steady ingest. While it is down ingest answers
// 503 with Retry-After; senders redeliver (as Falcosidekick does); afterwards every alert that was
// acknowledged with a 2xx is stored exactly once. Runs on an embedded PostgreSQL of its own, since
// it stops the server.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDb, findFreePort, type EmbeddedDb } from '../scripts/lib/embedded-db';
import { runPrisma } from '../scripts/lib/prisma-cli';
import { db, disconnectDb } from '../lib/db/client';
import { closePgPool, pgPool } from '../lib/db/pool';
import { resetEnvCache } from '../lib/env';
import { createIngestToken, post, startIngestServer } from '../lib/test/ingest-server';

describe('[FAULTS] PostgreSQL stopped and restarted during a steady ingest', () => {
  let tempDir = '';
  let port = 0;
  let postgres: EmbeddedDb | null = null;
  const savedUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'cordon-faults-db-'));
    await chmod(tempDir, 0o755); // as root, PostgreSQL runs as "postgres" and must reach it
    port = await findFreePort();
    postgres = await startEmbeddedDb({ dataDir: path.join(tempDir, 'pg'), port, database: 'cordon_faults' });
    await runPrisma(['migrate', 'deploy'], { databaseUrl: postgres.url, quiet: true });
    process.env.DATABASE_URL = postgres.url;
    process.env.CORDON_SECRET ??= 'test-secret-test-secret-test-secret-0123';
    resetEnvCache();
    await disconnectDb();
    await closePgPool();
  }, 120_000);

  afterAll(async () => {
    await disconnectDb();
    await closePgPool();
    await postgres?.stop();
    if (savedUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = savedUrl;
    resetEnvCache();
    await rm(tempDir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while it is down and loses no acknowledged alert', async () => {
    const server = await startIngestServer();
    const cluster = await db.cluster.create({ data: { name: 'faults', displayName: 'faults', source: 'reported' } });
    const token = await createIngestToken('falco', cluster.id);

    const acknowledged = new Set<string>();
    const toSend: string[] = [];
    let phase: 'up' | 'down' | 'restarting' | 'recovered' = 'up';
    const whileDown: { status: number; retryAfter: string | null }[] = [];
    let sentAfterRecovery = 0;
    let next = 0;
    let sending = true;

    const event = (uuid: string) => ({
      uuid,
      output: `Reverse shell in checkout (${uuid})`,
      priority: 'Critical',
      rule: 'Reverse shell',
      time: new Date().toISOString(),
      output_fields: { 'k8s.ns.name': 'shop', 'k8s.pod.name': 'checkout-6d5f8b7c9d-q2w4x', 'proc.name': 'bash' },
      tags: ['T1059'],
    });

    // Four senders, each posting one event at a time: a steady stream that redelivers what was
    // refused or lost in transit, as a webhook sender with retries does.
    const sender = async () => {
      while (sending || toSend.length > 0) {
        const uuid = toSend.shift() ?? (sending ? `fault-${(next += 1)}` : undefined);
        if (!uuid) break;
        const observedPhase = phase;
        try {
          const response = await post(`${server.url}/api/ingest/falco`, event(uuid), { token });
          if (response.status === 200) {
            acknowledged.add(uuid);
            if (observedPhase === 'recovered') sentAfterRecovery += 1;
          } else {
            if (observedPhase === 'down' && phase === 'down') whileDown.push({ status: response.status, retryAfter: response.headers.get('retry-after') });
            toSend.push(uuid);
            await new Promise((r) => setTimeout(r, 100));
          }
        } catch {
          toSend.push(uuid); // connection reset: not acknowledged, so send again
          await new Promise((r) => setTimeout(r, 100));
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const senders = Array.from({ length: 4 }, sender);

    try {
      await waitUntil(() => acknowledged.size >= 50, 'the first 50 alerts acknowledged');
      await postgres!.stop();
      phase = 'down';
      await waitUntil(() => whileDown.length >= 10, '10 answers while the database is down');
      phase = 'restarting';
      postgres = await startEmbeddedDb({ dataDir: path.join(tempDir, 'pg'), port, database: 'cordon_faults' });
      phase = 'recovered';
      await waitUntil(() => sentAfterRecovery >= 50, '50 alerts acknowledged after the restart', 60_000);
    } finally {
      sending = false;
      await Promise.all(senders);
      await server.close();
    }

    // Down: refused with 503 and a Retry-After, never acknowledged.
    expect(whileDown.every((r) => r.status === 503)).toBe(true);
    expect(whileDown.every((r) => Number(r.retryAfter) > 0)).toBe(true);

    // Every acknowledged alert is stored, once, and the incident counts each once.
    const stored = await pgPool().query<{ sourceEventId: string }>(`SELECT "sourceEventId" FROM alert WHERE source = 'falco'`);
    const storedIds = stored.rows.map((r) => r.sourceEventId);
    expect(new Set(storedIds).size).toBe(storedIds.length);
    const missing = [...acknowledged].filter((id) => !storedIds.includes(id));
    expect(missing).toEqual([]);
    expect(storedIds.length).toBe(acknowledged.size);
    const incidents = await db.incident.findMany({ select: { alertCount: true } });
    expect(incidents.reduce((sum, i) => sum + i.alertCount, 0)).toBe(acknowledged.size);
  }, 120_000);
});

async function waitUntil(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
