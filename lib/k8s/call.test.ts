import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { retryDelayMs } from './call';
import { connectCluster } from './connection';
import { K8sError } from './errors';
import { createNetworkPolicy } from './network-policies';
import { listPods } from './pods';
import { rejectionOf } from './testing';

/** A scripted API server: answers each request with the next response; the last one repeats. */
let script: { status: number; body: unknown; headers?: Record<string, string> }[] = [];
let requests: string[] = [];
let server: http.Server;
let kubeconfig = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const next = (script.length > 1 ? script.shift() : script[0]) ?? { status: 500, body: {} };
    res.writeHead(next.status, { 'Content-Type': 'application/json', ...next.headers }).end(JSON.stringify(next.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  // Plain HTTP is allowed by client-node only with insecure-skip-tls-verify.
  kubeconfig = `apiVersion: v1
kind: Config
clusters: [{ name: scripted, cluster: { server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true } }]
users: [{ name: tester, user: { token: test-token } }]
contexts: [{ name: scripted, context: { cluster: scripted, user: tester } }]
current-context: scripted
`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests = [];
});

const status = (code: number, reason: string, message = reason) => ({ status: code, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message } });
const podList = { status: 200, body: { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '5' }, items: [{ metadata: { name: 'p', namespace: 'ns', uid: 'u', resourceVersion: '5' }, spec: { containers: [{ name: 'c', image: 'i' }] } }] } };

describe('[K8S] call policy against a scripted server', () => {
  it('retries a read after 503, 500 and 429 (Retry-After: 0) and returns the answer', async () => {
    script = [{ ...status(503, 'ServiceUnavailable'), headers: { 'Retry-After': '0' } }, status(500, 'InternalError'), { ...status(429, 'TooManyRequests'), headers: { 'Retry-After': '0' } }, podList];
    const pods = await listPods(connectCluster({ kubeconfig }), { namespace: 'ns' });
    expect(pods.map((p) => p.name)).toEqual(['p']);
    expect(requests).toHaveLength(4);
  });

  it('gives up after three retries', async () => {
    script = [{ ...status(503, 'ServiceUnavailable', 'etcd is down'), headers: { 'Retry-After': '0' } }];
    const error = (await rejectionOf(listPods(connectCluster({ kubeconfig }), { namespace: 'ns' }))) as K8sError;
    expect(error).toMatchObject({ kind: 'Unreachable', status: 503, message: 'etcd is down' });
    expect(requests).toHaveLength(4);
  });

  it.each([
    [401, 'Unauthorized'],
    [403, 'Forbidden'],
    [404, 'NotFound'],
    [409, 'Conflict'],
    [422, 'Invalid'],
  ])('never retries %i', async (code, reason) => {
    script = [status(code, reason), podList];
    const error = (await rejectionOf(listPods(connectCluster({ kubeconfig }), { namespace: 'ns' }))) as K8sError;
    expect(error.status).toBe(code);
    expect(requests).toHaveLength(1);
  });

  it('does not wait for a Retry-After beyond its deadline', async () => {
    script = [{ ...status(429, 'TooManyRequests'), headers: { 'Retry-After': '60' } }, podList];
    const error = (await rejectionOf(listPods(connectCluster({ kubeconfig }), { namespace: 'ns' }, { timeoutMs: 2_000 }))) as K8sError;
    expect(error.kind).toBe('TooManyRequests');
    expect(requests).toHaveLength(1);
  });

  it('sends a write once, even when the failure would be retried for a read', async () => {
    script = [{ ...status(503, 'ServiceUnavailable'), headers: { 'Retry-After': '0' } }, { status: 201, body: {} }];
    const error = (await rejectionOf(createNetworkPolicy(connectCluster({ kubeconfig }), { name: 'x', namespace: 'ns', podSelector: {}, policyTypes: ['Egress'] }))) as K8sError;
    expect(error.kind).toBe('Unreachable');
    expect(requests).toEqual(['POST /apis/networking.k8s.io/v1/namespaces/ns/networkpolicies?fieldManager=cordon']);
  });

  it('sends dryRun=All for a dry run', async () => {
    script = [{ status: 201, body: { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', metadata: { name: 'x', namespace: 'ns' }, spec: { podSelector: {} } } }];
    const policy = await createNetworkPolicy(connectCluster({ kubeconfig }), { name: 'x', namespace: 'ns', podSelector: {}, policyTypes: ['Egress'] }, { dryRun: true });
    expect(policy).toMatchObject({ kind: 'NetworkPolicy', name: 'x', namespace: 'ns' });
    expect(requests[0]).toContain('dryRun=All');
  });
});

describe('[K8S] retry delays', () => {
  const error = (kind: K8sError['kind'], status: number | null, retryAfterSeconds: number | null = null) => new K8sError(kind, 'x', { status, retryAfterSeconds });

  it('backs off exponentially with jitter, capped, three times at most', () => {
    const e = error('Unknown', 500);
    expect(retryDelayMs(e, 0, () => 0)).toBe(100);
    expect(retryDelayMs(e, 0, () => 1)).toBe(200);
    expect(retryDelayMs(e, 2, () => 1)).toBe(800);
    expect(retryDelayMs(e, 3)).toBeNull();
  });

  it('honours Retry-After and retries network errors', () => {
    expect(retryDelayMs(error('TooManyRequests', 429, 2), 0)).toBe(2_000);
    expect(retryDelayMs(error('Unreachable', null), 1, () => 0)).toBe(200);
  });

  it('never retries client errors or its own timeout', () => {
    for (const [kind, status] of [['Unauthorized', 401], ['Forbidden', 403], ['NotFound', 404], ['Conflict', 409], ['Invalid', 422], ['Timeout', null]] as const) {
      expect(retryDelayMs(error(kind, status), 0)).toBeNull();
    }
  });
});
