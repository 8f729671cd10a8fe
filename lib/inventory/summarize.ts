// A watched object (plain JSON from the list or the watch stream) → the row the inventory keeps:
// identity, labels, the controller owner, and a small summary of only what the map and the
// enrichment read. Pure; secrets and whole specs never reach the database.

type Json = Record<string, unknown>;

export interface PodSpecSummary {
  serviceAccountName: string | null;
  images: string[];
  privileged: boolean;
  hostNetwork: boolean;
  hostPID: boolean;
}

export interface PodSummary extends PodSpecSummary {
  created: string | null;
  nodeName: string | null;
  phase: string | null;
  podIP: string | null;
  restarts: number;
  ready: boolean;
}

export interface WorkloadSummary extends PodSpecSummary {
  created: string | null;
  /** Desired pods (a DaemonSet's desired count, a Job's parallelism); null for a CronJob. */
  replicas: number | null;
  ready: number | null;
  selector: Record<string, string>;
  templateLabels: Record<string, string>;
}

export interface ServiceSummary {
  created: string | null;
  type: string;
  clusterIP: string | null;
  selector: Record<string, string>;
  ports: { name: string | null; port: number; targetPort: string | number | null; protocol: string; nodePort: number | null }[];
  externalIPs: string[];
  loadBalancer: string[];
}

export interface IngressSummary {
  created: string | null;
  className: string | null;
  hosts: string[];
  /** Names of the Services the rules and the default backend send traffic to. */
  backends: string[];
  tls: boolean;
}

export interface BindingSummary {
  created: string | null;
  roleRef: { kind: string; name: string };
  subjects: { kind: string; name: string; namespace: string | null }[];
}

export interface ClusterRoleSummary {
  created: string | null;
  /** A rule grants every verb. */
  wildcardVerbs: boolean;
  /** Verbs that lead to any right: bind, escalate, impersonate. */
  escalation: string[];
  rules: number;
}

export interface InventoryRecord {
  kind: string;
  namespace: string;
  name: string;
  uid: string | null;
  labels: Record<string, string>;
  summary: Record<string, unknown>;
  ownerKind: string | null;
  ownerName: string | null;
}

const obj = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const strings = (value: unknown): string[] => arr(value).filter((v): v is string => typeof v === 'string');

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(value))) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The pod spec facts the map shows: who the pod runs as, what it runs, how much it can reach. */
export function podSpecSummary(spec: unknown): PodSpecSummary {
  const s = obj(spec);
  const containers = [...arr(s.initContainers), ...arr(s.containers), ...arr(s.ephemeralContainers)].map(obj);
  const images = [...new Set(containers.map((c) => str(c.image)).filter((i): i is string => i !== null))];
  return {
    serviceAccountName: str(s.serviceAccountName) ?? str(s.serviceAccount),
    images,
    privileged: containers.some((c) => obj(c.securityContext).privileged === true),
    hostNetwork: s.hostNetwork === true,
    hostPID: s.hostPID === true,
  };
}

function podSummary(o: Json, created: string | null): PodSummary {
  const status = obj(o.status);
  const statuses = arr(status.containerStatuses).map(obj);
  const ready = arr(status.conditions).map(obj).find((c) => c.type === 'Ready');
  return {
    created,
    ...podSpecSummary(o.spec),
    nodeName: str(obj(o.spec).nodeName),
    phase: str(status.phase),
    podIP: str(status.podIP),
    restarts: statuses.reduce((sum, c) => sum + (num(c.restartCount) ?? 0), 0),
    ready: ready ? ready.status === 'True' : statuses.length > 0 && statuses.every((c) => c.ready === true),
  };
}

function workloadSummary(kind: string, o: Json, created: string | null): WorkloadSummary {
  const spec = obj(o.spec);
  const status = obj(o.status);
  const template = kind === 'CronJob' ? obj(obj(obj(spec.jobTemplate).spec).template) : obj(spec.template);
  let replicas: number | null = null;
  let ready: number | null = null;
  switch (kind) {
    case 'DaemonSet':
      replicas = num(status.desiredNumberScheduled) ?? 0;
      ready = num(status.numberReady) ?? 0;
      break;
    case 'Job':
      replicas = num(spec.parallelism) ?? 1;
      ready = num(status.ready) ?? num(status.active) ?? 0;
      break;
    case 'CronJob':
      ready = arr(status.active).length;
      break;
    default:
      replicas = num(spec.replicas) ?? 1;
      ready = num(status.readyReplicas) ?? 0;
  }
  return {
    created,
    ...podSpecSummary(template.spec),
    replicas,
    ready,
    selector: stringMap(obj(spec.selector).matchLabels),
    templateLabels: stringMap(obj(template.metadata).labels),
  };
}

