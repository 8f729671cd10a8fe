import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../index.js';
import type { RunningSimulator } from '../index.js';
import { waitFor } from './helpers.js';

const run = promisify(execFile);
const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';
const hasKubectl = existsSync(KUBECTL);

describe.skipIf(!hasKubectl)('[SIM] the real kubectl against the simulator', () => {
  let sim: RunningSimulator;
  let dir: string;
  let kubeconfig: string;
  const kubectl = async (...args: string[]) => {
    const { stdout } = await run(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { timeout: 20_000 });
    return stdout;
  };
  const kubectlFails = async (...args: string[]) => {
    try {
      await kubectl(...args);
    } catch (err) {
      return (err as { stderr: string }).stderr;
    }
    throw new Error(`kubectl ${args.join(' ')} should have failed`);
  };

  beforeAll(async () => {
    sim = await startSimulator({ speed: 50, trafficIntervalMs: 0 });
    dir = await mkdtemp(join(tmpdir(), 'cordon-sim-kubectl-'));
    kubeconfig = join(dir, 'kubeconfig');
    await sim.writeKubeconfig(kubeconfig);
  });
  afterAll(async () => {
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('get -A and get pods -o wide print the familiar columns', async () => {
    const all = await kubectl('get', 'pods', '-A');
    expect(all.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(all).toMatch(/kube-system\s+coredns-\S+\s+1\/1\s+Running\s+0\s+\S+/);
    const wide = await kubectl('get', 'pods', '-n', 'shop', '-o', 'wide');
    expect(wide.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
    expect(wide).toMatch(/recommendation-\S+\s+1\/1\s+Running\s+3 \(\S+ ago\)\s+\S+\s+10\.244\.\d+\.\d+\s+demo-worker-\d/);
    const deploys = await kubectl('get', 'deploy', '-n', 'api');
    expect(deploys.split('\n')[0]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    const svc = await kubectl('get', 'svc', '-n', 'shop', 'frontend');
    expect(svc).toMatch(/frontend\s+LoadBalancer\s+10\.96\.\d+\.\d+\s+203\.0\.113\.\d+\s+80:\d+\/TCP/);
  });

  it('describe pod shows its events', async () => {
    await kubectl('scale', 'deploy/cart', '-n', 'api', '--replicas=3');
    const pod = await waitFor(async () => (await kubectl('get', 'pods', '-n', 'api', '-l', 'app.kubernetes.io/name=cart', '--sort-by=.metadata.creationTimestamp', '-o', 'name')).trim().split('\n').at(-1), 'new cart pod');
    await waitFor(async () => (await kubectl('get', pod, '-n', 'api')).includes('Running'), 'running');
    const described = await kubectl('describe', '-n', 'api', pod);
    expect(described).toMatch(/Node:\s+demo-worker-\d\/10\.0\.1\.\d+/);
    expect(described).toMatch(/Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned api\/cart-/);
    expect(described).toMatch(/Normal\s+Started\s+\S+\s+kubelet\s+Started container cart/);
  });

  it('label, annotate, cordon and uncordon', async () => {
    const pod = (await kubectl('get', 'pods', '-n', 'shop', '-l', 'app.kubernetes.io/name=frontend', '-o', 'name')).split('\n')[0] as string;
    await kubectl('label', '-n', 'shop', pod, 'quarantine=true');
    await kubectl('annotate', '-n', 'shop', pod, 'cordon.dev/incident=INC-42');
    expect(await kubectl('get', 'pods', '-n', 'shop', '-l', 'quarantine=true', '-o', 'name')).toBe(`${pod}\n`);
    expect(await kubectl('get', '-n', 'shop', pod, '-o', 'jsonpath={.metadata.annotations.cordon\\.dev/incident}')).toBe('INC-42');
    await kubectl('cordon', 'demo-worker-2');
    await waitFor(async () => /demo-worker-2\s+Ready,SchedulingDisabled/.test(await kubectl('get', 'nodes')), 'cordoned');
    const taints = await kubectl('get', 'node', 'demo-worker-2', '-o', 'jsonpath={.spec.taints[*].key}');
    expect(taints).toContain('node.kubernetes.io/unschedulable');
    await kubectl('uncordon', 'demo-worker-2');
    await waitFor(async () => /demo-worker-2\s+Ready\s/.test(await kubectl('get', 'nodes')), 'uncordoned');
  });

  it('scale, rollout restart and delete', async () => {
    await kubectl('scale', 'deploy/currency', '-n', 'api', '--replicas=0');
    await waitFor(async () => (await kubectl('get', 'pods', '-n', 'api', '-l', 'app.kubernetes.io/name=currency', '-o', 'name')).trim() === '', 'scaled to zero');
    const before = await kubectl('get', 'rs', '-n', 'api', '-l', 'app.kubernetes.io/name=shipping', '-o', 'name');
    await kubectl('rollout', 'restart', 'deploy/shipping', '-n', 'api');
    await waitFor(async () => (await kubectl('get', 'rs', '-n', 'api', '-l', 'app.kubernetes.io/name=shipping', '-o', 'name')).trim().split('\n').length === 2, 'new ReplicaSet');
    const after = await kubectl('get', 'rs', '-n', 'api', '-l', 'app.kubernetes.io/name=shipping', '-o', 'name');
    expect(after).toContain(before.trim());
    await kubectl('rollout', 'status', 'deploy/shipping', '-n', 'api', '--timeout=15s');
    const out = await kubectl('delete', 'deploy', 'email', '-n', 'api');
    expect(out).toBe('deployment.apps "email" deleted\n');
    await waitFor(async () => (await kubectl('get', 'pods', '-n', 'api', '-l', 'app.kubernetes.io/name=email', '-o', 'name')).trim() === '', 'pods garbage-collected');
  });

  it('apply (client-side and server-side) of a manifest', async () => {
    const manifest = join(dir, 'app.yaml');
    const write = (replicas: number) =>
      writeFile(manifest, `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: hello\n  namespace: default\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels: {app: hello}\n  template:\n    metadata:\n      labels: {app: hello}\n    spec:\n      containers:\n      - name: hello\n        image: docker.io/library/nginx:1.27\n---\napiVersion: v1\nkind: Service\nmetadata: {name: hello, namespace: default}\nspec:\n  selector: {app: hello}\n  ports: [{port: 80}]\n`);
    await write(1);
    expect(await kubectl('apply', '-f', manifest)).toBe('deployment.apps/hello created\nservice/hello created\n');
    await write(2);
    expect(await kubectl('apply', '-f', manifest)).toBe('deployment.apps/hello configured\nservice/hello unchanged\n');
    await write(3);
    expect(await kubectl('apply', '--server-side', '--force-conflicts', '-f', manifest)).toBe('deployment.apps/hello serverside-applied\nservice/hello serverside-applied\n');
    expect(await kubectl('get', 'deploy', 'hello', '-o', 'jsonpath={.spec.replicas}')).toBe('3');
  });

  it('logs and exec -- ps', async () => {
    const pod = (await kubectl('get', 'pods', '-n', 'data', 'postgres-0', '-o', 'name')).trim();
    const logs = await kubectl('logs', '-n', 'data', pod, '--tail=2');
    expect(logs.trim().split('\n')).toHaveLength(2);
    const ps = await kubectl('exec', '-n', 'data', 'postgres-0', '--', 'ps', '-ef');
    expect(ps.split('\n')[0]).toMatch(/^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD$/);
    expect(ps).toContain('postgres: checkpointer');
    const stderr = await kubectlFails('exec', '-n', 'data', 'postgres-0', '--', 'sh', '-c', 'exit 3');
    expect(stderr).toContain('command terminated with exit code 3');
  });

  it('auth can-i answers from RBAC for each identity', async () => {
    expect((await kubectl('auth', 'can-i', 'delete', 'pods', '-n', 'shop')).trim()).toBe('yes');
    const viewer = join(dir, 'viewer');
    await writeFile(viewer, sim.kubeconfig({ user: 'read-only' }));
    const asViewer = async (...args: string[]) => {
      try {
        return (await run(KUBECTL, ['--kubeconfig', viewer, ...args])).stdout.trim();
      } catch (err) {
        return (err as { stdout: string }).stdout.trim();
      }
    };
    expect(await asViewer('auth', 'can-i', 'list', 'pods', '-n', 'shop')).toBe('yes');
    expect(await asViewer('auth', 'can-i', 'delete', 'pods', '-n', 'shop')).toBe('no');
    expect(await asViewer('auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}')).toBe('cordon-viewer');
  });
});
