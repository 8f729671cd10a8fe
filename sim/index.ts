import { writeFile } from 'node:fs/promises';
import { namespaceLifecycle, serviceAccountAdmission, serviceAllocator } from './api/admission-plugins.js';
import { Registry } from './api/registry.js';
import { resourceTypeForKind } from './api/resources.js';
import type { StoredObject, UserInfo } from './api/types.js';
import { AuditBackend } from './audit/audit-backend.js';
import type { AuditEvent } from './audit/types.js';
import { bootstrapCluster } from './cluster/bootstrap.js';
import { HUMAN_USERS } from './cluster/demo-extras.js';
import { READ_ONLY_USER } from './cluster/rbac-defaults.js';
import type { CheckpointRecord, SimContext } from './context.js';
import { StreamRegistry } from './context.js';
import { EventRecorder } from './controllers/event-recorder.js';
import { ControllerManager } from './controllers/manager.js';
import { createIngestSenders } from './ingest-client/index.js';
import { buildKubeconfig } from './kubeconfig.js';
import { LogService } from './logs/log-service.js';
import type { SimulatorOptions } from './options.js';
import { resolveOptions } from './options.js';
import { RbacAuthorizer } from './rbac/authorizer.js';
import { rbacEscalationCheck } from './rbac/escalation-check.js';
import { PodRuntimes } from './runtime/pod-runtimes.js';
import { FalcoEmitter } from './falco/falco-emitter.js';
import type { FalcoEvent } from './falco/falco-event.js';
import type { SenderStats } from './ingest-client/sender.js';
import { SimApiClient } from './scenarios/api-client.js';
import { scenarioControl } from './scenarios/control-api.js';
import { ScenarioEngine } from './scenarios/engine.js';
import type { ScenarioInfo, ScenarioName, ScenarioStatus } from './scenarios/types.js';
import { ApiServer } from './server/api-server.js';
import type { HubbleFlowRecord } from './traffic/hubble-flow.js';
import { TrafficEngine } from './traffic/traffic-engine.js';
import { Authenticator } from './server/authentication.js';
import { createServingCertificate } from './server/tls/self-signed-cert.js';
import { ObjectStore } from './store/object-store.js';
import { SimClock } from './util/clock.js';
import { newOpaqueToken } from './util/ids.js';
import { SeededRandom } from './util/random.js';

export type { SimulatorOptions, IngestTarget, LargeProfileSize, ProfileName } from './options.js';
export type { AuditEvent } from './audit/types.js';
export type { CheckpointRecord } from './context.js';
export type { FalcoEvent } from './falco/falco-event.js';
export type { HubbleFlowRecord } from './traffic/hubble-flow.js';
export type { ScenarioInfo, ScenarioName, ScenarioStatus, ScenarioActor, ExpectedDetections, EmissionCounts } from './scenarios/types.js';
export type { SenderStats } from './ingest-client/sender.js';
export { IngestSender } from './ingest-client/sender.js';

export interface ScenarioControl {
  /** Every scenario with its description, expected detections, containment and actor. */
  list(): ScenarioInfo[];
  /** Starts one scenario (deterministic for the seed); returns its live status object. */
  start(name: ScenarioName | (string & {}), opts?: { seed?: number }): ScenarioStatus;
  stop(name: ScenarioName | (string & {})): ScenarioStatus | undefined;
  stopAll(): void;
  status(name: ScenarioName | (string & {})): ScenarioStatus | undefined;
  statuses(): ScenarioStatus[];
}

export interface StoreReader {
  /** One object by Kind (e.g. 'Pod', 'Deployment', 'NetworkPolicy'), namespace and name. */
  get(kind: string, namespace: string | undefined, name: string): StoredObject | undefined;
  list(kind: string, namespace?: string): StoredObject[];
  readonly resourceVersion: number;
}

export interface RunningSimulator {
  /** The API server as the kubeconfig names it, e.g. https://127.0.0.1:41234 (self-signed CA below). */
  readonly url: string;
  /** The same port spoken in plain HTTP (no TLS), e.g. http://127.0.0.1:41234. */
  readonly httpUrl: string;
  /** PEM of the self-signed CA/serving certificate (also inlined in the kubeconfig). */
  readonly caCertificate: string;
  /** The serving certificate and key (PEM), to restart a simulator with the same kubeconfig. */
  readonly certificate: { certPem: string; keyPem: string };
  readonly port: number;
  /** Bearer tokens: `admin` (system:masters) and `readOnly` (the `view` role plus nodes). */
  readonly tokens: { admin: string; readOnly: string; platformEngineer: string; contractor: string };
  kubeconfig(opts?: { user?: 'admin' | 'read-only' }): string;
  writeKubeconfig(path: string, opts?: { user?: 'admin' | 'read-only' }): Promise<void>;
  readonly store: StoreReader;
  readonly audit: { recent(): readonly AuditEvent[]; subscribe(listener: (e: AuditEvent) => void): () => void };
  readonly checkpoints: readonly CheckpointRecord[];
  readonly scenarios: ScenarioControl;
  /** Hubble flows as emitted (also posted to the console when ingest is configured). */
  readonly flows: { recent(): readonly HubbleFlowRecord[]; subscribe(listener: (f: HubbleFlowRecord) => void): () => void; tick(): void; readonly stats: { emitted: number; forwarded: number; dropped: number } };
  /** Falco events as emitted (Falcosidekick format). */
  readonly falco: { recent(): readonly FalcoEvent[]; subscribe(listener: (e: FalcoEvent) => void): () => void };
  /** Delivery counters of the three ingest senders (absent when no ingest is configured). */
  ingestStats(): { falco?: SenderStats; k8sAudit?: SenderStats; flows?: SenderStats };
  /** Closes every socket (watches, log follows, exec sessions), stops timers and flushes senders. */
  stop(): Promise<void>;
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const options = resolveOptions(opts);
  const random = new SeededRandom(options.seed);
  const clock = new SimClock(options.speed);
  const store = new ObjectStore(options.watchHistorySize);
  store.onListenerError = (err) => options.logger.error('store listener failed', { error: (err as Error)?.stack ?? String(err) });
  const authorizer = new RbacAuthorizer(store);
  const registry = new Registry(store, [namespaceLifecycle(store), serviceAccountAdmission(store, random.fork('sa')), serviceAllocator(store, random.fork('svc')), rbacEscalationCheck(store, authorizer)], random.fork('names'));

