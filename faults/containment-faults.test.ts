// Faults during containment, against the simulator through the real @kubernetes/client-node:
// - the cluster API goes away in the middle of an action: the action is recorded as failed with
//   the reason and the steps it did finish; a retry after recovery completes it;
// - the console instance running an action is killed: the action is not left "running" forever
//   (the scheduler marks it failed as interrupted) and a retry completes it.
import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seal } from '../lib/crypto/seal';
import { db } from '../lib/db/client';
import { executeAction } from '../lib/containment/commands/execute-action';
import { previewAction } from '../lib/containment/commands/preview-action';
import { failInterruptedActions } from '../lib/containment/jobs';
import type { ActionKind, Target } from '../lib/containment/schemas';
import { forgetClusterConnection, getNode } from '../lib/k8s';
import { startTestCluster, waitFor, type TestCluster } from '../lib/k8s/testing';
import { useTestDatabase } from '../lib/test/database';
import { createTestIncident, createTestUser, testActor } from '../lib/test/factories';
import { projectRoot } from '../scripts/lib/prisma-cli';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

let t: TestCluster;
let proxy: TcpProxy;
beforeAll(async () => {
  t = await startTestCluster();
  proxy = await startTcpProxy(t.sim.port);
});
afterAll(async () => {
  forgetClusterConnection();
  await proxy.close();
  await t.stop();
});

describe('[FAULTS] containment when the cluster API or the console fails', () => {
  useTestDatabase();
  let clusterId = '';
  let incidentId = 0;
  let actor: ReturnType<typeof testActor>;

  beforeAll(async () => {
    actor = testActor(await createTestUser('responder'));
    // The console reaches the API server through the proxy, so the test can take it away.
    const kubeconfig = t.sim.kubeconfig().replace(`127.0.0.1:${t.sim.port}`, `127.0.0.1:${proxy.port}`);
    const cluster = await db.cluster.create({
      data: { name: 'faulty', displayName: 'Faulty', source: 'kubeconfig', kubeconfigEnc: new Uint8Array(seal(kubeconfig)) },
      select: { id: true },
    });
    clusterId = cluster.id;
    incidentId = (await createTestIncident({ clusterId })).id;
  });

  afterEach(() => proxy.forward());

  let keys = 0;
  const preview = (kind: ActionKind, target: Target) =>
    previewAction({ clusterId, incidentId, kind, target, params: {}, idempotencyKey: `fault-key-${Date.now()}-${(keys += 1)}` }, actor);

  it('the API server goes away after the first step: failed with the reason and the steps done; a retry after recovery completes it', async () => {
    const planned = await preview('quarantine_node', { kind: 'node', name: 'demo-worker-1' });
    expect(planned.status).toBe('previewed');

    // Cut the API server off while it serves the action's second write to the node (the first,
    // the cordon, has been answered): the connection drops before the answer reaches the console.
    let writes = 0;
    const unsubscribe = t.sim.audit.subscribe((event) => {
      if (event.verb === 'patch' && event.objectRef?.resource === 'nodes' && event.objectRef.name === 'demo-worker-1' && event.stage === 'ResponseComplete' && !event.requestURI.includes('dryRun')) {
        if ((writes += 1) === 2) void proxy.cut();
      }
    });
    let failed;
    try {
      failed = await executeAction({ actionId: planned.id }, actor);
    } finally {
      unsubscribe();
    }
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toBe('Unreachable');
    expect(failed.error?.message).toMatch(/did not answer|unreachable|refused/i);
    // Nothing half-done is hidden: the first step is listed as done, a later one as failed.
    const steps = failed.outcome?.steps ?? [];
    expect(steps[0]?.ok).toBe(true);
    expect(steps.some((s) => !s.ok)).toBe(true);
    expect((await getNode(t.admin, 'demo-worker-1')).unschedulable).toBe(true); // the cordon did happen
    const row = await db.containmentAction.findUniqueOrThrow({ where: { id: planned.id } });
    expect(row).toMatchObject({ status: 'failed', errorCode: 'Unreachable' });
    expect(await db.auditLog.count({ where: { targetId: planned.id, outcome: 'failed' } })).toBeGreaterThan(0);
    expect(await db.timelineEntry.count({ where: { incidentId, kind: 'containment', summary: { contains: 'FAILED after 1 of 3 change(s)' } } })).toBe(1);

    await proxy.forward();
    const retried = await executeAction({ actionId: planned.id }, actor);
    expect(retried.status).toBe('succeeded');
    expect(retried.outcome?.steps[0]).toMatchObject({ ok: true, alreadyDone: true });
    const node = await getNode(t.admin, 'demo-worker-1');
    expect(node.unschedulable).toBe(true);
    expect(node.taints.length).toBeGreaterThan(0);
  });

  it('the console instance is killed mid-action: marked failed as interrupted, not "running" forever; a retry completes it', async () => {
    const planned = await preview('cordon_node', { kind: 'node', name: 'demo-worker-2' });
    expect(planned.status).toBe('previewed');

    // Another process (a console instance) runs the action; the API server hangs, then the
    // instance is killed while the action is running.
    proxy.stall();
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', './scripts/lib/register-hooks.mjs', 'faults/support/execute-in-child.ts', planned.id, JSON.stringify(actor)], {
      cwd: projectRoot,
      env: { ...process.env, LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      await waitFor(async () => (await db.containmentAction.findUniqueOrThrow({ where: { id: planned.id } })).status === 'running', 'the action running in the other instance', 30_000);
      child.kill('SIGKILL');
      await exited;
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await proxy.forward();
    }
    expect((await db.containmentAction.findUniqueOrThrow({ where: { id: planned.id } })).status).toBe('running');

    // Within the stuck threshold nothing is touched (the instance might still be working)...
    expect(await failInterruptedActions(new Date())).toBe(0);
    // ...past it, the scheduler on any surviving instance marks the action failed, with the reason.
    expect(await failInterruptedActions(new Date(Date.now() + 6 * 60_000))).toBe(1);
    const interrupted = await db.containmentAction.findUniqueOrThrow({ where: { id: planned.id } });
    expect(interrupted).toMatchObject({ status: 'failed', errorCode: 'Interrupted' });
    expect(interrupted.errorMessage).toMatch(/stopped before it finished/);
    expect(await db.timelineEntry.count({ where: { incidentId, summary: { contains: 'interrupted' } } })).toBe(1);

    const retried = await executeAction({ actionId: planned.id }, actor);
    expect(retried.status).toBe('succeeded');
    expect((await getNode(t.admin, 'demo-worker-2')).unschedulable).toBe(true);
  }, 60_000);
});
