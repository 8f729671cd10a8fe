// The network map's data, as the browser receives it. Pure types: shared by the server (lib/map)
// and the client (components/map). Ids are the flow table's keys, so flows, entities and the
// inventory meet without translation:
//   workload  "ns/Kind/name"  (Kind: Deployment, StatefulSet, DaemonSet, CronJob, Job, Pod for bare pods)
//   namespace "ns:<name>"
//   external  "world", "ip:203.0.113.9", "dns:pool.example.com", "metadata" (169.254.169.254)
import type { Severity } from '../db/generated/enums';

export type MapNodeKind = 'namespace' | 'workload' | 'external';

export interface MapNodeState {
  /** Open (not resolved/closed, not merged) incidents naming this node as an entity. */
  incidents: { open: number; maxSeverity: Severity | null; ids: number[] };
  /** A Cordon isolation (isolate pod/workload, block egress) is in force on it or one of its pods. */
  isolated: boolean;
  /** How the internet reaches it, e.g. "LoadBalancer Service shop/frontend", "Ingress shop.example.com". */
  exposure: string[];
  /** A container runs privileged, or with hostNetwork/hostPID. */
  privileged: boolean;
  /** Its service account is bound to a cluster-wide powerful role (cluster-admin, `*` verbs). */
  wideServiceAccount: string | null;
  /** Images from registries not in the trusted list. */
  unknownRegistries: string[];
  /** First seen after the cluster's baseline period (a new workload or destination). */
  new: boolean;
}

export interface MapNode {
  id: string;
  kind: MapNodeKind;
  /** Workloads: "ns:<namespace>"; namespaces and externals: null. */
  parent: string | null;
  label: string;
  namespace: string | null;
  /** Workloads only. */
  workloadKind: string | null;
  /** Workloads: pods desired / ready (null when only flows know it). */
  pods: { desired: number | null; ready: number | null } | null;
  state: MapNodeState;
}

export type MapVerdict = 'forwarded' | 'dropped' | 'error' | 'audit';

export interface MapEdge {
  /** `${source}|${target}|${port}|${protocol}|${verdict}` */
  id: string;
  source: string;
  target: string;
  port: number;
  protocol: string;
  verdict: MapVerdict;
  /** Flows in the requested window (all time when the edge is older than the flow windows). */
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
  /** First seen after the baseline period. */
  new: boolean;
}

export interface MapGraph {
  clusterId: string;
  /** Server time of the snapshot: pass it as `since` to /api/map/changes. */
  generatedAt: string;
  window: { from: string; to: string };
  nodes: MapNode[];
  edges: MapEdge[];
  /** Set when limits cut the graph (more than MAP_LIMITS edges): says what was left out. */
  truncated: string | null;
  /** With `?incident=`: the node ids of that incident's entities (workloads, pods' workloads, namespaces, externals). */
  focus?: { incidentId: number; nodes: string[] } | null;
}

/** What changed since a snapshot or the previous delta; applied in place (no relayout). */
export interface MapDelta {
  clusterId: string;
  since: string;
  /** Pass as the next `since`. */
  until: string;
  upsertNodes: MapNode[];
  removeNodes: string[];
  upsertEdges: MapEdge[];
  removeEdges: string[];
}

export interface WorkloadDetail {
  clusterId: string;
  id: string;
  namespace: string;
  kind: string;
  name: string;
  serviceAccount: string | null;
  images: string[];
  pods: { name: string; node: string | null; phase: string | null; ip: string | null; restarts: number }[];
  nodes: string[];
  exposure: string[];
  incidents: { id: number; title: string; severity: Severity; status: string; lastSeenAt: string }[];
  recentAlerts: { at: string; rule: string; severity: Severity; incidentId: number | null; source: string }[];
  state: MapNodeState;
}

export const MAP_LIMITS = { edges: 30_000, nodes: 10_000 } as const;
