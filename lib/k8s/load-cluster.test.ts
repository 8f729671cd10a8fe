import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal } from '../crypto/seal';
import { db } from '../db/client';
import { useTestDatabase } from '../test/database';
import { whoAmI } from './access';
import { forgetClusterConnection } from './connection';
import type { K8sError } from './errors';
import { loadClusterConnection } from './load-cluster';
import { rejectionOf, startTestCluster, type TestCluster } from './testing';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster();
});
afterAll(async () => {
  forgetClusterConnection();
  await t.stop();
});

describe('[K8S] connections for registered clusters', () => {
  useTestDatabase();

  it('opens the sealed kubeconfig and connects with the stored context', async () => {
    const cluster = await db.cluster.create({
      data: { name: 'sim-read-only', displayName: 'Simulator', source: 'kubeconfig', kubeconfigEnc: new Uint8Array(seal(t.sim.kubeconfig())), context: 'cordon-sim-read-only' },
      select: { id: true },
    });
    const conn = await loadClusterConnection(cluster.id);
    expect(conn.server).toBe(t.sim.url);
    expect((await whoAmI(conn)).username).toBe('cordon-viewer');
    expect(await loadClusterConnection(cluster.id)).toBe(conn);
  });

  it('says so when the cluster is unknown or has no credentials', async () => {
    expect(((await rejectionOf(loadClusterConnection('no-such-cluster'))) as K8sError).kind).toBe('NotFound');
    const reported = await db.cluster.create({ data: { name: 'reported-only', displayName: 'Reported', source: 'reported' }, select: { id: true } });
    expect((await rejectionOf(loadClusterConnection(reported.id))) as K8sError).toMatchObject({ kind: 'Invalid', message: 'Cluster "reported-only" has no stored kubeconfig.' });
  });
});
