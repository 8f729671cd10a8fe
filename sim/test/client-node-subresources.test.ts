import { Writable } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from './helpers.js';
import { apiError, startTestCluster, waitFor } from './helpers.js';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster();
});
afterAll(async () => {
  await t.sim.stop();
});

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString('utf8');
      cb();
    },
  });
  return { stream, text: () => text };
}

async function exec(namespace: string, pod: string, container: string, command: string[]) {
  const out = sink();
  const err = sink();
  const status = await new Promise<k8s.V1Status>((resolve, reject) => {
    new k8s.Exec(t.kc).exec(namespace, pod, container, command, out.stream, err.stream, null, false, resolve).catch(reject);
  });
  return { status, stdout: out.text(), stderr: err.text() };
}

async function podOf(namespace: string, app: string): Promise<string> {
  const pods = await t.core.listNamespacedPod({ namespace, labelSelector: `app.kubernetes.io/name=${app}` });
  return pods.items[0]?.metadata?.name as string;
}

describe('[SIM] pods/exec over WebSocket (v5.channel.k8s.io)', () => {
  it('runs ps and reports Success on the status channel', async () => {
    const pod = await podOf('shop', 'frontend');
    const result = await exec('shop', pod, 'frontend', ['ps', 'aux']);
    expect(result.status.status).toBe('Success');
    expect(result.stdout).toContain('nginx: master process nginx -g daemon off;');
    expect(result.stdout.split('\n')[0]).toMatch(/^USER\s+PID %CPU %MEM/);
  });

  it('reports a failing command as NonZeroExitCode with the exit code cause', async () => {
    const pod = await podOf('api', 'cart');
    const result = await exec('api', pod, 'cart', ['sh', '-c', 'cat /etc/hostname && nosuchtool --flag']);
    expect(result.stdout.trim()).toBe(pod);
    expect(result.stderr).toBe('sh: nosuchtool: not found\n');
    expect(result.status).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '127' }] } });
  });

  it('answers plausibly for id, hostname, env, netstat and find', async () => {
    const pod = await podOf('api', 'user');
    const id = await exec('api', pod, 'user', ['id']);
    expect(id.stdout).toBe('uid=10001(app) gid=10001(app) groups=10001(app)\n');
    const env = await exec('api', pod, 'user', ['sh', '-c', 'env | grep KUBERNETES_SERVICE_HOST']);
    expect(env.stdout).toBe('KUBERNETES_SERVICE_HOST=10.96.0.1\n');
    const netstat = await exec('api', pod, 'user', ['netstat', '-tunap']);
    expect(netstat.stdout).toMatch(/0\.0\.0\.0:8080\s+0\.0\.0\.0:\*\s+LISTEN/);
    const files = await exec('api', pod, 'user', ['find', '/etc', '-name', 'os-release']);
    expect(files.stdout).toBe('/etc/os-release\n');
  });

  it('speaks v4.channel.k8s.io too (status as JSON, no CLOSE signal)', async () => {
    const { default: WebSocket } = await import('ws');
    const pod = await podOf('shop', 'frontend');
    const url = `${t.sim.httpUrl.replace('http', 'ws')}/api/v1/namespaces/shop/pods/${pod}/exec?command=sh&command=-c&command=exit%202&stdout=true&stderr=true`;
    const ws = new WebSocket(url, ['v4.channel.k8s.io'], { headers: { Authorization: `Bearer ${t.sim.tokens.admin}` } });
    const frames: Buffer[] = [];
    ws.on('message', (d: Buffer) => frames.push(d));
    await new Promise((resolve) => ws.on('close', resolve));
    expect(ws.protocol).toBe('v4.channel.k8s.io');
    const status = frames.find((f) => f[0] === 3);
    expect(JSON.parse(status?.subarray(1).toString() ?? '{}')).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '2' }] } });
  });

  it('mounts a working service-account token: projected and bound to the pod', async () => {
    const pod = await podOf('api', 'checkout');
    const token = (await exec('api', pod, 'checkout', ['cat', '/var/run/secrets/kubernetes.io/serviceaccount/token'])).stdout;
    const core = t.kcWithToken(token).makeApiClient(k8s.CoreV1Api);
    expect((await core.readNamespacedConfigMap({ name: 'checkout-config', namespace: 'api' })).data?.PAYMENT_URL).toBe('http://payment:8080');
    expect((await apiError(core.listNamespacedSecret({ namespace: 'api' }))).code).toBe(403);
    const audit = t.sim.audit.recent().filter((e) => e.user.username === 'system:serviceaccount:api:checkout').at(-1);
    expect(audit?.user.extra?.['authentication.kubernetes.io/pod-name']).toEqual([pod]);
    await t.core.deleteNamespacedPod({ name: pod, namespace: 'api', gracePeriodSeconds: 0 });
    expect((await apiError(core.readNamespacedConfigMap({ name: 'checkout-config', namespace: 'api' }))).code).toBe(401);
  });

  it('refuses exec without pods/exec permission (403 before the upgrade)', async () => {
    const pod = await podOf('shop', 'frontend');
    const viewer = t.kcWithToken(t.sim.tokens.readOnly);
    await expect(new k8s.Exec(viewer).exec('shop', pod, 'frontend', ['ps'], null, null, null, false)).rejects.toBeDefined();
    const audit = await waitFor(() => t.sim.audit.recent().find((e) => e.objectRef?.subresource === 'exec' && e.user.username === 'cordon-viewer'), 'forbidden exec audited');
    expect(audit.responseStatus).toMatchObject({ code: 403, reason: 'Forbidden' });
    expect(audit.annotations?.['authorization.k8s.io/decision']).toBe('forbid');
  });
});

