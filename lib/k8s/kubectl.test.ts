// The gateway's writes as the real kubectl sees them (skipped where kubectl is not installed).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkPolicy } from './network-policies';
import { cordonNode, taintNode } from './nodes';
import { listPods, patchPodLabels } from './pods';
import { startTestCluster, type TestCluster } from './testing';
import { scaleWorkload } from './workloads';

const KUBECTL = '/usr/bin/kubectl';
const run = promisify(execFile);

describe.skipIf(!existsSync(KUBECTL))('[K8S] writes confirmed by kubectl', () => {
  let t: TestCluster;
  let dir = '';
  let kubeconfigPath = '';
  const kubectl = async (...args: string[]) => (await run(KUBECTL, ['--kubeconfig', kubeconfigPath, ...args])).stdout;

  beforeAll(async () => {
    t = await startTestCluster();
    dir = await mkdtemp(path.join(os.tmpdir(), 'cordon-kubectl-'));
    kubeconfigPath = path.join(dir, 'kubeconfig');
    await t.sim.writeKubeconfig(kubeconfigPath);
  });
  afterAll(async () => {
    await t.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows a cordoned, tainted node as SchedulingDisabled with the taint', async () => {
    await cordonNode(t.admin, 'demo-worker-1');
    await taintNode(t.admin, 'demo-worker-1', { key: 'cordon.io/incident', value: 'inc-7', effect: 'NoSchedule' });
    expect(await kubectl('get', 'node', 'demo-worker-1', '--no-headers')).toMatch(/^demo-worker-1\s+Ready,SchedulingDisabled\s/);
    expect(await kubectl('get', 'node', 'demo-worker-1', '-o', 'jsonpath={.spec.taints[*].key}')).toContain('cordon.io/incident');
  });

  it('finds the NetworkPolicy and the quarantine label', async () => {
    const [pod] = await listPods(t.admin, { namespace: 'shop', labelSelector: 'app.kubernetes.io/name=ad-service' });
    await patchPodLabels(t.admin, 'shop', pod?.name ?? '', { add: { 'cordon.io/quarantine': 'true' } });
    await createNetworkPolicy(t.admin, { name: 'cordon-isolate', namespace: 'shop', podSelector: { matchLabels: { 'cordon.io/quarantine': 'true' } }, policyTypes: ['Ingress', 'Egress'] });
    expect(await kubectl('get', 'networkpolicy', '-n', 'shop', 'cordon-isolate', '-o', 'jsonpath={.spec.policyTypes}')).toBe('["Ingress","Egress"]');
    expect((await kubectl('get', 'pods', '-n', 'shop', '-l', 'cordon.io/quarantine=true', '-o', 'name')).trim()).toBe(`pod/${pod?.name}`);
  });

  it('sees the replicas a scale set, and not those of a dry run', async () => {
    await scaleWorkload(t.admin, 'Deployment', 'shop', 'loadgenerator', 0, { dryRun: true });
    expect(await kubectl('get', 'deployment', '-n', 'shop', 'loadgenerator', '-o', 'jsonpath={.spec.replicas}')).toBe('1');
    await scaleWorkload(t.admin, 'Deployment', 'shop', 'loadgenerator', 0);
    expect(await kubectl('get', 'deployment', '-n', 'shop', 'loadgenerator', '-o', 'jsonpath={.spec.replicas}')).toBe('0');
  });
});
