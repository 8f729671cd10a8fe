import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../db/client';
import { useTestDatabase } from '../test/database';
import { createIngestToken, post, startIngestServer } from '../test/ingest-server';

const read = (dir: string, name: string) => readFileSync(path.join(import.meta.dirname, '../../fixtures', dir, name), 'utf8');
const eventList = (...items: unknown[]) => ({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items });
const auditFixture = (name: string, overrides: Record<string, unknown> = {}) => {
  const { kind: _kind, apiVersion: _apiVersion, ...event } = JSON.parse(read('k8s-audit', name)) as Record<string, unknown>;
  return { ...event, auditID: crypto.randomUUID(), ...overrides };
};

describe('[INGEST] Kubernetes audit webhook', () => {
  useTestDatabase();
  let server: Awaited<ReturnType<typeof startIngestServer>>;
  let token: string;
  let url: string;

  beforeAll(async () => {
    process.env.CORDON_BASELINE_LEARNING_MINUTES = '0';
    server = await startIngestServer();
    token = await createIngestToken('k8s_audit');
    url = `${server.url}/api/ingest/k8s-audit`;
  });
  afterAll(async () => {
    delete process.env.CORDON_BASELINE_LEARNING_MINUTES;
    await server.close();
  });

  it('accepts the real webhook EventLists', async () => {
    for (const name of ['eventlist-webhook-pod-create-RequestReceived.json', 'eventlist-webhook-pod-create-ResponseComplete.json']) {
      const response = await post(url, read('k8s-audit', name), { token });
      expect(response.status, JSON.stringify(response.json)).toBe(200);
      expect(response.json.received).toBeGreaterThan(0);
    }
  });

  it('detects exec into a pod, once per request whatever the stages', async () => {
    const exec = auditFixture('event-exec-pod-v1-kubectl-1.29.json');
    const later = { ...exec, stage: 'ResponseComplete' };
    const response = await post(url, eventList(exec, later), { token });
    // The exec alert, plus "identity never seen before" for mayor-malware; the second stage repeats both.
    expect(response.json).toMatchObject({ received: 2, accepted: 2, duplicates: 2 });
    const alert = await db.alert.findFirstOrThrow({ where: { sourceEventId: `${exec.auditID}:pod-exec` } });
    expect(alert).toMatchObject({
      source: 'k8s_audit',
      rule: 'Kubernetes exec into pod',
      severity: 'high',
      principal: 'mayor-malware',
      namespace: 'wareville',
      pod: 'morality-checker',
      process: '/bin/sh',
      techniques: ['T1609', 'MS-TA9006'],
    });
  });

  it('flags a ClusterRoleBinding to cluster-admin as critical, about the grantee', async () => {
    const binding = auditFixture('event-create-clusterrolebinding-cluster-admin-2018.json');
    await post(url, eventList(binding), { token });
    const alert = await db.alert.findFirstOrThrow({ where: { sourceEventId: `${binding.auditID}:rbac-wide-grant` } });
    expect(alert).toMatchObject({ rule: 'ClusterRoleBinding to cluster-admin', severity: 'critical', principal: 'minikube' });
    const incident = await db.incident.findUniqueOrThrow({ where: { id: alert.incidentId! } });
    expect(incident.correlationKey).toMatch(/\|principal\|minikube$/);
  });

  it('alerts on a service account reading a secret for the first time only, and never stores secret values', async () => {
    const read1 = auditFixture('event-secret-get-by-serviceaccount-v1.json');
    const read2 = auditFixture('event-secret-get-by-serviceaccount-v1.json');
    const first = await post(url, eventList(read1), { token });
    const second = await post(url, eventList(read2), { token });
    expect(first.json.accepted).toBe(1);
    expect(second.json.accepted).toBe(0);
    const alert = await db.alert.findFirstOrThrow({ where: { sourceEventId: `${read1.auditID}:sa-secret-read` } });
    expect(alert.rule).toBe('Secret read by a service account for the first time');
    const raw = JSON.stringify(alert.raw);
    const original = JSON.stringify(read1);
    const secretValue = /"data":\{"[^"]+":"([^"]+)"/.exec(original)?.[1];
    if (secretValue) expect(raw).not.toContain(secretValue);
    expect(raw).not.toMatch(/"data":\{"[^"]+":"(?!\[redacted\])/);
  });

  it('learns image sources from controllers silently and flags a new one deployed by a person', async () => {
    const byController = auditFixture('event-create-privileged-pod-by-replicaset-controller-2018.json');
    expect((await post(url, eventList(byController), { token })).json.accepted).toBe(0);
    const rogue = {
      auditID: crypto.randomUUID(),
      level: 'Request',
      stage: 'ResponseComplete',
      verb: 'create',
      requestURI: '/apis/apps/v1/namespaces/shop/deployments',
      user: { username: 'mallory@example.com', groups: ['system:authenticated'] },
      objectRef: { resource: 'deployments', namespace: 'shop', apiGroup: 'apps', apiVersion: 'v1' },
      responseStatus: { code: 201 },
      requestObject: {
        kind: 'Deployment',
        metadata: { name: 'helper' },
        spec: { template: { spec: { containers: [{ name: 'm', image: 'registry.evil.example/tools/miner:1' }] } } },
      },
      stageTimestamp: new Date().toISOString(),
    };
    const response = await post(url, eventList(rogue), { token });
    const rules = (await db.alert.findMany({ where: { sourceEventId: { startsWith: rogue.auditID } } })).map((a) => a.rule).sort();
    expect(rules).toEqual([
      'Request by an identity never seen before',
      'Workload deployed outside the CD pipeline',
      'Workload from a registry never seen before',
    ]);
    expect(response.json.accepted).toBe(3);
    const incidents = new Set((await db.alert.findMany({ where: { sourceEventId: { startsWith: rogue.auditID } } })).map((a) => a.incidentId));
    expect(incidents.size).toBeGreaterThanOrEqual(1);
  });

  it('rejects anything but an audit EventList, naming the field', async () => {
    const single = await post(url, read('k8s-audit', 'event-exec-pod-v1-kubectl-1.29.json'), { token });
    expect(single.status).toBe(400);
    expect(single.json.field).toBe('kind');
    const missingId = await post(url, eventList({ ...auditFixture('event-exec-pod-v1-kubectl-1.29.json'), auditID: undefined }), { token });
    expect(missingId).toMatchObject({ status: 400, json: { field: 'items[0].auditID' } });
  });
});

describe('[INGEST] Alertmanager webhook', () => {
  useTestDatabase();
  let server: Awaited<ReturnType<typeof startIngestServer>>;
  let token: string;
  let url: string;

  beforeAll(async () => {
    server = await startIngestServer();
    token = await createIngestToken('alertmanager');
    url = `${server.url}/api/ingest/alertmanager`;
  });
  afterAll(() => server.close());

  it('accepts the real payloads; a redelivery of the same occurrences is counted once', async () => {
    const firing = read('alertmanager', 'webhook-v4-firing-3-alerts-2019.json');
    const first = await post(url, firing, { token });
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    expect(first.json).toMatchObject({ received: 3, accepted: 3, duplicates: 0 });
    expect((await post(url, firing, { token })).json).toMatchObject({ accepted: 0, duplicates: 3 });
    for (const name of ['webhook-v4-resolved-k8s-with-fingerprint.json', 'webhook-v4-minimal-msteams-testdata.json']) {
      const response = await post(url, read('alertmanager', name), { token });
      expect(response.status, `${name}: ${JSON.stringify(response.json)}`).toBe(200);
    }
    const resolved = await db.alert.findFirstOrThrow({ where: { sourceEventId: { startsWith: 'fbab788ec4c1018b|' } } });
    expect(resolved).toMatchObject({ rule: 'Deployment', severity: 'medium', namespace: 'eric-eo-cm-ci406', workload: 'eric-log-transformer' });
  });

  it('rejects another webhook version', async () => {
    const response = await post(url, { version: '1', status: 'firing', alerts: [] }, { token });
    expect(response).toMatchObject({ status: 400, json: { field: 'version' } });
  });
});
