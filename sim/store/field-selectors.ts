import { errors } from '../api/status.js';
import type { StoredObject } from '../api/types.js';

export interface FieldRequirement {
  field: string;
  equals: boolean;
  value: string;
}

/** Which fields each kind may be filtered on, as the real API server registers them. */
const SUPPORTED_FIELDS: Record<string, readonly string[]> = {
  Pod: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  Event: [
    'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion',
    'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type',
  ],
  Node: ['spec.unschedulable'],
  Secret: ['type'],
  Namespace: ['status.phase'],
  ReplicaSet: ['status.replicas'],
};

export function parseFieldSelector(text: string | null | undefined, kind: string): FieldRequirement[] {
  if (!text || text.trim() === '') return [];
  return text.split(',').map((raw) => {
    const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(raw);
    if (!m) throw errors.badRequest(`invalid selector: '${text}'; can't understand '${raw}'`);
    const field = m[1] as string;
    const allowed = field === 'metadata.name' || field === 'metadata.namespace' || (SUPPORTED_FIELDS[kind] ?? []).includes(field);
    if (!allowed) throw errors.badRequest(`field label not supported: ${field}`);
    return { field, equals: m[2] !== '!=', value: m[3] ?? '' };
  });
}

function fieldValue(obj: StoredObject, field: string): string {
  if (obj.kind === 'Event' && field === 'source') {
    const source = obj.source as { component?: string } | undefined;
    return source?.component ?? '';
  }
  let current: unknown = obj;
  for (const part of field.split('.')) {
    if (current === null || typeof current !== 'object') return '';
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined || current === null) return field === 'spec.unschedulable' || field === 'spec.hostNetwork' ? 'false' : '';
  if (typeof current === 'string') return current;
  if (typeof current === 'number' || typeof current === 'boolean') return String(current);
  return JSON.stringify(current);
}

export function matchesFields(obj: StoredObject, requirements: readonly FieldRequirement[]): boolean {
  for (const r of requirements) {
    const equal = fieldValue(obj, r.field) === r.value;
    if (equal !== r.equals) return false;
  }
  return true;
}

/** `metadata.name=x` lets a watch on one object (kubectl delete --wait) skip everything else cheaply. */
export function exactName(requirements: readonly FieldRequirement[]): string | undefined {
  return requirements.find((r) => r.field === 'metadata.name' && r.equals)?.value;
}
