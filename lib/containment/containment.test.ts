// Containment against the simulator through the real @kubernetes/client-node: plan, dry run,
// execute, verify (state and, for isolation, effect on the pod's flows), record and undo.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/verify-chain';
import { seal } from '../crypto/seal';
import { db } from '../db/client';
import { type AppError } from '../errors';
import { useEvidenceDir } from '../evidence/test-helpers';
import { forgetClusterConnection, getNode, getWorkload, listNetworkPolicies, listPods, getServiceAccount, getBinding } from '../k8s';
import { rejectionOf, startTestCluster, waitFor, type TestCluster } from '../k8s/testing';
import { useTestDatabase } from '../test/database';
import { createTestIncident, createTestUser, testActor } from '../test/factories';
import { createIngestToken, post, startIngestServer } from '../test/ingest-server';
import { approveAction } from './commands/approve-action';
import { executeAction } from './commands/execute-action';
import { previewAction } from './commands/preview-action';
import { updateContainmentSettings } from './commands/update-settings';
import { undoAction } from './commands/undo-action';
import { QUARANTINE_LABEL } from './catalog';
import { checkIsolationEffects, releaseExpiredQuarantines } from './jobs';
import type { ActionKind, ActionParams, Target } from './schemas';

const KUBECTL = '/usr/bin/kubectl';
const run = promisify(execFile);

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster();
});
afterAll(async () => {
  forgetClusterConnection();
  await t.stop();
});