  const tokens = {
    admin: options.tokens.admin ?? newOpaqueToken('admin'),
    readOnly: options.tokens.readOnly ?? newOpaqueToken('viewer'),
    platformEngineer: newOpaqueToken('jsmith'),
    contractor: newOpaqueToken('dvasquez'),
  };
  const staticUsers = new Map<string, UserInfo>([
    [tokens.admin, { username: 'kubernetes-admin', groups: ['system:masters'] }],
    [tokens.readOnly, { username: READ_ONLY_USER, groups: [] }],
    [tokens.platformEngineer, { username: HUMAN_USERS.platformEngineer.username, groups: [...HUMAN_USERS.platformEngineer.groups] }],
    [tokens.contractor, { username: HUMAN_USERS.contractor.username, groups: [...HUMAN_USERS.contractor.groups] }],
  ]);
  const senders = createIngestSenders(options.ingest, options.logger, options.auditBatch);
  const sim: SimContext = {
    options,
    logger: options.logger,
    random,
    clock,
    store,
    registry,
    authorizer,
    authenticator: new Authenticator(store, staticUsers),
    audit: new AuditBackend(senders.audit),
    events: new EventRecorder(store, random.fork('events')),
    runtime: new PodRuntimes(store),
    checkpoints: [],
    streams: new StreamRegistry(),
    hooks: {},
    phase: { bootstrapping: true, bootstrapStartedMs: Date.now() },
    consoleUsers: new Set(['kubernetes-admin', READ_ONLY_USER]),
    controllerUser: (name) => ({ username: `system:serviceaccount:kube-system:${name}`, groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] }),
  };

  const started = Date.now();
  const controllers = new ControllerManager(sim);
  sim.events.enabled = false;
  const model = bootstrapCluster(sim, controllers);
  sim.phase.bootstrapping = false;
  sim.events.enabled = true;
  store.startHistory();
  options.logger.info('cluster ready', { profile: options.profile, objects: countObjects(store), ms: Date.now() - started });

  const certificate = options.certificate ?? createServingCertificate(['127.0.0.1', 'localhost', '::1', options.host]);
  const server = new ApiServer(sim, new LogService(sim.runtime, options.speed), certificate);
  const port = await server.listen(options.port, options.host);
  const traffic = new TrafficEngine(sim, model.workloads, senders.flows);
  const falco = new FalcoEmitter(sim, senders.falco);
  const scenarios = new ScenarioEngine({ sim, traffic, falco, api: new SimApiClient(`http://127.0.0.1:${port}`), tokens }, options.seed);
  sim.hooks.control = scenarioControl(scenarios, traffic);
  traffic.start();
  const hostPart = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `https://${hostPart}:${port}`;
  const kubeconfig = (o?: { user?: 'admin' | 'read-only' }) =>
    buildKubeconfig(url, certificate.certPem, [{ name: 'admin', token: tokens.admin }, { name: 'read-only', token: tokens.readOnly }], o?.user ?? 'admin');

  let stopped: Promise<void> | undefined;
  return {
    url,
    httpUrl: url.replace(/^https:/, 'http:'),
    caCertificate: certificate.certPem,
    certificate,
    port,
    tokens,
    kubeconfig,
    writeKubeconfig: (path, o) => writeFile(path, kubeconfig(o), { mode: 0o600 }),
    store: {
      get: (kind, namespace, name) => store.get(resourceTypeForKind(kind), namespace, name),
      list: (kind, namespace) => store.list(resourceTypeForKind(kind), namespace),
      get resourceVersion() {
        return store.resourceVersion;
      },
    },
    audit: { recent: () => sim.audit.recent(), subscribe: (l) => sim.audit.subscribe(l) },
    checkpoints: sim.checkpoints,
    scenarios: {
      list: () => scenarios.list(),
      start: (name, o) => scenarios.start(name, o),
      stop: (name) => scenarios.stop(name),
      stopAll: () => scenarios.stopAll(),
      status: (name) => scenarios.status(name),
      statuses: () => scenarios.statuses(),
    },
    flows: { recent: () => traffic.recent(), subscribe: (l) => traffic.subscribe(l), tick: () => traffic.tick(), stats: traffic.stats },
    falco: {
      recent: () => falco.recent().map((a) => a.event),
      subscribe: (l) => falco.subscribe((a) => l(a.event)),
    },
    ingestStats: () => ({ falco: senders.falco?.stats, k8sAudit: senders.audit?.stats, flows: senders.flows?.stats }),
    stop() {
      stopped ??= (async () => {
        scenarios.stopAll();
        traffic.stop();
        clock.stop();
        controllers.stop();
        await server.close();
        await Promise.all([senders.falco, senders.audit, senders.flows].map((s) => s?.close(500) ?? Promise.resolve()));
      })();
      return stopped;
    },
  };
}

function countObjects(store: ObjectStore): number {
  return ['Pod', 'Deployment', 'ReplicaSet', 'Service', 'Namespace'].reduce((n, kind) => n + store.count(resourceTypeForKind(kind)), 0);
}
