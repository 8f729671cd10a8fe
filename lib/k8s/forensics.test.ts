import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCluster } from './connection';
import type { K8sError } from './errors';
import { execInPod } from './exec';
import { checkpointContainer, readPodLogs } from './forensics';
import { getPod, listPods } from './pods';
import { rejectionOf, startTestCluster, type TestCluster } from './testing';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster();
});
afterAll(async () => {
  await t.stop();
});

const firstPod = async (namespace: string, app: string) => {
  const [pod] = await listPods(t.admin, { namespace, labelSelector: `app.kubernetes.io/name=${app}` });
  if (!pod) throw new Error(`no ${app} pod`);
  return pod;
};

describe('[K8S] exec', () => {
  it('runs ps and waits for the exit status', async () => {
    const pod = await firstPod('shop', 'frontend');
    const result = await execInPod(t.admin, 'shop', pod.name, 'frontend', ['ps', 'aux']);
    expect(result).toMatchObject({ status: 'Success', exitCode: 0, stderr: '', truncated: false });
    expect(result.stdout).toContain('nginx: master process nginx -g daemon off;');
  });

  it('returns a failing command with its exit code and stderr', async () => {
    const pod = await firstPod('api', 'cart');
    const result = await execInPod(t.admin, 'api', pod.name, 'cart', ['sh', '-c', 'cat /etc/hostname && nosuchtool --flag']);
    expect(result).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', exitCode: 127, stdout: `${pod.name}\n`, stderr: 'sh: nosuchtool: not found\n' });
    const missing = await execInPod(t.admin, 'api', pod.name, 'cart', ['tcpdump', '-i', 'any']);
    expect(missing.exitCode).toBe(126);
  });

  it('caps the output it keeps', async () => {
    const pod = await firstPod('shop', 'frontend');
    const result = await execInPod(t.admin, 'shop', pod.name, 'frontend', ['ps', 'aux'], { maxOutputBytes: 64 });
    expect(result.truncated).toBe(true);
    expect(Buffer.byteLength(result.stdout)).toBe(64);
    expect(result.exitCode).toBe(0);
  });

  it('maps a refused exec to Forbidden with the cluster message', async () => {
    const pod = await firstPod('shop', 'frontend');
    const error = (await rejectionOf(execInPod(t.readOnly, 'shop', pod.name, 'frontend', ['id']))) as K8sError;
    expect(error).toMatchObject({ kind: 'Forbidden', status: 403 });
    expect(error.message).toMatch(new RegExp(`^pods "${pod.name}" is forbidden: User "cordon-viewer" cannot (get|create) resource "pods/exec" in API group "" in the namespace "shop"$`));
    const badContainer = (await rejectionOf(execInPod(t.admin, 'shop', pod.name, 'nope', ['id']))) as K8sError;
    expect(badContainer).toMatchObject({ kind: 'Invalid', status: 400, message: `container nope is not valid for pod ${pod.name}` });
  });

  it('gives up with Timeout when the server never answers', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const conn = connectCluster({ kubeconfig: t.sim.kubeconfig().replace(t.sim.url, `https://127.0.0.1:${(silent.address() as net.AddressInfo).port}`) });
      const error = (await rejectionOf(execInPod(conn, 'shop', 'any', 'any', ['id'], { timeoutMs: 300 }))) as K8sError;
      expect(error).toMatchObject({ kind: 'Timeout', message: 'The command did not finish within 0.3 s; the exec session was closed.' });
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

describe('[K8S] logs', () => {
  it('reads the last lines of the current container', async () => {
    const pod = await firstPod('shop', 'frontend');
    const log = await readPodLogs(t.admin, 'shop', pod.name, 'frontend', { tailLines: 3 });
    expect(log.text.trim().split('\n')).toHaveLength(3);
    expect(log).toMatchObject({ previous: false, truncated: false });
    const cut = await readPodLogs(t.admin, 'shop', pod.name, 'frontend', { limitBytes: 10 });
    expect(cut).toMatchObject({ bytes: 10, truncated: true });
  });

  it('reads the previous container, or says why there is none', async () => {
    const crashed = await firstPod('shop', 'recommendation');
    expect((await readPodLogs(t.admin, 'shop', crashed.name, 'recommendation', { previous: true })).text).toContain('Unhandled promise rejection, exiting');
    const pod = await firstPod('shop', 'frontend');
    const error = (await rejectionOf(readPodLogs(t.admin, 'shop', pod.name, 'frontend', { previous: true }))) as K8sError;
    expect(error).toMatchObject({ kind: 'Invalid', status: 400, reason: 'BadRequest', message: `previous terminated container "frontend" in pod "${pod.name}" not found` });
  });
});

describe('[K8S] checkpoint', () => {
  it('checkpoints a container through the node proxy', async () => {
    const pod = await getPod(t.admin, 'data', 'postgres-0');
    const checkpoint = await checkpointContainer(t.admin, pod.nodeName ?? '', 'data', 'postgres-0', 'postgres');
    expect(checkpoint.archives).toHaveLength(1);
    expect(checkpoint.archives[0]).toMatch(/^\/var\/lib\/kubelet\/checkpoints\/checkpoint-postgres-0_data-postgres-.+\.tar$/);
    expect(t.sim.checkpoints.at(-1)).toMatchObject({ node: pod.nodeName, namespace: 'data', pod: 'postgres-0', container: 'postgres' });
  });

  it('says what the kubelet said about a missing container, and Forbidden without nodes/proxy', async () => {
    const pod = await getPod(t.admin, 'data', 'postgres-0');
    const missing = (await rejectionOf(checkpointContainer(t.admin, pod.nodeName ?? '', 'data', 'postgres-0', 'nope'))) as K8sError;
    expect(missing).toMatchObject({ kind: 'NotFound', clusterMessage: 'container nope does not exist', message: `The kubelet on node ${pod.nodeName} could not find it: container nope does not exist` });
    const forbidden = (await rejectionOf(checkpointContainer(t.readOnly, pod.nodeName ?? '', 'data', 'postgres-0', 'postgres'))) as K8sError;
    expect(forbidden.kind).toBe('Forbidden');
    expect(forbidden.message).toMatch(/^Checkpoints need "create" on nodes\/proxy/);
  });

  it('explains a cluster without the ContainerCheckpoint feature', async () => {
    const off = await startTestCluster({ checkpointApi: false });
    try {
      const error = (await rejectionOf(checkpointContainer(off.admin, 'demo-worker-1', 'data', 'postgres-0', 'postgres'))) as K8sError;
      expect(error).toMatchObject({ kind: 'NotFound', status: 404, clusterMessage: '404 page not found' });
      expect(error.message).toMatch(/^Node demo-worker-1 does not offer container checkpoints: its kubelet has no checkpoint API/);
      expect(off.sim.checkpoints).toHaveLength(0);
    } finally {
      await off.stop();
    }
  });
});