describe('[CONTAINMENT] actions against the simulator', () => {
  useTestDatabase();
  useEvidenceDir();
  let clusterId = '';
  let readOnlyClusterId = '';
  let actor: ReturnType<typeof testActor>;

  beforeAll(async () => {
    const user = await createTestUser('responder');
    actor = testActor(user);
    const cluster = await db.cluster.create({
      data: { name: 'sim', displayName: 'Simulator', source: 'kubeconfig', kubeconfigEnc: new Uint8Array(seal(t.sim.kubeconfig())) },
      select: { id: true },
    });
    clusterId = cluster.id;
    const readOnly = await db.cluster.create({
      data: { name: 'sim-ro', displayName: 'Simulator (read-only)', source: 'kubeconfig', kubeconfigEnc: new Uint8Array(seal(t.sim.kubeconfig({ user: 'read-only' }))) },
      select: { id: true },
    });
    readOnlyClusterId = readOnly.id;
  });

  let keys = 0;
  const preview = async (kind: ActionKind, target: Target, options: { params?: ActionParams; incidentId?: number | null; cluster?: string } = {}) =>
    await previewAction(
      { clusterId: options.cluster ?? clusterId, incidentId: options.incidentId ?? null, kind, target, params: options.params ?? {}, idempotencyKey: `test-key-${Date.now()}-${(keys += 1)}` },
      actor,
    );
  const podOf = async (namespace: string, app: string) => {
    const pods = await listPods(t.admin, { namespace, labelSelector: `app.kubernetes.io/name=${app}` });
    const pod = pods.find((p) => !p.deletionTimestamp);
    if (!pod) throw new Error(`no ${app} pod in ${namespace}`);
    return pod;
  };

  it('isolates one pod: dry run changes nothing, execution is verified, the pod\'s flows stop, undo restores it', async () => {
    const incident = await createTestIncident({ clusterId });
    const pod = await podOf('shop', 'frontend');
    const siblings = (await listPods(t.admin, { namespace: 'shop', labelSelector: 'app.kubernetes.io/name=frontend' })).filter((p) => p.name !== pod.name);
    const target: Target = { kind: 'pod', namespace: 'shop', name: pod.name };

    const planned = await preview('isolate_pod', target, { incidentId: incident.id });
    expect(planned.status).toBe('previewed');
    expect(planned.dryRun?.ok).toBe(true);
    expect(planned.dryRun?.steps).toHaveLength(2);
    expect(planned.plan?.changes.join('\n')).toMatch(/NetworkPolicy shop\/cordon-quarantine-/);
    expect(planned.plan?.blastRadius.pods).toEqual([`shop/${pod.name}`]);
    // The dry run was sent with dryRun=All: nothing changed.
    expect((await listNetworkPolicies(t.admin, 'shop')).some((p) => p.name.startsWith('cordon-quarantine-'))).toBe(false);
    expect((await podOf('shop', 'frontend')).labels[QUARANTINE_LABEL] ?? (await listPods(t.admin, { namespace: 'shop', labelSelector: QUARANTINE_LABEL })).length).toBe(0);

    const done = await executeAction({ actionId: planned.id }, actor);
    expect(done.status).toBe('succeeded');
    expect(done.verification?.ok).toBe(true);
    expect(done.verification?.checks.map((c) => c.detail).join('\n')).toMatch(new RegExp(`selects 1 pod\\(s\\): ${pod.name}`));
    const policy = (await listNetworkPolicies(t.admin, 'shop')).find((p) => p.name.startsWith('cordon-quarantine-'));
    expect(policy?.policyTypes).toEqual(['Ingress', 'Egress']);
    expect((await listPods(t.admin, { namespace: 'shop', labelSelector: QUARANTINE_LABEL })).map((p) => p.name)).toEqual([pod.name]);

    // The effect: the simulator's traffic from this pod is dropped (DNS aside); its siblings still talk.
    for (let i = 0; i < 20; i += 1) t.sim.flows.tick();
    const flows = t.sim.flows.recent().slice(-2_000);
    const fromPod = flows.filter((f) => (f.flow.source as { pod_name?: string } | undefined)?.pod_name === pod.name && (f.flow.l4 as { UDP?: unknown } | undefined)?.UDP === undefined);
    expect(fromPod.length).toBeGreaterThan(0);
    expect(fromPod.every((f) => f.flow.verdict === 'DROPPED')).toBe(true);
    const fromSiblings = flows.filter((f) => siblings.some((s) => (f.flow.source as { pod_name?: string } | undefined)?.pod_name === s.name));
    expect(fromSiblings.some((f) => f.flow.verdict === 'FORWARDED')).toBe(true);

    // Recorded: incident contained, timeline and audit entries, a chain that still verifies.
    const after = await db.incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(after.containedAt).not.toBeNull();
    expect(after.phase).toBe('containment');
    const timeline = await db.timelineEntry.findMany({ where: { incidentId: incident.id }, orderBy: { at: 'asc' } });
    expect(timeline.map((e) => e.summary).join('\n')).toMatch(/Isolate pod on pod shop\/.* done and verified/);
    const audit = await db.auditLog.findMany({ where: { targetId: planned.id }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['containment.preview', 'containment.execute', 'containment.outcome']);
    expect(audit.every((a) => a.actorId === actor.id)).toBe(true);

    const undone = await undoAction(planned.id, actor);
    expect(undone.status).toBe('succeeded');
    expect(undone.undoOf).toBe(planned.id);
    expect((await listNetworkPolicies(t.admin, 'shop')).some((p) => p.name === policy?.name)).toBe(false);
    expect((await listPods(t.admin, { namespace: 'shop', labelSelector: QUARANTINE_LABEL })).length).toBe(0);
    expect((await db.containmentAction.findUniqueOrThrow({ where: { id: planned.id } })).status).toBe('undone');
    expect(((await rejectionOf(undoAction(planned.id, actor))) as AppError).userMessage).toBe('This action was already undone.');
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('is idempotent: the same key previews once, executing twice runs once', async () => {
    const pod = await podOf('shop', 'ad-service');
    const input = { clusterId, incidentId: null, kind: 'isolate_pod' as const, target: { kind: 'pod' as const, namespace: 'shop', name: pod.name }, params: {}, idempotencyKey: 'same-key-12345' };
    const first = await previewAction(input, actor);
    expect((await previewAction(input, actor)).id).toBe(first.id);
    const [a, b] = await Promise.all([executeAction({ actionId: first.id }, actor), executeAction({ actionId: first.id }, actor)]);
    // One call runs it; the other finds it claimed and returns it as it stands.
    expect([a.status, b.status]).toContain('succeeded');
    expect(['running', 'succeeded']).toContain(a.status === 'succeeded' ? b.status : a.status);
    const final = await db.containmentAction.findUniqueOrThrow({ where: { id: first.id } });
    expect(final.status).toBe('succeeded');
    expect((await listNetworkPolicies(t.admin, 'shop')).filter((p) => p.annotations['cordon.io/action'] === first.id)).toHaveLength(1);
    expect(await db.auditLog.count({ where: { targetId: first.id, action: 'containment.execute' } })).toBe(1);
    await undoAction(first.id, actor);
  });

  it('blocks only the attacker\'s egress while the rest keeps flowing', async () => {
    const pod = await podOf('shop', 'storefront');
    const planned = await preview('block_egress', { kind: 'pod', namespace: 'shop', name: pod.name }, { params: { cidrs: ['203.0.113.66/32'], ports: [3333] } });
    expect(planned.status).toBe('previewed');
    const done = await executeAction({ actionId: planned.id }, actor);
    expect(done.status).toBe('succeeded');
    const policy = (await listNetworkPolicies(t.admin, 'shop')).find((p) => p.name.startsWith('cordon-block-'));
    expect(policy?.policyTypes).toEqual(['Egress']);
    expect(JSON.stringify(policy?.egress)).toContain('203.0.113.66/32');
    for (let i = 0; i < 10; i += 1) t.sim.flows.tick();
    const fromPod = t.sim.flows.recent().slice(-1_000).filter((f) => (f.flow.source as { pod_name?: string } | undefined)?.pod_name === pod.name);
    expect(fromPod.some((f) => f.flow.verdict === 'FORWARDED')).toBe(true);
    await undoAction(planned.id, actor);
    expect((await listNetworkPolicies(t.admin, 'shop')).some((p) => p.name === policy?.name)).toBe(false);
  });

  it('refuses a plan that makes no sense, naming what is missing', async () => {
    const pod = await podOf('shop', 'storefront');
    const failed = await preview('block_egress', { kind: 'pod', namespace: 'shop', name: pod.name });
    expect(failed).toMatchObject({ status: 'failed', error: { message: 'Name the addresses (CIDRs) or ports to block.' } });
    expect(((await rejectionOf(executeAction({ actionId: failed.id }, actor))) as AppError).userMessage).toMatch(/preview failed/);
    const wrongTarget = await rejectionOf(preview('cordon_node', { kind: 'pod', namespace: 'shop', name: pod.name }));
    expect((wrongTarget as AppError).userMessage).toBe('Cordon node applies to node, not to a pod.');
  });

  it('quarantines a node (cordon, label, taint) and undoes all three', async () => {
    const planned = await preview('quarantine_node', { kind: 'node', name: 'demo-worker-3' });
    expect(planned.plan?.blastRadius.notes[0]).toMatch(/pod\(s\) run on demo-worker-3/);
    expect((await getNode(t.admin, 'demo-worker-3')).unschedulable).toBe(false);
    const done = await executeAction({ actionId: planned.id }, actor);
    expect(done.status).toBe('succeeded');
    const node = await getNode(t.admin, 'demo-worker-3');
    expect(node.unschedulable).toBe(true);
    expect(node.labels[QUARANTINE_LABEL]).toBeDefined();
    expect(node.taints.some((x) => x.key === QUARANTINE_LABEL && x.effect === 'NoSchedule')).toBe(true);
    await undoAction(planned.id, actor);
    const restored = await getNode(t.admin, 'demo-worker-3');
    expect(restored.unschedulable).toBe(false);
    expect(restored.labels[QUARANTINE_LABEL]).toBeUndefined();
    expect(restored.taints.some((x) => x.key === QUARANTINE_LABEL)).toBe(false);
  });

  it('labels a node and restores the label it had', async () => {
    const before = (await getNode(t.admin, 'demo-worker-2')).labels;
    const planned = await preview('label_node', { kind: 'node', name: 'demo-worker-2' }, { params: { labelKey: 'topology.kubernetes.io/zone', labelValue: 'quarantine' } });
    await executeAction({ actionId: planned.id }, actor);
    expect((await getNode(t.admin, 'demo-worker-2')).labels['topology.kubernetes.io/zone']).toBe('quarantine');
    await undoAction(planned.id, actor);
    expect((await getNode(t.admin, 'demo-worker-2')).labels['topology.kubernetes.io/zone']).toBe(before['topology.kubernetes.io/zone']);
  });

  it('scales a workload to zero after capturing evidence, and scales it back', async () => {
    const incident = await createTestIncident({ clusterId });
    const target: Target = { kind: 'workload', workloadKind: 'Deployment', namespace: 'shop', name: 'recommendation' };
    const before = await getWorkload(t.admin, 'Deployment', 'shop', 'recommendation');
    const planned = await preview('scale_to_zero', target, { incidentId: incident.id });
    expect(planned.destructive).toBe(true);
    expect(((await rejectionOf(executeAction({ actionId: planned.id, confirmation: 'wrong' }, actor))) as AppError).userMessage).toBe(
      'Type the name of the target (recommendation) to confirm this scale to zero.',
    );
    expect((await getWorkload(t.admin, 'Deployment', 'shop', 'recommendation')).replicas).toBe(before.replicas);

    const done = await executeAction({ actionId: planned.id, confirmation: 'recommendation' }, actor);
    expect(done.status).toBe('succeeded');
    expect((await getWorkload(t.admin, 'Deployment', 'shop', 'recommendation')).replicas).toBe(0);
    // Evidence first: every pod's manifest, logs (previous too: it restarted) and forensics, hashed.
    const evidence = await db.evidence.findMany({ where: { actionId: planned.id }, include: { custody: true } });
    const kinds = new Set(evidence.map((e) => e.kind));
    for (const kind of ['manifest', 'logs', 'process_list', 'connections', 'environment']) expect(kinds).toContain(kind);
    expect(evidence.every((e) => /^[0-9a-f]{64}$/.test(e.sha256) && e.custody.length >= 1)).toBe(true);
    const firstEvidence = Math.min(...evidence.map((e) => e.collectedAt.getTime()));
    expect(firstEvidence).toBeLessThanOrEqual(new Date(done.finishedAt!).getTime());
    const env = evidence.find((e) => e.kind === 'environment');
    expect(env?.description).toMatch(/redacted/);

    await undoAction(planned.id, actor);
    expect((await getWorkload(t.admin, 'Deployment', 'shop', 'recommendation')).replicas).toBe(before.replicas);
  });

  it('records a skipped evidence capture with its reason, and refuses a skip without one', async () => {
    const pod = await podOf('shop', 'loadgenerator');
    const planned = await preview('delete_pod', { kind: 'pod', namespace: 'shop', name: pod.name });
    expect(((await rejectionOf(executeAction({ actionId: planned.id, confirmation: pod.name, skipEvidence: true }, actor))) as AppError).userMessage).toMatch(/Say why evidence is skipped/);
    const done = await executeAction({ actionId: planned.id, confirmation: pod.name, skipEvidence: true, skipReason: 'pod is spreading; no time' }, actor);
    expect(done).toMatchObject({ status: 'succeeded', evidenceSkipped: true, skipReason: 'pod is spreading; no time', canUndo: false });
    expect(await db.evidence.count({ where: { actionId: planned.id } })).toBe(0);
    const audit = await db.auditLog.findFirstOrThrow({ where: { targetId: planned.id, action: 'containment.execute' } });
    expect(JSON.stringify(audit.details)).toMatch(/evidence skipped: pod is spreading; no time/);
    const remaining = await listPods(t.admin, { namespace: 'shop', fieldSelector: `metadata.name=${pod.name}` });
    expect(remaining.every((p) => p.deletionTimestamp !== null)).toBe(true);
  });

  it('revokes a service account (bindings backed up, automount off, pods restarted) and restores its bindings', async () => {
    const planned = await preview('revoke_service_account', { kind: 'service_account', namespace: 'api', name: 'checkout' });
    expect(planned.status).toBe('previewed');
    expect(planned.plan?.changes.join('\n')).toMatch(/checkout-config-reader/);
    const done = await executeAction({ actionId: planned.id, confirmation: 'checkout' }, actor);
    expect(done.status).toBe('succeeded');
    await expect(getBinding(t.admin, 'RoleBinding', 'api', 'checkout-config-reader')).rejects.toMatchObject({ kind: 'NotFound' });
    expect((await getServiceAccount(t.admin, 'api', 'checkout')).automountServiceAccountToken).toBe(false);
    expect(done.verification?.ok).toBe(true);

    const undone = await undoAction(planned.id, actor);
    expect(undone.status).toBe('succeeded');
    const binding = await getBinding(t.admin, 'RoleBinding', 'api', 'checkout-config-reader');
    expect(binding.subjects).toEqual([expect.objectContaining({ kind: 'ServiceAccount', name: 'checkout', namespace: 'api' })]);
    expect((await getServiceAccount(t.admin, 'api', 'checkout')).automountServiceAccountToken).not.toBe(false);
  });

  it('checks a drain against PodDisruptionBudgets in the dry run, before anything changes', async () => {
    const postgres = (await listPods(t.admin, { namespace: 'data', labelSelector: 'app.kubernetes.io/name=postgres' }))[0]!;
    const node = postgres.nodeName!;
    const planned = await preview('drain_node', { kind: 'node', name: node });
    expect(planned).toMatchObject({ status: 'failed', error: { message: 'The dry run was refused by the cluster.' } });
    expect(planned.error?.clusterMessage).toMatch(/disruption budget/i);
    expect(planned.dryRun?.steps.find((s) => !s.ok)?.description).toMatch(new RegExp(`evict Pod data/${postgres.name}`));
    expect((await getNode(t.admin, node)).unschedulable).toBe(false);
  });

  it('lists what a half-done action did, and a retry finishes it with one undo for both attempts', async () => {
    const ns = 'default';
    await t.admin.core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: 'builder' } } });
    await t.admin.rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: { metadata: { name: 'builder-edit' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'ServiceAccount', name: 'builder', namespace: ns }] },
    });
    const deployment = {
      metadata: { name: 'builder' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'builder' } },
        template: { metadata: { labels: { app: 'builder' } }, spec: { serviceAccountName: 'builder', containers: [{ name: 'main', image: 'busybox:1.36' }] } },
      },
    };
    await t.admin.apps.createNamespacedDeployment({ namespace: ns, body: deployment });
    await waitFor(async () => (await listPods(t.admin, { namespace: ns, labelSelector: 'app=builder' })).length > 0, 'the builder pod');

    const planned = await preview('revoke_service_account', { kind: 'service_account', namespace: ns, name: 'builder' });
    expect(planned.plan?.changes.join('\n')).toMatch(/rollout restart Deployment default\/builder/);
    // The cluster changes between preview and execution: the restart will find no Deployment.
    await t.admin.apps.deleteNamespacedDeployment({ namespace: ns, name: 'builder' });
    const failed = await executeAction({ actionId: planned.id, confirmation: 'builder', skipEvidence: true, skipReason: 'test' }, actor);
    expect(failed.status).toBe('failed');
    expect(failed.error?.clusterMessage).toMatch(/deployments.apps "builder" not found/);
    expect(failed.outcome?.steps.map((s) => s.ok)).toEqual([true, true, false]);
    await expect(getBinding(t.admin, 'RoleBinding', ns, 'builder-edit')).rejects.toMatchObject({ kind: 'NotFound' });

    await t.admin.apps.createNamespacedDeployment({ namespace: ns, body: deployment });
    const retried = await executeAction({ actionId: planned.id, confirmation: 'builder', skipEvidence: true, skipReason: 'test' }, actor);
    expect(retried.status).toBe('succeeded');
    expect(retried.outcome?.steps[0]).toMatchObject({ ok: true, alreadyDone: true });
    // The undo still restores the binding the first attempt deleted.
    await undoAction(planned.id, actor);
    expect((await getBinding(t.admin, 'RoleBinding', ns, 'builder-edit')).subjects).toEqual([expect.objectContaining({ name: 'builder' })]);
    expect((await getServiceAccount(t.admin, ns, 'builder')).automountServiceAccountToken).not.toBe(false);
  });

  it('shows the cluster\'s Forbidden message when the console may not write, and records the failure', async () => {
    const pod = await podOf('shop', 'frontend');
    const planned = await preview('isolate_pod', { kind: 'pod', namespace: 'shop', name: pod.name }, { cluster: readOnlyClusterId });
    expect(planned.status).toBe('failed');
    expect(planned.error?.code).toBe('Forbidden');
    expect(planned.error?.clusterMessage).toMatch(/User "cordon-viewer" cannot patch resource "pods"/);
    expect(planned.dryRun?.access.some((a) => !a.allowed)).toBe(true);
    expect(planned.plan?.warnings.join('\n')).toMatch(/The console may not patch pods/);
    const audit = await db.auditLog.findFirstOrThrow({ where: { targetId: planned.id } });
    expect(audit.outcome).toBe('failed');
  });

  it('says the target is gone (NotFound) and that an unreachable cluster is unreachable', async () => {
    const gone = await preview('isolate_pod', { kind: 'pod', namespace: 'shop', name: 'no-such-pod' });
    expect(gone).toMatchObject({ status: 'failed', error: { code: 'NotFound' } });
    expect(gone.error?.clusterMessage).toMatch(/pods "no-such-pod" not found/);

    const dead = await db.cluster.create({
      data: { name: 'dead', displayName: 'Dead', source: 'kubeconfig', kubeconfigEnc: new Uint8Array(seal(t.sim.kubeconfig().replace(/127\.0\.0\.1:\d+/, '127.0.0.1:9'))) },
      select: { id: true },
    });
    const unreachable = await preview('cordon_node', { kind: 'node', name: 'demo-worker-1' }, { cluster: dead.id });
    expect(unreachable).toMatchObject({ status: 'failed', error: { code: 'Unreachable' } });
  });

  it('isolates a whole workload for a while: the expiry releases it, recorded as an undo by the scheduler', async () => {
    const target: Target = { kind: 'workload', workloadKind: 'Deployment', namespace: 'shop', name: 'ad-service' };
    const planned = await preview('isolate_workload', target, { params: { expiresInMinutes: 30 } });
    expect(planned.plan?.blastRadius.pods.length).toBeGreaterThan(0);
    const done = await executeAction({ actionId: planned.id }, actor);
    expect(done.status).toBe('succeeded');
    expect(new Date(done.expiresAt!).getTime() - new Date(done.finishedAt!).getTime()).toBe(30 * 60_000);
    const policy = (await listNetworkPolicies(t.admin, 'shop')).find((p) => p.annotations['cordon.io/action'] === planned.id);
    expect(policy?.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'ad-service' });

    expect(await releaseExpiredQuarantines(new Date(Date.now() + 29 * 60_000))).toBe(0);
    expect(await releaseExpiredQuarantines(new Date(Date.now() + 31 * 60_000))).toBe(1);
    expect((await listNetworkPolicies(t.admin, 'shop')).some((p) => p.name === policy?.name)).toBe(false);
    const release = await db.auditLog.findFirstOrThrow({ where: { targetId: planned.id, action: 'containment.undo' } });
    expect(release).toMatchObject({ actorType: 'system', actorLabel: 'containment scheduler' });
    expect(JSON.stringify(release.details)).toMatch(/the quarantine expired/);
  });

  it('cordons and uncordons a node', async () => {
    const cordon = await preview('cordon_node', { kind: 'node', name: 'demo-worker-1' });
    expect((await executeAction({ actionId: cordon.id }, actor)).status).toBe('succeeded');
    expect((await getNode(t.admin, 'demo-worker-1')).unschedulable).toBe(true);
    const uncordon = await preview('uncordon_node', { kind: 'node', name: 'demo-worker-1' });
    expect((await executeAction({ actionId: uncordon.id }, actor)).status).toBe('succeeded');
    expect((await getNode(t.admin, 'demo-worker-1')).unschedulable).toBe(false);
  });

  it('redeploys a workload after capturing its pods\' evidence', async () => {
    const target: Target = { kind: 'workload', workloadKind: 'Deployment', namespace: 'shop', name: 'storefront' };
    const before = (await listPods(t.admin, { namespace: 'shop', labelSelector: 'app.kubernetes.io/name=storefront' })).map((p) => p.name);
    const planned = await preview('rollout_restart', target);
    const done = await executeAction({ actionId: planned.id, confirmation: 'storefront' }, actor);
    expect(done.status).toBe('succeeded');
    expect(done.outcome?.evidence.length).toBeGreaterThan(0);
    const workload = await getWorkload(t.admin, 'Deployment', 'shop', 'storefront');
    expect(workload.templateAnnotations['kubectl.kubernetes.io/restartedAt']).toBeDefined();
    await waitFor(async () => {
      const now = (await listPods(t.admin, { namespace: 'shop', labelSelector: 'app.kubernetes.io/name=storefront' })).filter((p) => !p.deletionTimestamp);
      return now.length > 0 && now.every((p) => !before.includes(p.name));
    }, 'fresh storefront pods');
  });

  it('captures evidence on demand, including a kubelet checkpoint of each container', async () => {
    const incident = await createTestIncident({ clusterId });
    const pod = await podOf('shop', 'frontend');
    const planned = await preview('capture_evidence', { kind: 'pod', namespace: 'shop', name: pod.name }, { incidentId: incident.id, params: { checkpoint: true } });
    const done = await executeAction({ actionId: planned.id }, actor);
    expect(done.status).toBe('succeeded');
    const evidence = await db.evidence.findMany({ where: { actionId: planned.id } });
    expect(new Set(evidence.map((e) => e.kind))).toEqual(new Set(['manifest', 'events', 'logs', 'process_list', 'connections', 'listening_ports', 'environment', 'file_changes', 'checkpoint']));
    expect(t.sim.checkpoints.some((c) => c.pod === pod.name)).toBe(true);
    expect(evidence.every((e) => e.incidentId === incident.id)).toBe(true);
    // Capturing evidence is not containment: the incident's containment time stays unset.
    expect((await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).containedAt).toBeNull();
  });

  it('drains a node: cordoned, its pods evicted (DaemonSet pods stay)', async () => {
    let planned: Awaited<ReturnType<typeof preview>> | null = null;
    for (const node of ['demo-worker-1', 'demo-worker-2', 'demo-worker-3']) {
      const candidate = await preview('drain_node', { kind: 'node', name: node });
      if (candidate.status === 'previewed') {
        planned = candidate;
        break;
      }
    }
    if (!planned) throw new Error('every node hosts a pod protected by a PodDisruptionBudget');
    const node = (planned.target as { name: string }).name;
    const done = await executeAction({ actionId: planned.id, confirmation: node, skipEvidence: true, skipReason: 'covered by the scale test' }, actor);
    expect(done.error).toBeNull();
    expect(done.status).toBe('succeeded');
    expect((await getNode(t.admin, node)).unschedulable).toBe(true);
    await waitFor(async () => {
      const left = (await listPods(t.admin, { fieldSelector: `spec.nodeName=${node}` })).filter((p) => !p.deletionTimestamp);
      return left.every((p) => p.ownerReferences.some((o) => o.kind === 'DaemonSet'));
    }, 'only DaemonSet pods left on the node');
    await undoAction(planned.id, actor);
    expect((await getNode(t.admin, node)).unschedulable).toBe(false);
  });

  it('waits for a second responder when the setting asks for one', async () => {
    await updateContainmentSettings({ requireSecondApprover: true }, actor);
    expect(await db.auditLog.count({ where: { action: 'settings.containment' } })).toBe(1);
    try {
      const second = testActor(await createTestUser('responder'));
      const planned = await preview('scale_to_zero', { kind: 'workload', workloadKind: 'Deployment', namespace: 'shop', name: 'loadgenerator' });
      const waiting = await executeAction({ actionId: planned.id, confirmation: 'loadgenerator', skipEvidence: true, skipReason: 'test' }, actor);
      expect(waiting.status).toBe('awaiting_approval');
      expect((await getWorkload(t.admin, 'Deployment', 'shop', 'loadgenerator')).replicas).toBeGreaterThan(0);
      expect(((await rejectionOf(approveAction(planned.id, actor))) as AppError).userMessage).toBe('A second responder must approve; you requested this action.');
      const approved = await approveAction(planned.id, second);
      expect(approved).toMatchObject({ status: 'succeeded', approvedBy: second.label, requestedBy: actor.label });
      expect((await getWorkload(t.admin, 'Deployment', 'shop', 'loadgenerator')).replicas).toBe(0);
      await undoAction(planned.id, second);
    } finally {
      await updateContainmentSettings({ requireSecondApprover: false }, actor);
    }
  });

  it('confirms the isolation from the flows the console ingests', async () => {
    const server = await startIngestServer();
    try {
      const token = await createIngestToken('flows', clusterId);
      const send = async () => {
        for (let i = 0; i < 5; i += 1) t.sim.flows.tick();
        const lines = t.sim.flows.recent().slice(-500).map((f) => JSON.stringify(f)).join('\n');
        const response = await post(`${server.url}/api/ingest/flows`, lines, { token, contentType: 'application/x-ndjson' });
        expect(response.status).toBe(200);
      };
      const target: Target = { kind: 'workload', workloadKind: 'Deployment', namespace: 'shop', name: 'recommendation' };
      await send();
      const planned = await preview('isolate_workload', target);
      // The plan names the map edges it cuts, from the flows ingested so far.
      expect(planned.plan?.blastRadius.edges?.length).toBeGreaterThan(0);
      expect(planned.plan?.blastRadius.edges?.every((e) => e.includes('shop/Deployment/recommendation'))).toBe(true);
      const done = await executeAction({ actionId: planned.id }, actor);
      await new Promise((resolve) => setTimeout(resolve, 6_000)); // past the grace for flows in flight
      await send();
      expect(await checkIsolationEffects(new Date(new Date(done.finishedAt!).getTime() + 30_000))).toBeGreaterThanOrEqual(1);
      const verification = (await db.containmentAction.findUniqueOrThrow({ where: { id: planned.id } })).verification as { effect?: { summary: string; forwardedSince: number } };
      expect(verification.effect?.forwardedSince).toBe(0);
      expect(verification.effect?.summary).toMatch(/effect confirmed|no dropped traffic/);
      await undoAction(planned.id, actor);
    } finally {
      await server.close();
    }
  });

  it.skipIf(!existsSync(KUBECTL))('kubectl sees what an isolation and a node quarantine did, and what their undo removed', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cordon-kubectl-'));
    const kubeconfig = path.join(dir, 'kubeconfig');
    await t.sim.writeKubeconfig(kubeconfig);
    const kubectl = async (...args: string[]) => (await run(KUBECTL, ['--kubeconfig', kubeconfig, ...args])).stdout.trim();
    try {
      const pod = await podOf('shop', 'frontend');
      const isolate = await preview('isolate_pod', { kind: 'pod', namespace: 'shop', name: pod.name });
      await executeAction({ actionId: isolate.id }, actor);
      const policy = `cordon-quarantine-${isolate.id.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(-12)}`;
      expect(await kubectl('get', 'networkpolicy', '-n', 'shop', policy, '-o', 'jsonpath={.spec.policyTypes}')).toBe('["Ingress","Egress"]');
      expect(await kubectl('get', 'pods', '-n', 'shop', '-l', QUARANTINE_LABEL, '-o', 'name')).toBe(`pod/${pod.name}`);
      const node = await preview('quarantine_node', { kind: 'node', name: 'demo-worker-2' });
      await executeAction({ actionId: node.id }, actor);
      expect(await kubectl('get', 'node', 'demo-worker-2', '--no-headers')).toMatch(/^demo-worker-2\s+Ready,SchedulingDisabled\s/);
      expect(await kubectl('get', 'node', 'demo-worker-2', '-o', 'jsonpath={.spec.taints[*].key}')).toContain(QUARANTINE_LABEL);

      await undoAction(isolate.id, actor);
      await undoAction(node.id, actor);
      expect(await kubectl('get', 'networkpolicy', '-n', 'shop', '-o', 'name')).not.toContain(policy);
      expect(await kubectl('get', 'pods', '-n', 'shop', '-l', QUARANTINE_LABEL, '-o', 'name')).toBe('');
      expect(await kubectl('get', 'node', 'demo-worker-2', '--no-headers')).toMatch(/^demo-worker-2\s+Ready\s/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
