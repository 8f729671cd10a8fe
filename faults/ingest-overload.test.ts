// Fault: a sender pushes twice the rate its token is allowed. The excess is refused with 429 and a
// Retry-After (never dropped silently, never a 5xx other than a 503 with Retry-After), every
// acknowledged alert is stored exactly once, and the other senders are still served meanwhile.
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { useTestDatabase } from '../lib/test/database';
import { createIngestToken, post, startIngestServer } from '../lib/test/ingest-server';

// Low enough that the load generator keeps its pace on a busy two-core machine.
const RATE = 20; // events per second allowed per token
const SECONDS = 3;

describe('[FAULTS] ingest at twice the sustained rate', () => {
  useTestDatabase();

  it('answers 429/503 with Retry-After for the excess, loses no acknowledged alert, and keeps serving other senders', async () => {
    const server = await startIngestServer({ rateLimit: { eventsPerSecond: RATE, burst: RATE } });
    const [noisy, quiet] = [await createIngestToken('falco'), await createIngestToken('falco')];
    const url = `${server.url}/api/ingest/falco`;
    const event = (uuid: string, ns: string) => ({
      uuid,
      output: `Outbound connection to a miner pool (${uuid})`,
      priority: 'Critical',
      rule: 'Detect outbound connections to common miner pool ports',
      time: new Date().toISOString(),
      output_fields: { 'k8s.ns.name': ns, 'k8s.pod.name': 'miner-6d5f8b7c9d-q2w4x', 'fd.sport': 3333 },
    });

    const answers: { uuid: string; status: number; retryAfter: string | null }[] = [];
    const inFlight: Promise<void>[] = [];
    const quietAnswers: number[] = [];
    try {
      // Open loop at 2 × RATE: one request every 1000 / (2 × RATE) ms, whatever the answers.
      const total = 2 * RATE * SECONDS;
      const started = Date.now();
      for (let i = 0; i < total; i += 1) {
        const uuid = `overload-${i}`;
        inFlight.push(
          post(url, event(uuid, 'overload'), { token: noisy }).then((r) => {
            answers.push({ uuid, status: r.status, retryAfter: r.headers.get('retry-after') });
          }),
        );
        // Meanwhile another sender, within its own rate, is served.
        if (i % 10 === 5) inFlight.push(post(url, event(`quiet-${i}`, 'quiet'), { token: quiet }).then((r) => void quietAnswers.push(r.status)));
        const due = started + ((i + 1) * 1000) / (2 * RATE);
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      }
      await Promise.all(inFlight);
      // The premise: the excess was really sent faster than allowed (not stretched by a slow machine).
      const elapsed = (Date.now() - started) / 1000;
      expect(total, `sent ${total} in ${elapsed.toFixed(1)} s`).toBeGreaterThan(RATE * (elapsed + 1) + 10);
    } finally {
      await server.close();
    }

    const byStatus = new Map<number, typeof answers>();
    for (const a of answers) byStatus.set(a.status, [...(byStatus.get(a.status) ?? []), a]);
    expect([...byStatus.keys()].every((s) => s === 200 || s === 429 || s === 503), `statuses: ${[...byStatus.keys()].join(', ')}`).toBe(true);
    expect(byStatus.get(429)?.length ?? 0).toBeGreaterThan(0);
    for (const refused of [...(byStatus.get(429) ?? []), ...(byStatus.get(503) ?? [])]) expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(quietAnswers.length).toBeGreaterThan(0);
    expect(quietAnswers.every((s) => s === 200)).toBe(true);

    const acknowledged = (byStatus.get(200) ?? []).map((a) => a.uuid).sort();
    expect(acknowledged.length).toBeGreaterThan(0);
    const stored = await db.alert.findMany({ where: { namespace: 'overload' }, select: { sourceEventId: true } });
    expect(stored.map((s) => s.sourceEventId).sort()).toEqual(acknowledged);
    const incident = await db.incident.findFirstOrThrow({ where: { namespace: 'overload' } });
    expect(incident.alertCount).toBe(acknowledged.length);
  }, 60_000);
});
