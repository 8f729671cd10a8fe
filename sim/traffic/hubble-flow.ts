import type { Pod } from '../api/types.js';
import { hashString } from '../util/random.js';
import type { WorkloadRef } from './topology.js';

/** The Hubble JSON of one flow, as `hubble observe -o json` prints it. */
export interface HubbleFlowRecord {
  flow: Record<string, unknown>;
  node_name: string;
  time: string;
}

export interface FlowSide {
  ip: string;
  port: number;
  pod?: Pod;
  workload?: WorkloadRef;
  namespaceLabels?: Record<string, string>;
  /** Reserved identity for endpoints outside the cluster (2 = world). */
  reserved?: 'world' | 'host' | 'kube-apiserver';
}

export interface FlowSpec {
  timeMs: number;
  uuid: string;
  src: FlowSide;
  dst: FlowSide;
  protocol: 'TCP' | 'UDP';
  verdict: 'FORWARDED' | 'DROPPED';
  direction: 'EGRESS' | 'INGRESS';
  nodeName: string;
  clusterName: string;
  destinationNames?: string[];
  destinationService?: { name: string; namespace: string };
  tcpFlags?: Record<string, boolean>;
}

const RESERVED_IDENTITY = { host: 1, world: 2, 'kube-apiserver': 7 } as const;
const EXCLUDED_LABELS = new Set(['pod-template-hash', 'controller-revision-hash', 'pod-template-generation', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index']);

/** Cilium security labels of a pod: its labels plus namespace, service account and cluster. */
export function ciliumLabels(pod: Pod, namespaceLabels: Record<string, string>): string[] {
  const labels = Object.entries(pod.metadata.labels ?? {})
    .filter(([k]) => !EXCLUDED_LABELS.has(k))
    .map(([k, v]) => `k8s:${k}=${v}`);
  for (const [k, v] of Object.entries(namespaceLabels)) labels.push(`k8s:io.cilium.k8s.namespace.labels.${k}=${v}`);
  labels.push('k8s:io.cilium.k8s.policy.cluster=default');
  labels.push(`k8s:io.cilium.k8s.policy.serviceaccount=${pod.spec.serviceAccountName ?? 'default'}`);
  labels.push(`k8s:io.kubernetes.pod.namespace=${pod.metadata.namespace}`);
  return labels.sort();
}

function endpoint(side: FlowSide): Record<string, unknown> {
  if (!side.pod) {
    const reserved = side.reserved ?? 'world';
    return { identity: RESERVED_IDENTITY[reserved], labels: [`reserved:${reserved}`] };
  }
  const labels = ciliumLabels(side.pod, side.namespaceLabels ?? {});
  const out: Record<string, unknown> = {
    ID: 1 + (hashString(side.pod.metadata.uid) % 4000),
    // Cilium allocates one identity per distinct label set, cluster-wide.
    identity: 256 + (hashString(labels.join(',')) % 65_000),
    cluster_name: 'default',
    namespace: side.pod.metadata.namespace,
    labels,
    pod_name: side.pod.metadata.name,
  };
  if (side.workload) out.workloads = [{ name: side.workload.name, kind: side.workload.kind }];
  return out;
}

function nanoTime(ms: number, salt: string): string {
  const iso = new Date(Math.floor(ms)).toISOString();
  const nanos = String(hashString(salt) % 1_000_000).padStart(6, '0');
  return iso.replace(/Z$/, `${nanos}Z`);
}

export function buildFlow(spec: FlowSpec): HubbleFlowRecord {
  const time = nanoTime(spec.timeMs, spec.uuid);
  const node = `${spec.clusterName}/${spec.nodeName}`;
  const l4 = spec.protocol === 'TCP'
    ? { TCP: { source_port: spec.src.port, destination_port: spec.dst.port, flags: spec.tcpFlags ?? { SYN: true } } }
    : { UDP: { source_port: spec.src.port, destination_port: spec.dst.port } };
  const flow: Record<string, unknown> = {
    time,
    uuid: spec.uuid,
    verdict: spec.verdict,
    IP: { source: spec.src.ip, destination: spec.dst.ip, ipVersion: 'IPv4' },
    l4,
    source: endpoint(spec.src),
    destination: endpoint(spec.dst),
    Type: 'L3_L4',
    node_name: node,
    event_type: spec.verdict === 'DROPPED' ? { type: 1, sub_type: 133 } : { type: 4 },
    traffic_direction: spec.direction,
    trace_observation_point: spec.verdict === 'DROPPED' ? undefined : spec.direction === 'INGRESS' ? 'TO_ENDPOINT' : 'TO_STACK',
    is_reply: false,
    Summary: spec.protocol === 'TCP' ? `TCP Flags: ${Object.keys(spec.tcpFlags ?? { SYN: true }).join(', ')}` : 'UDP',
  };
  if (spec.verdict === 'DROPPED') {
    flow.drop_reason = 133;
    flow.drop_reason_desc = 'POLICY_DENIED';
  }
  if (flow.trace_observation_point === undefined) delete flow.trace_observation_point;
  if (spec.destinationNames?.length) flow.destination_names = spec.destinationNames;
  if (spec.destinationService) flow.destination_service = spec.destinationService;
  return { flow, node_name: node, time };
}
