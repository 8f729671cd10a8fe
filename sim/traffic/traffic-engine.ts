import type { Pod } from '../api/types.js';
import type { AppWorkload } from '../cluster/app-model.js';
import type { SimContext } from '../context.js';
import type { IngestSender } from '../ingest-client/sender.js';
import type { Endpoint, Verdict } from '../netpol/evaluator.js';
import { NetworkPolicyEvaluator } from '../netpol/evaluator.js';
import type { SimConnection } from '../runtime/pod-runtimes.js';
import { programName } from '../runtime/pod-runtimes.js';
import { hashString } from '../util/random.js';
import type { CallEdge } from './call-graph.js';
import { buildCallGraph } from './call-graph.js';
import type { FlowSide, HubbleFlowRecord } from './hubble-flow.js';
import { buildFlow } from './hubble-flow.js';
import type { PodTarget } from './topology.js';
import { Topology } from './topology.js';

export interface ConnectResult {
  verdict: 'allowed' | 'denied' | 'unresolved';
  ip?: string;
  port?: number;
  flow?: HubbleFlowRecord;
}

export type FlowListener = (flow: HubbleFlowRecord) => void;

const CLUSTER = 'cordon-sim';
const MAX_FLOWS_PER_TICK = 600;
const INTERNET_CLIENTS = ['198.51.100.23', '203.0.113.54', '192.0.2.77', '198.51.100.140', '203.0.113.201'];

/**
 * The network: every connection (background app traffic, an attack, a `curl` in an exec session)
 * goes through `connect`, which applies NetworkPolicy and records a Hubble flow, FORWARDED or
 * DROPPED (POLICY_DENIED). Flows go to the console as NDJSON and to in-process listeners.
 */
export class TrafficEngine {
  readonly topology: Topology;
  readonly policies: NetworkPolicyEvaluator;
  private readonly edges: CallEdge[];
  private readonly recentFlows: HubbleFlowRecord[] = [];
  private readonly listeners = new Set<FlowListener>();
  private cursor = 0;
  private tickCount = 0;
  private stopTimer: (() => void) | undefined;
  /** While a scenario acts, its flows are also counted by it. */
  private attribution: ((flow: HubbleFlowRecord) => void) | undefined;
  readonly stats = { emitted: 0, forwarded: 0, dropped: 0 };
  private readonly random;

  constructor(
    private readonly sim: SimContext,
    workloads: AppWorkload[],
    private readonly sender: IngestSender<unknown> | undefined,
  ) {
    this.topology = new Topology(sim.store);
    this.policies = new NetworkPolicyEvaluator(sim.store);
    this.edges = buildCallGraph(workloads);
    this.random = sim.random.fork('traffic');
    sim.runtime.connectionProvider = (pod) => this.connectionsOf(pod, workloads);
    sim.hooks.networkProbe = (pod, host, port, protocol) => {
      const r = this.connect(pod, host, port, protocol);
      return { verdict: r.verdict, ip: r.ip };
    };
  }

  start(): void {
    if (this.sim.options.trafficIntervalMs > 0) this.stopTimer = this.sim.clock.everyReal(this.sim.options.trafficIntervalMs, () => this.tick());
  }

  stop(): void {
    this.stopTimer?.();
  }

  recent(): readonly HubbleFlowRecord[] {
    return this.recentFlows;
  }

