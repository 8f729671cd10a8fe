// Several clusters at once: an admin connects one from a pasted kubeconfig (checked by the API
// server, sealed at rest), its watch reports its connection state, and disconnecting it forgets the
// credentials while its history stays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { db } from '../db/client';
import { type AppError } from '../errors';
import { startInventoryWatchers } from '../inventory/watchers';
import { forgetClusterConnection } from '../k8s';
import { startTestCluster, waitFor, type TestCluster } from '../k8s/testing';
import { useTestDatabase } from '../test/database';
import { createTestIncident } from '../test/factories';
import { connectClusterFromKubeconfig, disconnectCluster } from './commands/connect-cluster';

const actor = { type: 'user' as const, id: null, label: 'admin@test.local' };

describe('[CLUSTERS] connecting clusters from Settings', () => {
  useTestDatabase();
  let t: TestCluster;
  beforeAll(async () => {
    t = await startTestCluster();
  });
  afterAll(async () => {
    forgetClusterConnection();
    await t.stop();
  });

  const rejection = async (promise: Promise<unknown>) => (await promise.then(() => null, (e: unknown) => e)) as AppError | null;

  it('connects a cluster, sealed at rest, and its watch reports it connected', async () => {
    const connected = await connectClusterFromKubeconfig({ name: 'prod-eu-1', displayName: 'Production EU', kubeconfig: t.sim.kubeconfig({ user: 'read-only' }) }, actor);
    expect(connected).toMatchObject({ server: t.sim.url, identity: 'cordon-viewer' });
    const row = await db.cluster.findUniqueOrThrow({ where: { id: connected.id } });
    expect(row).toMatchObject({ name: 'prod-eu-1', displayName: 'Production EU', source: 'kubeconfig', identity: 'cordon-viewer' });
    // The application's client never reads the sealed column unless asked to.
    const sealed = await db.cluster.findUniqueOrThrow({ where: { id: connected.id }, select: { kubeconfigEnc: true } });
    expect(sealed.kubeconfigEnc?.length).toBeGreaterThan(100);
    expect(Buffer.from(sealed.kubeconfigEnc!).toString('utf8')).not.toContain(t.sim.tokens.readOnly);
    expect(await db.auditLog.count({ where: { action: 'cluster.register', targetId: connected.id } })).toBe(1);

    const watchers = startInventoryWatchers({ pollIntervalMs: 200, lockRetryMs: 200 });
    try {
      const state = await waitFor(async () => {
        await watchers.tick();
        const { state } = await db.cluster.findUniqueOrThrow({ where: { id: connected.id }, select: { state: true } });
        return state === 'connected' ? state : null;
      }, 'the cluster reported connected', 30_000);
      expect(state).toBe('connected');
    } finally {
      await watchers.stop();
    }
  });

  it('refuses credentials the API server rejects, with its message, and stores nothing', async () => {
    const error = await rejection(connectClusterFromKubeconfig({ name: 'wrong-token', kubeconfig: t.kubeconfigWithToken('not-a-valid-token') }, actor));
    expect(error?.code).toBe('cluster_error');
    expect(error?.userMessage).toMatch(/Unauthorized/);
    expect(error?.userMessage).toMatch(/Nothing was stored/);
    expect(await db.cluster.count({ where: { name: 'wrong-token' } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: 'cluster.connect', outcome: 'failed' } })).toBe(1);
  });

  it('refuses a kubeconfig that would run a program or read a file on the console server', async () => {
    const doc = YAML.parse(t.sim.kubeconfig()) as { users: { user: Record<string, unknown> }[] };
    doc.users[0]!.user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'sh', args: ['-c', 'id > /tmp/pwned'] } };
    const error = await rejection(connectClusterFromKubeconfig({ name: 'exec-plugin', kubeconfig: YAML.stringify(doc) }, actor));
    expect(error?.code).toBe('bad_request');
    expect(error?.userMessage).toMatch(/user\.exec/);
    expect(await db.cluster.count({ where: { name: 'exec-plugin' } })).toBe(0);
  });

  it('says what is wrong with a kubeconfig that cannot be read', async () => {
    const error = await rejection(connectClusterFromKubeconfig({ name: 'garbage', kubeconfig: 'apiVersion: v1\nclusters: []\n' }, actor));
    expect(error?.code).toBe('bad_request');
    expect(error?.userMessage).toMatch(/no current context|could not be read/i);
  });

  it('disconnects: the credentials are deleted, the cluster and its incidents stay', async () => {
    const { id } = await connectClusterFromKubeconfig({ name: 'staging', kubeconfig: t.sim.kubeconfig() }, actor);
    const incident = await createTestIncident({ clusterId: id });
    await disconnectCluster(id, actor);
    const row = await db.cluster.findUniqueOrThrow({ where: { id }, select: { source: true, kubeconfigEnc: true, stateMessage: true } });
    expect(row).toEqual({ source: 'reported', kubeconfigEnc: null, stateMessage: 'Disconnected: no credentials' });
    expect(await db.incident.findUnique({ where: { id: incident.id }, select: { clusterId: true } })).toEqual({ clusterId: id });
    expect(await db.auditLog.count({ where: { action: 'cluster.disconnect', targetId: id } })).toBe(1);

    // Connecting it again under the same name resumes the same cluster.
    const again = await connectClusterFromKubeconfig({ name: 'staging', kubeconfig: t.sim.kubeconfig() }, actor);
    expect(again.id).toBe(id);
  });
});
