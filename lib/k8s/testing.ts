// Test support: a real simulator over HTTPS and gateway connections to it. Tests only.
import YAML from 'yaml';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../sim/index';
import { type ClusterConnection, connectCluster } from './connection';

export interface TestCluster {
  sim: RunningSimulator;
  /** kubernetes-admin (system:masters). */
  admin: ClusterConnection;
  /** cordon-viewer: ClusterRole view + nodes, no Secrets, no writes. */
  readOnly: ClusterConnection;
  /** A kubeconfig for the same server with another bearer token. */
  kubeconfigWithToken(token: string): string;
  stop(): Promise<void>;
}

export async function startTestCluster(options: SimulatorOptions = {}): Promise<TestCluster> {
  const sim = await startSimulator({ port: 0, trafficIntervalMs: 0, speed: 50, ...options });
  const kubeconfigWithToken = (token: string) => {
    const doc = YAML.parse(sim.kubeconfig()) as { users: { user: { token?: string } }[] };
    for (const user of doc.users) user.user.token = token;
    return YAML.stringify(doc);
  };
  return {
    sim,
    admin: connectCluster({ kubeconfig: sim.kubeconfig() }),
    readOnly: connectCluster({ kubeconfig: sim.kubeconfig({ user: 'read-only' }) }),
    kubeconfigWithToken,
    stop: () => sim.stop(),
  };
}

/** Polls until `check` returns something truthy. */
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
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}
