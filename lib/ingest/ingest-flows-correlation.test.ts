import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../db/client';
import { pgPool } from '../db/pool';
import { useTestDatabase } from '../test/database';
import { createIngestToken, post, startIngestServer } from '../test/ingest-server';
import { findFreePort } from '../../scripts/lib/embedded-db';
import { resetEnvCache } from '../env';
import { lockId } from './writer/statements';

function hubbleFlow(options: { ns: string; workload: string; dstIp: string; port: number; names?: string[]; verdict?: string; world?: boolean }) {
  return {
    flow: {
      time: new Date().toISOString(),
      uuid: crypto.randomUUID(),
      verdict: options.verdict ?? 'FORWARDED',
      ...(options.verdict === 'DROPPED' ? { drop_reason_desc: 'POLICY_DENIED' } : {}),
      IP: { source: '10.244.1.17', destination: options.dstIp, ipVersion: 'IPv4' },
      l4: { TCP: { source_port: 40312, destination_port: options.port, flags: { SYN: true } } },
      source: {
        ID: 311,
        identity: 4821,
        namespace: options.ns,
        labels: [`k8s:app=${options.workload}`, `k8s:io.kubernetes.pod.namespace=${options.ns}`],
        pod_name: `${options.workload}-6d5f8b7c9d-q2w4x`,
        workloads: [{ name: options.workload, kind: 'Deployment' }],
      },
      destination: options.world === false ? { namespace: 'data', labels: ['k8s:app=postgres'], pod_name: 'postgres-0', workloads: [{ name: 'postgres', kind: 'StatefulSet' }] } : { identity: 2, labels: ['reserved:world'] },
      ...(options.names ? { destination_names: options.names } : {}),
      Type: 'L3_L4',
      node_name: 'worker-1',
      traffic_direction: 'EGRESS',
      is_reply: false,
      Summary: 'TCP Flags: SYN',
    },
    node_name: 'worker-1',
    time: new Date().toISOString(),
  };
}

const ndjson = (items: unknown[]) => items.map((i) => JSON.stringify(i)).join('\n');

describe('[INGEST] Hubble flows', () => {
  useTestDatabase();
  let server: Awaited<ReturnType<typeof startIngestServer>>;
  let token: string;
  let url: string;

  beforeAll(async () => {
    process.env.CORDON_BASELINE_LEARNING_MINUTES = '0';
    server = await startIngestServer();
    token = await createIngestToken('flows');
    url = `${server.url}/api/ingest/flows`;
  });
  afterAll(async () => {
    delete process.env.CORDON_BASELINE_LEARNING_MINUTES;
    await server.close();
  });

  it('aggregates flows into edges with counts, verdicts and per-minute windows', async () => {
    const flows = [
      ...Array.from({ length: 5 }, () => hubbleFlow({ ns: 'shop', workload: 'frontend', dstIp: '10.244.2.9', port: 5432, world: false })),
      hubbleFlow({ ns: 'shop', workload: 'frontend', dstIp: '10.244.2.9', port: 5432, world: false, verdict: 'DROPPED' }),
      { ...hubbleFlow({ ns: 'shop', workload: 'frontend', dstIp: '10.244.2.9', port: 5432, world: false }), flow: { ...hubbleFlow({ ns: 'shop', workload: 'frontend', dstIp: '10.244.2.9', port: 5432 }).flow, is_reply: true } },
    ];
    const response = await post(url, ndjson(flows), { token, contentType: 'application/x-ndjson' });
    expect(response.status, JSON.stringify(response.json)).toBe(200);
    expect(response.json).toMatchObject({ received: 7, flows: 6 });
    const edges = await db.flow.findMany({ where: { srcKey: 'shop/Deployment/frontend', dstKey: 'data/StatefulSet/postgres' }, orderBy: { verdict: 'asc' } });
    expect(edges.map((e) => [e.verdict, Number(e.count), e.port, e.protocol])).toEqual([
      ['forwarded', 5, 5432, 'TCP'],
      ['dropped', 1, 5432, 'TCP'],
    ]);
    const windows = await db.flowWindow.findMany({ where: { flowId: edges[0]!.id } });
    expect(windows.reduce((n, w) => n + w.count, 0)).toBe(5);
  });

  it('raises a critical alert for a mining pool, a lower one when the policy dropped it, and one for the metadata endpoint', async () => {
    const ns = 'miner-test';
    await post(url, ndjson([hubbleFlow({ ns, workload: 'web', dstIp: '198.51.100.23', port: 3333, names: ['pool.supportxmr.com'] })]), { token, contentType: 'application/x-ndjson' });
    await post(url, ndjson([hubbleFlow({ ns, workload: 'web', dstIp: '198.51.100.23', port: 3333, names: ['pool.supportxmr.com'], verdict: 'DROPPED' })]), { token, contentType: 'application/x-ndjson' });
    await post(url, ndjson([hubbleFlow({ ns, workload: 'web', dstIp: '169.254.169.254', port: 80 })]), { token, contentType: 'application/x-ndjson' });
    const alerts = await db.alert.findMany({ where: { namespace: ns, source: 'hubble' }, orderBy: { id: 'asc' } });
    expect(alerts.map((a) => [a.rule, a.severity])).toEqual([
      ['Connection to a known-malicious destination', 'critical'],
      ['Blocked connection to a known-malicious destination', 'medium'],
      ['Cloud metadata endpoint contacted from a pod', 'high'],
    ]);
    expect(alerts[0]).toMatchObject({ workload: 'web', workloadKind: 'Deployment', dstName: 'pool.supportxmr.com', techniques: ['T1496.001'] });
    expect(new Set(alerts.map((a) => a.incidentId)).size).toBe(1); // same workload → one incident
  });

  it('learns external destinations per workload and flags a new one', async () => {
    const ns = 'egress-test';
    const first = await post(url, ndjson([hubbleFlow({ ns, workload: 'api', dstIp: '203.0.113.7', port: 443, names: ['api.payments.example'] })]), {
      token,
      contentType: 'application/x-ndjson',
    });
    expect(first.json.alerts).toBe(1);
    const again = await post(url, ndjson([hubbleFlow({ ns, workload: 'api', dstIp: '203.0.113.7', port: 443, names: ['api.payments.example'] })]), {
      token,
      contentType: 'application/x-ndjson',
    });
    expect(again.json.alerts).toBe(0);
    const alert = await db.alert.findFirstOrThrow({ where: { namespace: ns } });
    expect(alert.rule).toBe('New external destination for a workload');
  });
});

