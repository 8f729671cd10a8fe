import { K } from '../api/known-types.js';
import type { Pod } from '../api/types.js';
import type { SimContext } from '../context.js';
import type { FalcoEmitter } from '../falco/falco-emitter.js';
import type { ProcessFields } from '../falco/falco-event.js';
import type { FalcoRule } from '../falco/rules.js';
import type { ContainerRuntime } from '../runtime/pod-runtimes.js';
import type { ConnectResult, TrafficEngine } from '../traffic/traffic-engine.js';
import { SeededRandom } from '../util/random.js';
import { rfc3339 } from '../util/time.js';
import type { ApiCallOptions, ApiResponse, SimApiClient } from './api-client.js';
import type { ScenarioActor, ScenarioInfo, ScenarioStatus } from './types.js';

export interface ScenarioDeps {
  sim: SimContext;
  traffic: TrafficEngine;
  falco: FalcoEmitter;
  api: SimApiClient;
  tokens: { platformEngineer: string; contractor: string };
}

export interface ScenarioDefinition {
  info: Omit<ScenarioInfo, 'actor'> & { actor: Omit<ScenarioActor, 'pod'> };
  /** Starts the attack; returns nothing, schedules its work on `run`. */
  start(run: ScenarioRun): void;
}

/**
 * One running scenario: its seeded randomness, timers in simulated time, and helpers that do
 * the attack through the real paths (network via the traffic engine, API via HTTP, alerts via
 * Falco) while counting what it emitted and noticing when it has been contained.
 */
export class ScenarioRun {
  readonly random: SeededRandom;
  readonly status: ScenarioStatus;
  private readonly cancels: (() => void)[] = [];
  private readonly auditIds = new Set<string>();
  private readonly unsubscribe: (() => void)[] = [];
  private targetUid: string | undefined;

  constructor(
    readonly deps: ScenarioDeps,
    readonly definition: ScenarioDefinition,
    seed: number,
  ) {
    this.random = new SeededRandom(`${seed}:${definition.info.name}`);
    this.status = {
      name: definition.info.name,
      running: true,
      seed,
      startedAt: rfc3339(),
      iterations: 0,
      phase: 'starting',
      actor: { ...definition.info.actor },
      contained: false,
      emitted: { falco: 0, falcoByRule: {}, flows: 0, flowsForwarded: 0, flowsDropped: 0, audit: 0, apiDenied: 0 },
    };
    this.unsubscribe.push(
      deps.sim.audit.subscribe((e) => {
        if (this.auditIds.has(e.auditID)) this.status.emitted.audit++;
      }),
      deps.falco.subscribe((a) => {
        if (a.auditID && this.auditIds.has(a.auditID)) this.countAlert(a.event.rule);
      }),
    );
  }

  get sim(): SimContext {
    return this.deps.sim;
  }

  /** Picks (once, deterministically for the seed) the pod this scenario compromises. */
  chooseTarget(namespace: string, workload: string): Pod | undefined {
    const pods = this.deps.traffic.topology.podsOf({ namespace, name: workload }).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const pod = pods.length > 0 ? this.random.pick(pods) : undefined;
    if (pod) {
      this.targetUid = pod.metadata.uid;
      this.status.actor.pod = pod.metadata.name;
    }
    return pod;
  }

  /** The compromised pod if it still exists (a replacement pod has another UID and is clean). */
  target(): Pod | undefined {
    if (!this.targetUid || !this.status.actor.pod) return undefined;
    const pod = this.sim.store.get(K.Pod, this.status.actor.namespace, this.status.actor.pod) as Pod | undefined;
    return pod && pod.metadata.uid === this.targetUid && !pod.metadata.deletionTimestamp ? pod : undefined;
  }

  container(pod: Pod): ContainerRuntime | undefined {
    return this.sim.runtime.container(pod, this.status.actor.container);
  }

  after(simMs: number, fn: () => void | Promise<void>): void {
    this.cancels.push(this.sim.clock.after(simMs, () => this.guard(fn)));
  }