  subscribe(listener: FlowListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs `fn` with every flow it causes also passed to `sink`. */
  attribute<T>(sink: (flow: HubbleFlowRecord) => void, fn: () => T): T {
    const previous = this.attribution;
    this.attribution = sink;
    try {
      return fn();
    } finally {
      this.attribution = previous;
    }
  }

  /** A pod talking to the API server (kubernetes.default → the control plane's :6443). */
  connectToApiServer(from: Pod): ConnectResult {
    const ip = '10.0.1.10';
    const verdict = this.policies.evaluate({ kind: 'pod', pod: from }, { kind: 'external', ip }, 6443, 'TCP');
    const flow = this.record(this.side(from, this.ephemeralPort()), { ip, port: 6443, reserved: 'kube-apiserver' }, 'TCP', verdict, { name: 'kubernetes', namespace: 'default' }, undefined, undefined, from);
    return { verdict: verdict.allowed ? 'allowed' : 'denied', ip, port: 6443, flow };
  }

  /** One background traffic round: a window of call-graph edges, DNS lookups, internet clients. */
  tick(): void {
    this.tickCount++;
    const budget = Math.min(this.edges.length, MAX_FLOWS_PER_TICK);
    for (let i = 0; i < budget; i++) {
      const edge = this.edges[(this.cursor + i) % this.edges.length] as CallEdge;
      if (!this.random.chance(edge.rate)) continue;
      const pods = this.topology.podsOf(edge.from);
      const src = pods[this.tickCount % Math.max(1, pods.length)];
      if (!src) continue;
      if (edge.external) this.connect(src, edge.external.name, edge.external.port, edge.external.protocol, { skipDns: !this.random.chance(0.2) });
      else if (edge.to) {
        const svc = this.topology.serviceOf(edge.to);
        if (svc) this.connectToTargets(src, this.topology.backends(svc), { host: svc.metadata.name, dns: this.random.chance(0.1) });
      }
    }
    this.cursor = this.edges.length ? (this.cursor + budget) % this.edges.length : 0;
    for (const target of ['ingress-nginx/ingress-nginx-controller', 'shop/frontend']) {
      const [namespace, name] = target.split('/') as [string, string];
      const svc = this.topology.serviceOf({ namespace, name });
      if (!svc || !this.random.chance(0.7)) continue;
      this.inbound(this.random.pick(INTERNET_CLIENTS), this.topology.backends(svc));
    }
  }

  /** A connection from a pod to a name or IP, with the DNS lookup a real client would do first. */
  connect(from: Pod, host: string, port: number, protocol: 'TCP' | 'UDP' = 'TCP', opts: { skipDns?: boolean } = {}): ConnectResult {
    const isIp = /^\d+\.\d+\.\d+\.\d+$/.test(host);
    if (!isIp && !opts.skipDns && !this.dnsLookup(from)) return { verdict: 'unresolved' };
    const resolved = this.topology.resolve(host, from.metadata.namespace as string);
    if (!resolved) return { verdict: 'unresolved' };
    if (resolved.service) {
      return this.connectToTargets(from, this.topology.backends(resolved.service, port), { host, dns: false, clusterIp: resolved.ip });
    }
    const external = resolved.external;
    if (!external) return { verdict: 'unresolved' };
    const names = isIp ? undefined : [host];
    return this.emit(from, { kind: 'external', ip: external.ip }, { ip: external.ip, port }, protocol, { destinationNames: names });
  }

  /** The DNS query to kube-dns that precedes a connection by name; false if it was dropped. */
  dnsLookup(from: Pod): boolean {
    const svc = this.topology.serviceOf({ namespace: 'kube-system', name: 'coredns' });
    const targets = svc ? this.topology.backends(svc, 53).filter((t) => t.protocol === 'UDP') : [];
    if (targets.length === 0) return true;
    return this.connectToTargets(from, targets, { host: 'kube-dns', dns: false }).verdict === 'allowed';
  }

  /** Internet client → pods behind a LoadBalancer Service (or an Ingress controller). */
  inbound(clientIp: string, targets: PodTarget[]): ConnectResult {
    const target = targets[hashString(`${clientIp}:${this.tickCount}`) % Math.max(1, targets.length)];
    if (!target) return { verdict: 'unresolved' };
    const verdict = this.policies.evaluate({ kind: 'external', ip: clientIp }, { kind: 'pod', pod: target.pod }, target.port, target.protocol);
    const flow = this.record({ ip: clientIp, port: this.ephemeralPort(), reserved: 'world' }, this.side(target.pod, target.port), target.protocol, verdict, target.service, undefined, target.pod);
    return { verdict: verdict.allowed ? 'allowed' : 'denied', ip: target.pod.status?.podIP, port: target.port, flow };
  }

  private connectToTargets(from: Pod, targets: PodTarget[], opts: { host: string; dns: boolean; clusterIp?: string }): ConnectResult {
    if (opts.dns && !this.dnsLookup(from)) return { verdict: 'unresolved' };
    const target = targets[hashString(`${from.metadata.uid}:${opts.host}:${this.tickCount}`) % Math.max(1, targets.length)];
    if (!target) return { verdict: 'denied', ip: opts.clusterIp };
    return this.emit(from, { kind: 'pod', pod: target.pod }, { ip: target.pod.status?.podIP as string, port: target.port, pod: target.pod }, target.protocol, { service: target.service });
  }

  private emit(from: Pod, dst: Endpoint, dstSide: { ip: string; port: number; pod?: Pod }, protocol: 'TCP' | 'UDP', extra: { destinationNames?: string[]; service?: { name: string; namespace: string } }): ConnectResult {
    const verdict = this.policies.evaluate({ kind: 'pod', pod: from }, dst, dstSide.port, protocol);
    const dstFlowSide = dstSide.pod ? this.side(dstSide.pod, dstSide.port) : { ip: dstSide.ip, port: dstSide.port, reserved: 'world' as const };
    const flow = this.record(this.side(from, this.ephemeralPort()), dstFlowSide, protocol, verdict, extra.service, extra.destinationNames, dstSide.pod, from);
    return { verdict: verdict.allowed ? 'allowed' : 'denied', ip: dstSide.ip, port: dstSide.port, flow };
  }

  private side(pod: Pod, port: number): FlowSide {
    return { ip: pod.status?.podIP ?? '', port, pod, workload: this.topology.workloadOf(pod), namespaceLabels: this.topology.namespaceLabels(pod.metadata.namespace as string) };
  }

  private record(src: FlowSide, dst: FlowSide, protocol: 'TCP' | 'UDP', verdict: Verdict, service: { name: string; namespace: string } | undefined, names: string[] | undefined, dstPod?: Pod, srcPod?: Pod): HubbleFlowRecord {
    // A drop is seen where it happens; a forwarded flow where it is delivered (or leaves the cluster).
    const direction: 'EGRESS' | 'INGRESS' = verdict.allowed ? (dstPod ? 'INGRESS' : 'EGRESS') : (verdict.deniedAt ?? 'EGRESS');
    const nodePod = direction === 'INGRESS' ? (dstPod ?? srcPod) : (srcPod ?? dstPod);
    const flow = buildFlow({
      timeMs: Date.now(),
      uuid: this.random.uuid(),
      src,
      dst,
      protocol,
      verdict: verdict.allowed ? 'FORWARDED' : 'DROPPED',
      direction,
      nodeName: nodePod?.spec.nodeName ?? 'demo-worker-1',
      clusterName: CLUSTER,
      destinationNames: names,
      destinationService: service,
    });
    this.stats.emitted++;
    if (verdict.allowed) this.stats.forwarded++;
    else this.stats.dropped++;
    this.recentFlows.push(flow);
    if (this.recentFlows.length > 5000) this.recentFlows.splice(0, this.recentFlows.length - 5000);
    this.sender?.enqueue(flow);
    this.attribution?.(flow);
    for (const l of this.listeners) l(flow);
    return flow;
  }

  private ephemeralPort(): number {
    return this.random.int(32768, 60999);
  }

  /** Established sockets a pod would show in `netstat`, derived from the call graph and NetworkPolicy. */
  private connectionsOf(pod: Pod, workloads: AppWorkload[]): SimConnection[] {
    const me = this.topology.workloadOf(pod);
    const model = workloads.find((w) => w.namespace === pod.metadata.namespace && w.name === me?.name);
    if (!model) return [];
    const ip = pod.status?.podIP ?? '0.0.0.0';
    const program = programName(pod.spec.containers[0]?.command?.[0] ?? pod.spec.containers[0]?.name ?? '');
    const out: SimConnection[] = [];
    const seed = hashString(pod.metadata.uid);
    for (const [i, edge] of this.edges.entries()) {
      if (edge.from === model) {
        const svc = edge.to ? this.topology.serviceOf(edge.to) : undefined;
        const target = svc ? this.topology.backends(svc)[0] : undefined;
        const dstIp = target?.pod.status?.podIP ?? edge.external?.ip;
        const port = target?.port ?? edge.external?.port;
        if (!dstIp || !port) continue;
        const dst: Endpoint = target ? { kind: 'pod', pod: target.pod } : { kind: 'external', ip: dstIp };
        const allowed = this.policies.evaluate({ kind: 'pod', pod }, dst, port, 'TCP').allowed;
        out.push({ proto: 'tcp', localIp: ip, localPort: 32768 + ((seed + i * 7919) % 28000), remoteIp: dstIp, remotePort: port, state: allowed ? 'ESTABLISHED' : 'SYN_SENT', pid: 1, program });
      } else if (edge.to === model) {
        const caller = this.topology.podsOf(edge.from)[0];
        const local = pod.spec.containers[0]?.ports?.[0]?.containerPort;
        if (!caller?.status?.podIP || !local) continue;
        if (!this.policies.evaluate({ kind: 'pod', pod: caller }, { kind: 'pod', pod }, local, 'TCP').allowed) continue;
        out.push({ proto: 'tcp', localIp: ip, localPort: local, remoteIp: caller.status.podIP, remotePort: 32768 + ((seed + i * 104729) % 28000), state: 'ESTABLISHED', pid: pod.spec.containers[0]?.image?.includes('nginx') ? 7 : 1, program });
      }
    }
    return out;
  }
}
