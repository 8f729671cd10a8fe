import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../db/client';
import { forgetClusterConnection, listPods } from '../k8s';
import { loadClusterConnection } from '../k8s/load-cluster';
import { startTestCluster, waitFor, type TestCluster } from '../k8s/testing';
import { resetEnvCache } from '../env';
import { startInventoryWatchers } from '../inventory/watchers';
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

  it('in a pod: the service account token is used, nothing is stored, and its watch fills the inventory', async () => {
    // What the kubelet mounts into a pod, under a folder of the test's own.
    const root = path.join(dir, 'pod');
    const mount = path.join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
    await mkdir(mount, { recursive: true });
    await writeFile(path.join(mount, 'token'), t.sim.tokens.admin);
    await writeFile(path.join(mount, 'ca.crt'), t.sim.caCertificate);
    await writeFile(path.join(mount, 'namespace'), 'cordon');
    const saved = { ...process.env };
    Object.assign(process.env, { CORDON_SERVICE_ACCOUNT_ROOT: root, KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(t.sim.port) });
    resetEnvCache();
    const watchers = startInventoryWatchers({ pollIntervalMs: 200, lockRetryMs: 200 });
    try {
      const registered = await registerConfiguredCluster({ kind: 'in_cluster' }, { type: 'system', id: null, label: 'test' });
      expect(registered).toMatchObject({ name: 'in-cluster', identity: 'kubernetes-admin' });
      const row = await db.cluster.findUniqueOrThrow({ where: { id: registered.id }, select: { source: true, kubeconfigEnc: true } });
      expect(row).toEqual({ source: 'in_cluster', kubeconfigEnc: null });

      await waitFor(async () => {
        await watchers.tick();
        const cluster = await db.cluster.findUniqueOrThrow({ where: { id: registered.id }, select: { state: true } });
        const pods = await db.clusterObject.count({ where: { clusterId: registered.id, kind: 'Pod', deletedAt: null } });
        return cluster.state === 'connected' && pods > 0;
      }, 'the in-cluster cluster watched and connected', 30_000);
    } finally {
      await watchers.stop();
      process.env = saved;
      resetEnvCache();
      forgetClusterConnection();
    }
  });
});
