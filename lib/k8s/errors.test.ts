import net from 'node:net';
import { ApiException } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCluster } from './connection';
import { isK8sError, K8sError, k8sErrorFromStatus, toK8sError } from './errors';
import { createNetworkPolicy } from './network-policies';
import { listNodes } from './nodes';
import { deletePod, getPod, listPods } from './pods';
import { rejectionOf, startTestCluster, type TestCluster } from './testing';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster();
});
afterAll(async () => {
  await t.stop();
});

async function k8sErrorOf(promise: Promise<unknown>): Promise<K8sError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(K8sError);
  const k8sError = error as K8sError;
  // client-node's ApiException message (whole body and headers) must never come through.
  expect(k8sError.message).not.toMatch(/HTTP-Code|Headers:|Body:/);
  return k8sError;
}

describe('[K8S] error kinds from the real API server', () => {
  it('NotFound keeps the Status message verbatim', async () => {
    const error = await k8sErrorOf(getPod(t.admin, 'shop', 'no-such-pod'));
    expect(error).toMatchObject({ kind: 'NotFound', status: 404, reason: 'NotFound', clusterMessage: 'pods "no-such-pod" not found' });
    expect(error.message).toBe('pods "no-such-pod" not found');
    expect(error.operation).toBe('get pod shop/no-such-pod');
  });

  it('Invalid carries the causes naming the fields', async () => {
    const error = await k8sErrorOf(createNetworkPolicy(t.admin, { name: 'Not_A_Name', namespace: 'shop', podSelector: {}, policyTypes: ['Ingress'] }));
    expect(error).toMatchObject({ kind: 'Invalid', status: 422, reason: 'Invalid' });
    expect(error.causes.map((c) => c.field)).toContain('metadata.name');
    expect(error.clusterMessage).toContain('Not_A_Name');
  });

  it('AlreadyExists is its own kind, not Conflict', async () => {
    const input = { name: 'twice', namespace: 'shop', podSelector: {}, policyTypes: ['Ingress' as const] };
    await createNetworkPolicy(t.admin, input);
    const error = await k8sErrorOf(createNetworkPolicy(t.admin, input));
    expect(error).toMatchObject({ kind: 'AlreadyExists', status: 409, clusterMessage: 'networkpolicies.networking.k8s.io "twice" already exists' });
  });

  it('Forbidden says who may not do what', async () => {
    const pod = (await listPods(t.admin, { namespace: 'shop' }))[0];
    const error = await k8sErrorOf(deletePod(t.readOnly, 'shop', pod?.name ?? ''));
    expect(error.kind).toBe('Forbidden');
    expect(error.message).toBe(`pods "${pod?.name}" is forbidden: User "cordon-viewer" cannot delete resource "pods" in API group "" in the namespace "shop"`);
  });

  it('Unauthorized with a bad token, although client-node drops the 401 body', async () => {
    const conn = connectCluster({ kubeconfig: t.kubeconfigWithToken('not-a-valid-token') });
    const error = await k8sErrorOf(listNodes(conn));
    expect(error).toMatchObject({ kind: 'Unauthorized', status: 401, clusterMessage: null });
    expect(error.message).toMatch(/^Unauthorized: the cluster did not accept the credentials/);
  });

  it('Unreachable once the API server is gone (connection refused, after the read retries)', async () => {
    const other = await startTestCluster();
    await other.stop();
    const gone = await k8sErrorOf(listPods(other.admin, { namespace: 'shop' }, { timeoutMs: 3_000 }));
    expect(gone.kind).toBe('Unreachable');
    expect(gone.message).toMatch(/^The cluster API server could not be reached \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)\.$/);
  });

  it('Timeout when the server accepts the connection and never answers', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const conn = connectCluster({ kubeconfig: t.sim.kubeconfig().replace(t.sim.url, `https://127.0.0.1:${port}`) });
      const error = await k8sErrorOf(listPods(conn, {}, { timeoutMs: 300 }));
      expect(error).toMatchObject({ kind: 'Timeout', status: null, message: 'The cluster did not answer in time.' });
      expect(sockets.length).toBeGreaterThan(0);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

describe('[K8S] toK8sError', () => {
  it('maps a 401 ApiException without body to a clear Unauthorized', () => {
    const error = toK8sError(new ApiException(401, 'Unauthorized', undefined, {}), 'list pods');
    expect(error).toMatchObject({ kind: 'Unauthorized', status: 401, operation: 'list pods' });
    expect(error.message).toContain('Unauthorized');
  });

  it('keeps plain-text kubelet answers as the cluster message', () => {
    const error = toK8sError(new ApiException(404, 'Unsuccessful HTTP Request', '404 page not found\n', {}));
    expect(error).toMatchObject({ kind: 'NotFound', clusterMessage: '404 page not found', message: '404 page not found' });
  });

  it('reads Retry-After from the header or the Status details', () => {
    expect(toK8sError(new ApiException(429, 'x', '{"kind":"Status","reason":"TooManyRequests","code":429}', { 'retry-after': '7' })).retryAfterSeconds).toBe(7);
    const status = { kind: 'Status', reason: 'TooManyRequests', code: 429, message: 'slow down', details: { retryAfterSeconds: 3 } };
    expect(toK8sError(new ApiException(429, 'x', JSON.stringify(status), {}))).toMatchObject({ kind: 'TooManyRequests', retryAfterSeconds: 3, message: 'slow down' });
  });

  it('maps statuses and reasons to kinds', () => {
    const kindOf = (code: number, reason?: string) => toK8sError(new ApiException(code, 'x', JSON.stringify({ code, reason }), {})).kind;
    expect(kindOf(409, 'Conflict')).toBe('Conflict');
    expect(kindOf(409, 'AlreadyExists')).toBe('AlreadyExists');
    expect(kindOf(400, 'BadRequest')).toBe('Invalid');
    expect(kindOf(410, 'Expired')).toBe('Gone');
    expect(kindOf(500, 'ServerTimeout')).toBe('Timeout');
    expect(kindOf(503, 'ServiceUnavailable')).toBe('Unreachable');
    expect(kindOf(500, 'InternalError')).toBe('Unknown');
    expect(k8sErrorFromStatus({ kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 1 (99)' })).toMatchObject({ kind: 'Gone', clusterMessage: 'too old resource version: 1 (99)' });
  });

  it('maps network failures, aborts and refused WebSocket upgrades', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:6443'), { code: 'ECONNREFUSED' }) });
    expect(toK8sError(refused).kind).toBe('Unreachable');
    const tls = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) });
    expect(toK8sError(tls).message).toMatch(/TLS certificate was not accepted/);
    expect(toK8sError(new DOMException('The operation was aborted due to timeout', 'TimeoutError')).kind).toBe('Timeout');
    expect(toK8sError({ message: 'Unexpected server response: 403' }).kind).toBe('Forbidden');
    expect(isK8sError(toK8sError(new Error('boom')), 'Unknown')).toBe(true);
  });
});
