import type { Registry } from './api/registry.js';
import type { Pod, UserInfo } from './api/types.js';
import type { AuditBackend } from './audit/audit-backend.js';
import type { EventRecorder } from './controllers/event-recorder.js';
import type { ResolvedOptions } from './options.js';
import type { RbacAuthorizer } from './rbac/authorizer.js';
import type { PodRuntimes } from './runtime/pod-runtimes.js';
import type { Authenticator } from './server/authentication.js';
import type { ObjectStore } from './store/object-store.js';
import type { SimClock } from './util/clock.js';
import type { SimLogger } from './util/logger.js';
import type { SeededRandom } from './util/random.js';

export interface CheckpointRecord {
  node: string;
  namespace: string;
  pod: string;
  container: string;
  path: string;
  time: string;
}

/** Long-lived responses (watches, log follows, exec sessions) that `stop()` must end promptly. */
export class StreamRegistry {
  private readonly closers = new Set<() => void>();

  add(close: () => void): () => void {
    this.closers.add(close);
    return () => this.closers.delete(close);
  }

  get size(): number {
    return this.closers.size;
  }

  closeAll(): void {
    for (const close of [...this.closers]) close();
    this.closers.clear();
  }
}

/** Late-bound callbacks between parts that would otherwise import each other. */
export interface SimHooks {
  /** Can this pod reach host:port? Set by the traffic model, which applies NetworkPolicy and emits the flow. */
  networkProbe?: (pod: Pod, host: string, port: number, protocol: 'TCP' | 'UDP') => { verdict: 'allowed' | 'denied' | 'unresolved'; ip?: string };
  /** Every exec into a container (the runtime-detection emulation watches for shells with a TTY). */
  onExec?: (pod: Pod, container: string, argv: string[], tty: boolean, user: UserInfo, auditID: string) => void;
  /** Answers `/__sim/...` control requests (scenario start/stop/status); returns the JSON body or undefined. */
  control?: (method: string, path: string, query: URLSearchParams) => { code: number; body: unknown } | undefined;
}

/** Everything the simulator's parts share; built once by `startSimulator`. */
export interface SimContext {
  readonly options: ResolvedOptions;
  readonly logger: SimLogger;
  readonly random: SeededRandom;
  readonly clock: SimClock;
  readonly store: ObjectStore;
  readonly registry: Registry;
  readonly authorizer: RbacAuthorizer;
  readonly authenticator: Authenticator;
  readonly audit: AuditBackend;
  readonly events: EventRecorder;
  readonly runtime: PodRuntimes;
  readonly checkpoints: CheckpointRecord[];
  readonly streams: StreamRegistry;
  readonly hooks: SimHooks;
  /** While true, controllers build the initial cluster: no delays, no events, backdated objects. */
  readonly phase: { bootstrapping: boolean; bootstrapStartedMs: number };
  /** The users of the kubeconfig the simulator writes (their reads are not audited). */
  readonly consoleUsers: ReadonlySet<string>;
  /** Identity the in-process controllers write as. */
  readonly controllerUser: (name: string) => UserInfo;
}
