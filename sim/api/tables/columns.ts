import type { StoredObject } from '../types.js';
import { humanAge } from '../../util/time.js';
import { selectorToString } from '../../store/selectors.js';
import { podTableCells, nodeTableCells } from './pod-node-cells.js';
import { workloadColumns } from './workload-cells.js';

export interface Column {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description?: string;
  priority?: number;
  cell: (obj: StoredObject, now: number) => unknown;
}

export const nameColumn: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically.',
  cell: (o) => o.metadata.name,
};

export const ageColumn: Column = {
  name: 'Age',
  type: 'string',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  cell: (o, now) => humanAge(o.metadata.creationTimestamp, now),
};

const col = (name: string, cell: Column['cell'], priority = 0, type: Column['type'] = 'string'): Column => ({ name, type, priority, cell, description: name });
const count = (value: unknown) => (value && typeof value === 'object' ? Object.keys(value).length : 0);
const noneIfEmpty = (s: string) => (s === '' ? '<none>' : s);
const text = (v: unknown, fallback: string) => (typeof v === 'string' || typeof v === 'number' ? String(v) : fallback);

type Spec = Record<string, unknown>;
const spec = (o: StoredObject) => (o.spec ?? {}) as Spec;

function servicePorts(o: StoredObject): string {
  const ports = (spec(o).ports as { port: number; nodePort?: number; protocol?: string }[] | undefined) ?? [];
  return noneIfEmpty(ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(','));
}

function serviceExternalIp(o: StoredObject): string {
  const s = spec(o);
  const ingress = ((o.status as { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } } | undefined)?.loadBalancer?.ingress ?? []);
  const external = (s.externalIPs as string[] | undefined) ?? [];
  if (s.type === 'LoadBalancer') {
    const ips = [...ingress.map((i) => i.ip ?? i.hostname ?? ''), ...external].filter(Boolean);
    return ips.length > 0 ? ips.join(',') : '<pending>';
  }
  if (s.type === 'ExternalName') return text(s.externalName, '');
  return external.length > 0 ? external.join(',') : '<none>';
}

function eventObject(o: StoredObject): string {
  const io = (o.involvedObject ?? {}) as { kind?: string; name?: string };
  return `${(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`;
}

function lastSeen(o: StoredObject, now: number): string {
  const t = (o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp) as string | undefined;
  return humanAge(t, now);
}

function bindingSubjects(kind: string) {
  return (o: StoredObject) => {
    const subjects = (o.subjects as { kind: string; name: string; namespace?: string }[] | undefined) ?? [];
    return subjects.filter((s) => s.kind === kind).map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : s.name)).join(', ');
  };
}

