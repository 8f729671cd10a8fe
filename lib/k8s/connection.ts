// A connection to one cluster: its KubeConfig and the API clients built from it, plus a small
// per-process registry so every request does not parse a kubeconfig and build new clients.
import 'server-only';
import {
  AppsV1Api,
  AuthenticationV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  KubeConfig,
  NetworkingV1Api,
  PolicyV1Api,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import { env } from '../env';
import { DEFAULT_TIMEOUT_MS } from './call';
import { K8sError } from './errors';
import { RawApi } from './raw-api';

export interface ConnectOptions {
  /** Kubeconfig YAML (or JSON). */
  kubeconfig?: string;
  /** Use the pod's service account (token, CA and KUBERNETES_SERVICE_HOST/PORT). */
  inCluster?: boolean;
  /** A context of the kubeconfig other than its current-context. */
  context?: string | null;
  /** Default deadline of each call made through this connection. */
  timeoutMs?: number;
}

export interface ClusterConnection {
  readonly kubeConfig: KubeConfig;
  /** API server URL (for display; never includes credentials). */
  readonly server: string;
  readonly contextName: string;
  /** The kubeconfig's user entry name: the identity fallback when SelfSubjectReview is unavailable. */
  readonly kubeconfigUser: string | null;
  readonly defaultTimeoutMs: number;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly networking: NetworkingV1Api;
  readonly rbac: RbacAuthorizationV1Api;
  readonly policy: PolicyV1Api;
  readonly authorization: AuthorizationV1Api;
  readonly authentication: AuthenticationV1Api;
  readonly raw: RawApi;
}

function invalidConfig(message: string, cause?: unknown): K8sError {
  return new K8sError('Invalid', message, { reason: 'InvalidKubeconfig', operation: 'connect', cause });
}

export function connectCluster(options: ConnectOptions): ClusterConnection {
  const kc = new KubeConfig();
  try {
    if (options.kubeconfig) kc.loadFromString(options.kubeconfig);
    else if (options.inCluster) kc.loadFromCluster(env().CORDON_SERVICE_ACCOUNT_ROOT);
    else throw invalidConfig('connectCluster needs a kubeconfig or inCluster: true.');
  } catch (err) {
    if (err instanceof K8sError) throw err;
    // The parser's message may quote the file; keep only its first line.
    throw invalidConfig(`The kubeconfig could not be read: ${String((err as Error).message).split('\n')[0]}`, err);
  }
  if (options.context) {
    if (!kc.getContextObject(options.context)) throw invalidConfig(`The kubeconfig has no context named "${options.context}".`);
    kc.setCurrentContext(options.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) throw invalidConfig('The kubeconfig has no current context with a cluster server.');
  return {
    kubeConfig: kc,
    server: cluster.server,
    contextName: kc.getCurrentContext(),
    kubeconfigUser: kc.getCurrentUser()?.name ?? null,
    defaultTimeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    networking: kc.makeApiClient(NetworkingV1Api),
    rbac: kc.makeApiClient(RbacAuthorizationV1Api),
    policy: kc.makeApiClient(PolicyV1Api),
    authorization: kc.makeApiClient(AuthorizationV1Api),
    authentication: kc.makeApiClient(AuthenticationV1Api),
    raw: kc.makeApiClient(RawApi),
  };
}

/** What a loader hands back: the decrypted kubeconfig (and optionally which context to use). */
export type ClusterCredentials = string | ConnectOptions;
export type ClusterLoader = (clusterId: string) => Promise<ClusterCredentials>;

// On globalThis: the lean HTTP server and the Next.js bundle load this module separately.
const globalForK8s = globalThis as unknown as { cordonClusterConnections?: Map<string, Promise<ClusterConnection>> };
const connections = (globalForK8s.cordonClusterConnections ??= new Map<string, Promise<ClusterConnection>>());

/**
 * The cached connection for a cluster id, created through `loader` on first use. A failed load is
 * not cached, so the next call tries again.
 */
export function getClusterConnection(clusterId: string, loader: ClusterLoader): Promise<ClusterConnection> {
  const cached = connections.get(clusterId);
  if (cached) return cached;
  const created = loader(clusterId).then((credentials) =>
    connectCluster(typeof credentials === 'string' ? { kubeconfig: credentials } : credentials),
  );
  connections.set(clusterId, created);
  created.catch(() => {
    if (connections.get(clusterId) === created) connections.delete(clusterId);
  });
  return created;
}

/** Drop a cached connection (credentials replaced, cluster removed). */
export function forgetClusterConnection(clusterId?: string): void {
  if (clusterId === undefined) connections.clear();
  else connections.delete(clusterId);
}