  /** Repeats `fn` every `simMs` until the scenario stops. */
  every(simMs: number, fn: () => void | Promise<void>): void {
    const loop = () => {
      if (!this.status.running) return;
      this.status.iterations++;
      this.guard(fn);
      this.cancels.push(this.sim.clock.after(simMs, loop));
    };
    this.cancels.push(this.sim.clock.after(simMs, loop));
  }

  private guard(fn: () => void | Promise<void>): void {
    if (!this.status.running) return;
    try {
      const result = fn();
      if (result instanceof Promise) result.catch((err: unknown) => (this.status.lastError = String((err as Error)?.message ?? err)));
    } catch (err) {
      this.status.lastError = String((err as Error)?.message ?? err);
    }
  }

  phase(name: string): void {
    this.status.phase = name;
  }

  connect(from: Pod, host: string, port: number, protocol: 'TCP' | 'UDP' = 'TCP'): ConnectResult {
    return this.deps.traffic.attribute((f) => this.countFlow(f.flow.verdict as string), () => this.deps.traffic.connect(from, host, port, protocol));
  }

  inbound(clientIp: string, targets: Parameters<TrafficEngine['inbound']>[1]): ConnectResult {
    return this.deps.traffic.attribute((f) => this.countFlow(f.flow.verdict as string), () => this.deps.traffic.inbound(clientIp, targets));
  }

  connectToApiServer(from: Pod): ConnectResult {
    return this.deps.traffic.attribute((f) => this.countFlow(f.flow.verdict as string), () => this.deps.traffic.connectToApiServer(from));
  }

  alert(rule: FalcoRule, pod: Pod, fields: ProcessFields): void {
    this.deps.falco.syscall(rule, pod, this.status.actor.container ?? pod.spec.containers[0]?.name ?? '', fields);
    this.countAlert(rule.rule);
  }

  async api(method: string, path: string, opts: ApiCallOptions, body?: unknown): Promise<ApiResponse> {
    const response = await this.deps.api.call(method, path, opts, body);
    this.noteResponse(response.status, response.auditId);
    return response;
  }

  async execShell(namespace: string, pod: string, container: string, commands: string[], opts: ApiCallOptions): Promise<number> {
    const result = await this.deps.api.execShell(namespace, pod, container, commands, opts);
    this.noteResponse(result.status, result.auditId);
    return result.status;
  }

  private noteResponse(status: number, auditId: string | undefined): void {
    if (auditId) {
      this.auditIds.add(auditId);
      // The audit event of this request was recorded before the response was sent.
      this.status.emitted.audit += this.sim.audit.recent().filter((e) => e.auditID === auditId).length;
      for (const a of this.deps.falco.recent()) if (a.auditID === auditId) this.countAlert(a.event.rule);
    }
    if (status === 401 || status === 403) this.status.emitted.apiDenied++;
  }

  private countAlert(rule: string): void {
    this.status.emitted.falco++;
    this.status.emitted.falcoByRule[rule] = (this.status.emitted.falcoByRule[rule] ?? 0) + 1;
  }

  private countFlow(verdict: string): void {
    this.status.emitted.flows++;
    if (verdict === 'DROPPED') this.status.emitted.flowsDropped++;
    else this.status.emitted.flowsForwarded++;
  }

  /** Records whether the attack is currently contained, and why. */
  setContained(contained: boolean, reason?: string): void {
    if (contained && !this.status.contained) {
      this.status.contained = true;
      this.status.containedReason = reason;
      this.status.containedAt = rfc3339();
    } else if (contained && reason) {
      this.status.containedReason = reason;
    } else if (!contained && this.status.contained) {
      this.status.contained = false;
      delete this.status.containedReason;
      delete this.status.containedAt;
    }
  }

  stop(): void {
    if (!this.status.running) return;
    this.status.running = false;
    this.status.stoppedAt = rfc3339();
    this.phase('stopped');
    for (const cancel of this.cancels.splice(0)) cancel();
    for (const u of this.unsubscribe.splice(0)) u();
  }
}
