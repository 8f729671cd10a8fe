import type { SimLogger } from './util/logger.js';
import { silentLogger } from './util/logger.js';

export type ProfileName = 'demo' | 'large';

export interface LargeProfileSize {
  /** Application namespaces (default 150). */
  namespaces?: number;
  /** Deployments per namespace (default 20). */
  workloadsPerNamespace?: number;
  /** Replicas per Deployment (default 1). */
  podsPerWorkload?: number;
  /** Worker nodes (default: enough for ~110 pods each). */
  nodes?: number;
}

export interface IngestTarget {
  /** The console's base URL; the simulator posts to `<baseUrl>/api/ingest/{falco,k8s-audit,flows}`. */
  baseUrl: string;
  tokens: { falco?: string; k8sAudit?: string; flows?: string };
}

export interface SimulatorOptions {
  /** TCP port; 0 picks a free one (default 0). */
  port?: number;
  /** Listen address (default 127.0.0.1). */
  host?: string;
  profile?: ProfileName;
  large?: LargeProfileSize;
  /** Seed for names, traffic and scenarios (default 1). */
  seed?: number;
  /** Time compression for pod lifecycles and scenarios: 10 means ten times faster (default 1). */
  speed?: number;
  ingest?: IngestTarget;
  /** Background Hubble flow batches every N ms; 0 turns background traffic off (default 2000). */
  trafficIntervalMs?: number;
  /** Serve the kubelet checkpoint API through the node proxy (default true). */
  checkpointApi?: boolean;
  logger?: SimLogger;
  /** Fixed bearer tokens instead of random ones (useful for a stable kubeconfig). */
  tokens?: { admin?: string; readOnly?: string };
  /**
   * The serving certificate (PEM) instead of a new self-signed one: with the same port and tokens,
   * a restarted simulator answers the kubeconfig of the previous one (fault tests restart it).
   */
  certificate?: { certPem: string; keyPem: string };
  /** BOOKMARK cadence on watches that allow them; kube-apiserver sends one about every minute (default 60000). */
  watchBookmarkIntervalMs?: number;
  /** Events kept per resource type for watch resumption before a resume gets 410 (default 10000). */
  watchHistorySize?: number;
  /** Audit webhook batching (defaults: 100 events or 200 ms). */
  auditBatch?: { maxEvents?: number; maxWaitMs?: number };
}

export interface ResolvedOptions {
  port: number;
  host: string;
  profile: ProfileName;
  large: Required<LargeProfileSize>;
  seed: number;
  speed: number;
  ingest?: IngestTarget;
  trafficIntervalMs: number;
  checkpointApi: boolean;
  logger: SimLogger;
  tokens: { admin?: string; readOnly?: string };
  certificate?: { certPem: string; keyPem: string };
  watchBookmarkIntervalMs: number;
  watchHistorySize: number;
  auditBatch: { maxEvents: number; maxWaitMs: number };
}

export function resolveOptions(opts: SimulatorOptions): ResolvedOptions {
  const namespaces = opts.large?.namespaces ?? 150;
  const workloadsPerNamespace = opts.large?.workloadsPerNamespace ?? 20;
  const podsPerWorkload = opts.large?.podsPerWorkload ?? 1;
  const pods = namespaces * workloadsPerNamespace * podsPerWorkload;
  return {
    port: opts.port ?? 0,
    host: opts.host ?? '127.0.0.1',
    profile: opts.profile ?? 'demo',
    large: { namespaces, workloadsPerNamespace, podsPerWorkload, nodes: opts.large?.nodes ?? Math.max(3, Math.ceil(pods / 110)) },
    seed: opts.seed ?? 1,
    speed: opts.speed && opts.speed > 0 ? opts.speed : 1,
    ingest: opts.ingest,
    trafficIntervalMs: opts.trafficIntervalMs ?? 2000,
    checkpointApi: opts.checkpointApi ?? true,
    logger: opts.logger ?? silentLogger,
    tokens: opts.tokens ?? {},
    certificate: opts.certificate,
    watchBookmarkIntervalMs: opts.watchBookmarkIntervalMs ?? 60_000,
    watchHistorySize: opts.watchHistorySize ?? 10_000,
    auditBatch: { maxEvents: opts.auditBatch?.maxEvents ?? 100, maxWaitMs: opts.auditBatch?.maxWaitMs ?? 200 },
  };
}