describe('[SIM] pods/log', () => {
  it('returns the last lines with tailLines and timestamps', async () => {
    const pod = await podOf('shop', 'frontend');
    const text = await t.core.readNamespacedPodLog({ name: pod, namespace: 'shop', tailLines: 3, timestamps: true });
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \d+\.\d+\.\d+\.\d+ - - \[/);
  });

  it('serves the previous container after restarts, and the real 400 when there is none', async () => {
    const restarted = await podOf('shop', 'recommendation');
    const previous = await t.core.readNamespacedPodLog({ name: restarted, namespace: 'shop', previous: true });
    expect(previous).toContain('Unhandled promise rejection, exiting');
    const pod = await podOf('shop', 'frontend');
    const err = await apiError(t.core.readNamespacedPodLog({ name: pod, namespace: 'shop', previous: true }));
    expect(err.code).toBe(400);
    expect(err.body.message).toBe(`previous terminated container "frontend" in pod "${pod}" not found`);
  });

  it('follows a log as new lines are written, until the pod goes away', async () => {
    const pod = await podOf('api', 'cart');
    const out = sink();
    let ended = false;
    out.stream.on('finish', () => (ended = true));
    // Not aborted on purpose: client-node 2.0.1 leaves the aborted body stream without an error
    // listener, so abort() surfaces as an uncaught AbortError. Deleting the pod ends the stream.
    await new k8s.Log(t.kc).log('api', pod, 'cart', out.stream, { follow: true, tailLines: 1 });
    await waitFor(() => out.text().split('\n').length > 3, 'new lines while following');
    await t.core.deleteNamespacedPod({ name: pod, namespace: 'api', gracePeriodSeconds: 0 });
    await waitFor(() => ended, 'stream ended by the server');
  });

  it('limits bytes', async () => {
    const pod = await podOf('shop', 'frontend');
    expect(await t.core.readNamespacedPodLog({ name: pod, namespace: 'shop', limitBytes: 10 })).toHaveLength(10);
  });
});

describe('[SIM] eviction, scale and checkpoint', () => {
  it('blocks an eviction that would violate a PodDisruptionBudget with 429', async () => {
    const err = await apiError(t.core.createNamespacedPodEviction({ name: 'postgres-0', namespace: 'data', body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'postgres-0', namespace: 'data' } } }));
    expect(err.code).toBe(429);
    expect(err.body).toMatchObject({ reason: 'TooManyRequests', message: "Cannot evict pod as it would violate the pod's disruption budget.", details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget postgres needs 1 healthy pods and has 1 currently' }] } });
    expect(t.sim.store.get('Pod', 'data', 'postgres-0')?.metadata.deletionTimestamp).toBeUndefined();
  });

  it('evicts when the budget allows it', async () => {
    const pod = await podOf('shop', 'frontend');
    await t.core.createNamespacedPodEviction({ name: pod, namespace: 'shop', body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod, namespace: 'shop' } } });
    await waitFor(() => !t.sim.store.get('Pod', 'shop', pod), 'evicted pod gone');
  });

  it('scales a Deployment through the scale subresource', async () => {
    const scale = await t.apps.readNamespacedDeploymentScale({ name: 'cart', namespace: 'api' });
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 2 }, status: { replicas: 2, selector: 'app.kubernetes.io/name=cart' } });
    await t.apps.patchNamespacedDeploymentScale({ name: 'cart', namespace: 'api', body: { spec: { replicas: 0 } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    await waitFor(() => t.sim.store.list('Pod', 'api').every((p) => p.metadata.labels?.['app.kubernetes.io/name'] !== 'cart'), 'cart pods gone');
    await t.apps.replaceNamespacedStatefulSetScale({ name: 'redis', namespace: 'data', body: { metadata: { name: 'redis', namespace: 'data' }, spec: { replicas: 2 } } });
    await waitFor(() => t.sim.store.get('Pod', 'data', 'redis-1')?.status, 'redis-1 created in order');
  });

  it('checkpoints a container through the node proxy', async () => {
    const pod = t.sim.store.get('Pod', 'data', 'postgres-0') as unknown as { spec: { nodeName: string } };
    const res = await fetch(`${t.sim.httpUrl}/api/v1/nodes/${pod.spec.nodeName}/proxy/checkpoint/data/postgres-0/postgres`, { method: 'POST', headers: { Authorization: `Bearer ${t.sim.tokens.admin}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: string[] };
    expect(body.items[0]).toMatch(/^\/var\/lib\/kubelet\/checkpoints\/checkpoint-postgres-0_data-postgres-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\.tar$/);
    expect(t.sim.checkpoints.at(-1)).toMatchObject({ namespace: 'data', pod: 'postgres-0', container: 'postgres' });
    const missing = await fetch(`${t.sim.httpUrl}/api/v1/nodes/${pod.spec.nodeName}/proxy/checkpoint/data/postgres-0/nope`, { method: 'POST', headers: { Authorization: `Bearer ${t.sim.tokens.admin}` } });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('container nope does not exist');
  });

  it('answers like a cluster without the ContainerCheckpoint feature when switched off', async () => {
    const off = await startTestCluster({ checkpointApi: false });
    try {
      const res = await fetch(`${off.sim.httpUrl}/api/v1/nodes/demo-worker-1/proxy/checkpoint/data/postgres-0/postgres`, { method: 'POST', headers: { Authorization: `Bearer ${off.sim.tokens.admin}` } });
      expect(res.status).toBe(404);
      expect(await res.text()).toBe('404 page not found\n');
    } finally {
      await off.sim.stop();
    }
  });
});
