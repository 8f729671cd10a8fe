// Hubble flows as `hubble observe -o json` prints them, one per line: {"flow": {...},
// "node_name": ..., "time": ...} (a bare flow object is accepted too). Each flow becomes an edge
// endpoint pair for the map: source workload → destination workload or external address.
import { z } from 'zod';
import type { FlowVerdict } from '../../db/generated/enums';

const endpoint = z
  .object({
    ID: z.number().optional(),
    identity: z.number().optional(),
    namespace: z.string().max(253).optional(),
    labels: z.array(z.string().max(512)).max(200).optional(),
    pod_name: z.string().max(253).optional(),
    workloads: z.array(z.object({ name: z.string().max(253), kind: z.string().max(64).optional() }).loose()).optional(),
  })
  .loose();

const portSchema = z.object({ source_port: z.number().int().optional(), destination_port: z.number().int().optional() }).loose();

export const hubbleFlowSchema = z
  .object({
    time: z.iso.datetime({ offset: true, error: 'must be an RFC 3339 time' }),
    uuid: z.string().max(100).optional(),
    verdict: z.string().min(1).max(32),
    drop_reason_desc: z.string().optional(),
    IP: z.object({ source: z.string().max(64), destination: z.string().max(64) }).loose(),
    l4: z
      .object({ TCP: portSchema.optional(), UDP: portSchema.optional(), SCTP: portSchema.optional(), ICMPv4: z.unknown().optional(), ICMPv6: z.unknown().optional() })
      .loose()
      .optional(),
    source: endpoint.optional(),
    destination: endpoint.optional(),
    destination_names: z.array(z.string().max(253)).optional(),
    node_name: z.string().max(253).optional(),
    traffic_direction: z.string().optional(),
    is_reply: z.boolean().optional(),
  })
  .loose();

export const hubbleLineSchema = z.union([
  z.object({ flow: hubbleFlowSchema, node_name: z.string().optional(), time: z.string().optional() }).loose(),
  hubbleFlowSchema,
]);

export type HubbleFlow = z.infer<typeof hubbleFlowSchema>;

export interface FlowEndpoint {
  key: string;
  namespace: string | null;
  name: string;
  kind: 'workload' | 'pod' | 'external' | 'host' | 'world';
  ip: string;
  /** For workloads: the workload kind and pod, for enrichment and detections. */
  workloadKind?: string;
  pod?: string;
}

export interface FlowRecord {
  uuid: string | null;
  time: Date;
  clusterName: string | null;
  src: FlowEndpoint;
  dst: FlowEndpoint;
  port: number;
  protocol: string;
  verdict: FlowVerdict;
  dropReason: string | null;
  node: string | null;
  /** The flow as received, kept as the raw payload of alerts derived from it. */
  original: unknown;
}

const VERDICTS: Record<string, FlowVerdict> = { FORWARDED: 'forwarded', DROPPED: 'dropped', ERROR: 'error', AUDIT: 'audit' };

export function unwrapFlow(line: z.infer<typeof hubbleLineSchema>): HubbleFlow {
  return 'flow' in line && line.flow && typeof line.flow === 'object' ? (line.flow as HubbleFlow) : (line as HubbleFlow);
}

function labelValue(labels: readonly string[] | undefined, key: string): string | undefined {
  const prefix = `k8s:${key}=`;
  return labels?.find((l) => l.startsWith(prefix))?.slice(prefix.length);
}

function toEndpoint(side: z.infer<typeof endpoint> | undefined, ip: string, names: readonly string[] | undefined): FlowEndpoint {
  const labels = side?.labels ?? [];
  if (side?.namespace && (side.workloads?.length || side.pod_name)) {
    const workload = side.workloads?.[0];
    if (workload) {
      const kind = workload.kind ?? 'Deployment';
      return { key: `${side.namespace}/${kind}/${workload.name}`, namespace: side.namespace, name: workload.name, kind: 'workload', ip, workloadKind: kind, pod: side.pod_name };
    }
    return { key: `${side.namespace}/Pod/${side.pod_name}`, namespace: side.namespace, name: side.pod_name!, kind: 'pod', ip, pod: side.pod_name };
  }
  if (labels.includes('reserved:host') || labels.includes('reserved:remote-node')) {
    return { key: `host:${ip}`, namespace: null, name: ip, kind: 'host', ip };
  }
  if (labels.includes('reserved:kube-apiserver')) return { key: 'kube-apiserver', namespace: null, name: 'kube-apiserver', kind: 'host', ip };
  const dnsName = names?.[0];
  if (dnsName) return { key: `dns:${dnsName.toLowerCase()}`, namespace: null, name: dnsName.toLowerCase(), kind: 'external', ip };
  const app = labelValue(labels, 'app');
  if (side?.namespace && app) return { key: `${side.namespace}/App/${app}`, namespace: side.namespace, name: app, kind: 'workload', ip };
  return { key: `ip:${ip}`, namespace: null, name: ip, kind: labels.includes('reserved:world') ? 'world' : 'external', ip };
}

export function normalizeHubble(line: z.infer<typeof hubbleLineSchema>, clusterName: string | null): FlowRecord | null {
  const flow = unwrapFlow(line);
  // Hubble Relay names nodes "<cluster>/<node>".
  const [nodeCluster, nodeName] = flow.node_name?.includes('/') ? flow.node_name.split('/', 2) : [null, flow.node_name ?? null];
  if (flow.is_reply) return null; // edges count connection attempts, not their replies
  const l4 = flow.l4 ?? {};
  const ports = l4.TCP ?? l4.UDP ?? l4.SCTP;
  const protocol = l4.TCP ? 'TCP' : l4.UDP ? 'UDP' : l4.SCTP ? 'SCTP' : l4.ICMPv4 || l4.ICMPv6 ? 'ICMP' : 'IP';
  return {
    uuid: flow.uuid ?? null,
    time: new Date(flow.time),
    clusterName: clusterName ?? nodeCluster ?? null,
    src: toEndpoint(flow.source, flow.IP.source, undefined),
    dst: toEndpoint(flow.destination, flow.IP.destination, flow.destination_names),
    port: ports?.destination_port ?? 0,
    protocol,
    verdict: VERDICTS[flow.verdict.toUpperCase()] ?? 'forwarded',
    dropReason: flow.drop_reason_desc ?? null,
    node: nodeName ?? null,
    original: line,
  };
}