/** Column sets per kind, matching the printers in k8s.io/kubernetes/pkg/printers/internalversion. */
export const COLUMNS: Record<string, Column[]> = {
  Pod: podTableCells(nameColumn, ageColumn),
  Node: nodeTableCells(nameColumn, ageColumn),
  ...workloadColumns(nameColumn, ageColumn),
  Namespace: [nameColumn, col('Status', (o) => (o.status as { phase?: string } | undefined)?.phase ?? ''), ageColumn],
  Service: [
    nameColumn,
    col('Type', (o) => spec(o).type ?? 'ClusterIP'),
    col('Cluster-IP', (o) => spec(o).clusterIP ?? '<none>'),
    col('External-IP', serviceExternalIp),
    col('Port(s)', servicePorts),
    ageColumn,
    col('Selector', (o) => noneIfEmpty(Object.entries((spec(o).selector as Record<string, string>) ?? {}).map(([k, v]) => `${k}=${v}`).join(',')), 1),
  ],
  Endpoints: [
    nameColumn,
    col('Endpoints', (o) => {
      const subsets = (o.subsets as { addresses?: { ip: string }[]; ports?: { port: number }[] }[] | undefined) ?? [];
      const list = subsets.flatMap((s) => (s.addresses ?? []).flatMap((a) => (s.ports ?? [{ port: 0 }]).map((p) => `${a.ip}:${p.port}`)));
      return list.length === 0 ? '<none>' : list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.join(',');
    }),
    ageColumn,
  ],
  ConfigMap: [nameColumn, col('Data', (o) => count(o.data) + count(o.binaryData), 0, 'integer'), ageColumn],
  Secret: [nameColumn, col('Type', (o) => o.type ?? 'Opaque'), col('Data', (o) => count(o.data), 0, 'integer'), ageColumn],
  ServiceAccount: [nameColumn, col('Secrets', (o) => (Array.isArray(o.secrets) ? o.secrets.length : 0), 0, 'integer'), ageColumn],
  Event: [
    col('Last Seen', lastSeen),
    col('Type', (o) => o.type ?? ''),
    col('Reason', (o) => o.reason ?? ''),
    col('Object', eventObject),
    col('Subobject', (o) => (o.involvedObject as { fieldPath?: string } | undefined)?.fieldPath ?? '', 1),
    col('Source', (o) => (o.source as { component?: string } | undefined)?.component ?? '', 1),
    col('Message', (o) => o.message ?? ''),
    col('First Seen', (o, now) => humanAge((o.firstTimestamp as string | undefined) ?? o.metadata.creationTimestamp, now), 1),
    col('Count', (o) => o.count ?? 1, 1, 'integer'),
    { ...nameColumn, priority: 1 },
  ],
  Ingress: [
    nameColumn,
    col('Class', (o) => spec(o).ingressClassName ?? '<none>'),
    col('Hosts', (o) => noneIfEmpty(((spec(o).rules as { host?: string }[] | undefined) ?? []).map((r) => r.host ?? '*').join(','))),
    col('Address', (o) => ((o.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)?.loadBalancer?.ingress ?? []).map((i) => i.ip).join(',')),
    col('Ports', (o) => (Array.isArray(spec(o).tls) && (spec(o).tls as unknown[]).length > 0 ? '80, 443' : '80')),
    ageColumn,
  ],
  NetworkPolicy: [nameColumn, col('Pod-Selector', (o) => noneIfEmpty(selectorToString(spec(o).podSelector as never))), ageColumn],
  Role: [nameColumn, col('Created At', (o) => o.metadata.creationTimestamp, 0, 'string')],
  ClusterRole: [nameColumn, col('Created At', (o) => o.metadata.creationTimestamp, 0, 'string')],
  RoleBinding: [
    nameColumn,
    col('Role', (o) => `${(o.roleRef as { kind: string }).kind}/${(o.roleRef as { name: string }).name}`),
    ageColumn,
    col('Users', bindingSubjects('User'), 1),
    col('Groups', bindingSubjects('Group'), 1),
    col('ServiceAccounts', bindingSubjects('ServiceAccount'), 1),
  ],
  ClusterRoleBinding: [
    nameColumn,
    col('Role', (o) => `ClusterRole/${(o.roleRef as { name: string }).name}`),
    ageColumn,
    col('Users', bindingSubjects('User'), 1),
    col('Groups', bindingSubjects('Group'), 1),
    col('ServiceAccounts', bindingSubjects('ServiceAccount'), 1),
  ],
  PersistentVolumeClaim: [
    nameColumn,
    col('Status', (o) => (o.status as { phase?: string } | undefined)?.phase ?? ''),
    col('Volume', (o) => spec(o).volumeName ?? ''),
    col('Capacity', (o) => (o.status as { capacity?: { storage?: string } } | undefined)?.capacity?.storage ?? ''),
    col('Access Modes', (o) => ((o.status as { accessModes?: string[] } | undefined)?.accessModes ?? []).map((m) => ({ ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' })[m] ?? m).join(',')),
    col('StorageClass', (o) => spec(o).storageClassName ?? '<unset>'),
    col('VolumeAttributesClass', (o) => spec(o).volumeAttributesClassName ?? '<unset>', 0),
    ageColumn,
    col('VolumeMode', (o) => spec(o).volumeMode ?? '', 1),
  ],
  PodDisruptionBudget: [
    nameColumn,
    col('Min Available', (o) => text(spec(o).minAvailable, 'N/A')),
    col('Max Unavailable', (o) => text(spec(o).maxUnavailable, 'N/A')),
    col('Allowed Disruptions', (o) => (o.status as { disruptionsAllowed?: number } | undefined)?.disruptionsAllowed ?? 0, 0, 'integer'),
    ageColumn,
  ],
};

export function columnsFor(kind: string): Column[] {
  return COLUMNS[kind] ?? [nameColumn, ageColumn];
}