describe('[CORRELATION] incidents from alerts', () => {
  useTestDatabase();
  let server: Awaited<ReturnType<typeof startIngestServer>>;
  let token: string;
  let url: string;
  const event = (ns: string, priority: string, rule = 'Terminal shell in container', pod = 'web-6d5f8b7c9d-q2w4x') => ({
    uuid: crypto.randomUUID(),
    output: `Shell in ${pod}`,
    priority,
    rule,
    time: new Date().toISOString(),
    source: 'syscall',
    tags: ['T1059'],
    output_fields: { 'k8s.ns.name': ns, 'k8s.pod.name': pod, 'proc.cmdline': `sh -c ${rule}` },
  });

  beforeAll(async () => {
    server = await startIngestServer();
    token = await createIngestToken('falco');
    url = `${server.url}/api/ingest/falco`;
  });
  afterAll(() => server.close());

  it('raises the severity with a more severe alert and explains the grouping', async () => {
    const ns = 'sev-test';
    await post(url, event(ns, 'Warning', 'Read sensitive file untrusted'), { token });
    await post(url, event(ns, 'Critical', 'Drop and execute new binary in container'), { token });
    const incident = await db.incident.findFirstOrThrow({ where: { namespace: ns }, include: { timeline: { orderBy: { id: 'asc' } } } });
    expect(incident).toMatchObject({ severity: 'critical', alertCount: 2, workload: 'web' });
    expect(incident.rules).toEqual(['Drop and execute new binary in container', 'Read sensitive file untrusted']);
    const summaries = incident.timeline.map((t) => `${t.kind}: ${t.summary}`);
    expect(summaries).toContain('correlation: "Drop and execute new binary in container" grouped here: same workload sev-test/Deployment/web within 30 min');
    expect(summaries).toContain('severity_change: Severity raised to critical by a more severe alert');
  });

  it('reopens a resolved incident when its entity alerts again within the window', async () => {
    const ns = 'reopen-test';
    await post(url, event(ns, 'Error'), { token });
    const incident = await db.incident.findFirstOrThrow({ where: { namespace: ns } });
    await db.incident.update({ where: { id: incident.id }, data: { status: 'resolved', phase: 'recovery', resolvedAt: new Date() } });
    await post(url, event(ns, 'Error', 'Launch Suspicious Network Tool in Container'), { token });
    const after = await db.incident.findUniqueOrThrow({ where: { id: incident.id }, include: { timeline: true } });
    expect(after).toMatchObject({ status: 'investigating', reopenCount: 1, resolvedAt: null, alertCount: 2 });
    expect(after.timeline.some((t) => t.kind === 'reopen' && t.summary.startsWith('Reopened'))).toBe(true);
    expect(await db.incident.count({ where: { namespace: ns } })).toBe(1);
  });

  it('opens a new incident once the earlier one is closed', async () => {
    const ns = 'closed-test';
    await post(url, event(ns, 'Error'), { token });
    await db.incident.updateMany({ where: { namespace: ns }, data: { status: 'closed', closedAt: new Date() } });
    await post(url, event(ns, 'Error'), { token });
    expect(await db.incident.count({ where: { namespace: ns } })).toBe(2);
  });

  it('puts every alert in exactly one incident under concurrent load on one workload', async () => {
    const ns = 'race-test';
    const second = await startIngestServer(); // a second replica on the same database
    try {
      await Promise.all(
        Array.from({ length: 30 }, (_, i) => post(`${i % 2 ? second.url : server.url}/api/ingest/falco`, event(ns, 'Error', `rule ${i % 3}`), { token })),
      );
    } finally {
      await second.close();
    }
    expect(await db.incident.count({ where: { namespace: ns } })).toBe(1);
    const incident = await db.incident.findFirstOrThrow({ where: { namespace: ns } });
    expect(incident.alertCount).toBe(30);
    expect(await db.alert.count({ where: { namespace: ns, incidentId: incident.id } })).toBe(30);
  });
});