function serviceSummary(o: Json, created: string | null): ServiceSummary {
  const spec = obj(o.spec);
  return {
    created,
    type: str(spec.type) ?? 'ClusterIP',
    clusterIP: str(spec.clusterIP),
    selector: stringMap(spec.selector),
    ports: arr(spec.ports).map(obj).map((p) => ({
      name: str(p.name),
      port: num(p.port) ?? 0,
      targetPort: typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? p.targetPort : null,
      protocol: str(p.protocol) ?? 'TCP',
      nodePort: num(p.nodePort),
    })),
    externalIPs: strings(spec.externalIPs),
    loadBalancer: arr(obj(obj(o.status).loadBalancer).ingress).map(obj).map((i) => str(i.ip) ?? str(i.hostname)).filter((v): v is string => v !== null),
  };
}

function ingressSummary(o: Json, created: string | null): IngressSummary {
  const spec = obj(o.spec);
  const rules = arr(spec.rules).map(obj);
  const backendName = (backend: unknown) => str(obj(obj(backend).service).name);
  const backends = [backendName(spec.defaultBackend), ...rules.flatMap((r) => arr(obj(r.http).paths).map((p) => backendName(obj(p).backend)))];
  return {
    created,
    className: str(spec.ingressClassName),
    hosts: [...new Set(rules.map((r) => str(r.host)).filter((h): h is string => h !== null))],
    backends: [...new Set(backends.filter((b): b is string => b !== null))],
    tls: arr(spec.tls).length > 0,
  };
}

function bindingSummary(o: Json, created: string | null): BindingSummary {
  const ref = obj(o.roleRef);
  return {
    created,
    roleRef: { kind: str(ref.kind) ?? 'ClusterRole', name: str(ref.name) ?? '' },
    subjects: arr(o.subjects).map(obj).map((s) => ({ kind: str(s.kind) ?? '', name: str(s.name) ?? '', namespace: str(s.namespace) })),
  };
}

const ESCALATION_VERBS = ['bind', 'escalate', 'impersonate'];

function clusterRoleSummary(o: Json, created: string | null): ClusterRoleSummary {
  const rules = arr(o.rules).map(obj);
  const verbs = new Set(rules.flatMap((r) => strings(r.verbs)));
  return { created, wildcardVerbs: verbs.has('*'), escalation: ESCALATION_VERBS.filter((v) => verbs.has(v)), rules: rules.length };
}

function nodeSummary(o: Json, created: string | null) {
  const status = obj(o.status);
  const ready = arr(status.conditions).map(obj).find((c) => c.type === 'Ready');
  return {
    created,
    unschedulable: obj(o.spec).unschedulable === true,
    ready: ready?.status === 'True',
    internalIP: str(arr(status.addresses).map(obj).find((a) => a.type === 'InternalIP')?.address),
    kubeletVersion: str(obj(status.nodeInfo).kubeletVersion),
    taints: arr(obj(o.spec).taints).length,
  };
}

const DROPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

export function summarize(kind: string, o: Json): Record<string, unknown> {
  const meta = obj(o.metadata);
  const created = str(meta.creationTimestamp);
  switch (kind) {
    case 'Pod':
      return { ...podSummary(o, created) };
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
    case 'CronJob':
      return { ...workloadSummary(kind, o, created) };
    case 'Service':
      return { ...serviceSummary(o, created) };
    case 'Ingress':
      return { ...ingressSummary(o, created) };
    case 'NetworkPolicy': {
      const spec = obj(o.spec);
      const selector = obj(spec.podSelector);
      const annotations = Object.fromEntries(Object.entries(stringMap(meta.annotations)).filter(([k]) => !DROPPED_ANNOTATIONS.has(k)));
      return {
        created,
        podSelector: { matchLabels: stringMap(selector.matchLabels), matchExpressions: arr(selector.matchExpressions) },
        policyTypes: strings(spec.policyTypes),
        annotations,
      };
    }
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return { ...bindingSummary(o, created) };
    case 'ClusterRole':
      return { ...clusterRoleSummary(o, created) };
    case 'ServiceAccount':
      return { created, automountToken: typeof o.automountServiceAccountToken === 'boolean' ? o.automountServiceAccountToken : null };
    case 'Node':
      return nodeSummary(o, created);
    case 'Namespace':
      return { created, phase: str(obj(o.status).phase) };
    default:
      return { created };
  }
}

/** Plain JSON of one object (its kind filled in by the watch) → the inventory row. */
export function toInventoryRecord(object: { kind?: string; metadata?: unknown; [key: string]: unknown }): InventoryRecord {
  const meta = obj(object.metadata);
  const kind = object.kind ?? '';
  const controller = arr(meta.ownerReferences).map(obj).find((r) => r.controller === true);
  return {
    kind,
    namespace: str(meta.namespace) ?? '',
    name: str(meta.name) ?? '',
    uid: str(meta.uid),
    labels: stringMap(meta.labels),
    summary: summarize(kind, object),
    ownerKind: controller ? str(controller.kind) : null,
    ownerName: controller ? str(controller.name) : null,
  };
}
