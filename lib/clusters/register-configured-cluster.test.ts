import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../db/client';
import { forgetClusterConnection, listPods } from '../k8s';
import { loadClusterConnection } from '../k8s/load-cluster';
import { startTestCluster, type TestCluster } from '../k8s/testing';
import { useTestDatabase } from '../test/database';
import { registerConfiguredCluster } from './commands/register-configured-cluster';

describe('[CLUSTERS] the cluster given by KUBECONFIG', () => {
  useTestDatabase();
  let t: TestCluster;
  let dir = '';
  beforeAll(async () => {
    t = await startTestCluster();
    dir = await mkdtemp(path.join(os.tmpdir(), 'cordon-kubeconfig-'));
  });
  afterAll(async () => {
    forgetClusterConnection();
    await t.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('is registered with its context name, server and the identity the API server reports, sealed at rest', async () => {
    const file = path.join(dir, 'admin.kubeconfig');
    await t.sim.writeKubeconfig(file);
    const registered = await registerConfiguredCluster({ kind: 'kubeconfig', path: file }, { type: 'system', id: null, label: 'test' });
    expect(registered).toMatchObject({ server: t.sim.url, identity: 'kubernetes-admin' });
    const row = await db.cluster.findUniqueOrThrow({ where: { id: registered.id } });
    expect(row).toMatchObject({ source: 'kubeconfig', name: registered.name, identity: 'kubernetes-admin' });
    const sealed = await db.cluster.findUniqueOrThrow({ where: { id: registered.id }, select: { kubeconfigEnc: true } });
    expect(Buffer.from(sealed.kubeconfigEnc!).toString('utf8')).not.toContain(t.sim.tokens.admin);
    const conn = await loadClusterConnection(registered.id);
    expect((await listPods(conn, { namespace: 'shop' })).length).toBeGreaterThan(0);

    // Registering again (the next start, rotated credentials) keeps the same cluster.
    const readOnly = path.join(dir, 'ro.kubeconfig');
    await t.sim.writeKubeconfig(readOnly, { user: 'read-only' });
    const again = await registerConfiguredCluster({ kind: 'kubeconfig', path: readOnly, name: registered.name }, { type: 'system', id: null, label: 'test' });
    expect(again.id).toBe(registered.id);
    expect(again.identity).toBe('cordon-viewer');
  });
});