describe('[INGEST] under overload and without a database', () => {
  useTestDatabase();

  it('answers 503 with Retry-After when the queue is full, and stores what it acknowledged', async () => {
    const server = await startIngestServer({ writer: { maxQueuedAlerts: 2, maxInFlight: 1 } });
    const cluster = await db.cluster.create({ data: { name: 'overload', displayName: 'overload', source: 'reported' } });
    const token = await createIngestToken('falco', cluster.id);
    const ns = 'overload';
    const send = () =>
      post(
        `${server.url}/api/ingest/falco`,
        {
          uuid: crypto.randomUUID(),
          output: 'x',
          priority: 'Error',
          rule: 'r',
          time: new Date().toISOString(),
          output_fields: { 'k8s.ns.name': ns, 'k8s.pod.name': 'p-6d5f8b7c9d-q2w4x' },
        },
        { token },
      );
    // Hold this workload's correlation lock, as a slow commit by another replica would.
    const blocker = await pgPool().connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockId(`${cluster.id}|workload|${ns}/Deployment/p`)]);
      const first = send();
      await new Promise((r) => setTimeout(r, 300));
      const rest = Array.from({ length: 8 }, send);
      await new Promise((r) => setTimeout(r, 500)); // the refusals answer at once; the queued wait
      await blocker.query('COMMIT');
      const all = await Promise.all([first, ...rest]);
      const refused = all.filter((r) => r.status === 503);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0]!.json.error).toBe('overloaded');
      expect(refused[0]!.headers.get('retry-after')).toBe('1');
      const acknowledged = all.filter((r) => r.status === 200).length;
      expect(acknowledged).toBeGreaterThan(0);
      expect(await db.alert.count({ where: { namespace: ns } })).toBe(acknowledged);
    } finally {
      blocker.release();
      await server.close();
    }
  });

  it('answers 503 with Retry-After when the database is down, acknowledging nothing', async () => {
    const saved = process.env.DATABASE_URL!;
    const dead = new URL(saved);
    dead.port = String(await findFreePort()); // nothing listens there
    process.env.DATABASE_URL = dead.toString();
    resetEnvCache();
    const server = await startIngestServer();
    process.env.DATABASE_URL = saved;
    resetEnvCache();
    try {
      const response = await post(
        `${server.url}/api/ingest/falco`,
        { output: 'x', priority: 'Error', rule: 'r', time: new Date().toISOString(), output_fields: { a: 1 } },
        { token: 'cordon_fal_any' },
      );
      expect(response.status).toBe(503);
      expect(response.json.error).toBe('store_unavailable');
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
