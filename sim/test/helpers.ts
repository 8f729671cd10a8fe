import * as k8s from '@kubernetes/client-node';
import { startSimulator } from '../index.js';
import type { RunningSimulator, SimulatorOptions } from '../index.js';

export interface TestCluster {
  sim: RunningSimulator;
  kc: k8s.KubeConfig;
  core: k8s.CoreV1Api;
  apps: k8s.AppsV1Api;
  net: k8s.NetworkingV1Api;
  rbac: k8s.RbacAuthorizationV1Api;
  policy: k8s.PolicyV1Api;
  authz: k8s.AuthorizationV1Api;
  /** A KubeConfig for the same cluster with another bearer token. */
  kcWithToken(token: string): k8s.KubeConfig;
}

/** A fast demo cluster (no background traffic unless asked) and typed clients for it. */
export async function startTestCluster(opts: SimulatorOptions = {}): Promise<TestCluster> {
  const sim = await startSimulator({ speed: 50, trafficIntervalMs: 0, ...opts });
  const kc = new k8s.KubeConfig();
  kc.loadFromString(sim.kubeconfig());
  const kcWithToken = (token: string) => {
    const other = new k8s.KubeConfig();
    other.loadFromString(sim.kubeconfig());
    other.users = other.users.map((u) => ({ ...u, token }));
    return other;
  };
  return {
    sim,
    kc,
    core: kc.makeApiClient(k8s.CoreV1Api),
    apps: kc.makeApiClient(k8s.AppsV1Api),
    net: kc.makeApiClient(k8s.NetworkingV1Api),
    rbac: kc.makeApiClient(k8s.RbacAuthorizationV1Api),
    policy: kc.makeApiClient(k8s.PolicyV1Api),
    authz: kc.makeApiClient(k8s.AuthorizationV1Api),
    kcWithToken,
  };
}

/** Polls until `check` returns a truthy value (or throws with the last error). */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String((last as Error).message ?? last)}` : ''}`);
}

/** The parsed Kubernetes Status of a failed client-node call. */
export async function apiError(promise: Promise<unknown>): Promise<{ code: number; body: { reason?: string; message?: string; details?: { causes?: { field?: string; reason?: string }[] } } }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { code?: number; body?: unknown };
    const body = typeof e.body === 'string' ? (JSON.parse(e.body) as object) : (e.body as object);
    return { code: e.code ?? 0, body: body };
  }
  throw new Error('expected the call to fail');
}
