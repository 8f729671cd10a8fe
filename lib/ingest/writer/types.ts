import type { Severity } from '../../db/generated/enums';
import type { BaselineCheck } from '../../detections/audit';
import type { NormalizedAlert } from '../normalized';
import type { Correlation } from './correlate';

export interface BatchInput {
  alerts: NormalizedAlert[];
  baselineChecks: BaselineCheck[];
  /** Cluster of the ingest token, used when an event names none. */
  tokenClusterId: string | null;
}

export interface BatchOutcome {
  accepted: number;
  duplicates: number;
  incidentIds: number[];
}

export interface IncidentChange {
  id: number;
  severity: Severity;
  event: 'incident.created' | 'incident.escalated' | 'incident.reopened';
}

/** An alert of the batch, placed: its cluster, its correlation and its timeline group. */
export interface Candidate {
  item: number;
  alert: NormalizedAlert;
  clusterId: string;
  correlation: Correlation;
  dedupKey: string;
}

/** The incident an alert joins, as it was before this batch. */
export interface MatchedIncident {
  id: number;
  status: string;
  severity: Severity;
  rules: string[];
  isNew: boolean;
}

export const iso = (d: Date): string => d.toISOString();

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** Rows are written in the order of their unique key, so concurrent writers lock them in the same order. */
export function compareKeys(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}
