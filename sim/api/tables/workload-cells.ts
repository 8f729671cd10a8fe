import type { StoredObject, Workload } from '../types.js';
import { selectorToString } from '../../store/selectors.js';
import type { Column } from './columns.js';

const col = (name: string, cell: Column['cell'], priority = 0, type: Column['type'] = 'string'): Column => ({ name, type, priority, cell, description: name });
const status = (o: StoredObject) => (o.status ?? {}) as Record<string, number | undefined>;
const containers = (o: StoredObject) => (o as Workload).spec.template?.spec?.containers ?? [];
const wide = [
  col('Containers', (o) => containers(o).map((c) => c.name).join(','), 1),
  col('Images', (o) => containers(o).map((c) => c.image).join(','), 1),
  col('Selector', (o) => selectorToString((o as Workload).spec.selector), 1),
];

export function workloadColumns(nameColumn: Column, ageColumn: Column): Record<string, Column[]> {
  return {
    Deployment: [
      nameColumn,
      col('Ready', (o) => `${status(o).readyReplicas ?? 0}/${(o as Workload).spec.replicas ?? 0}`),
      col('Up-to-date', (o) => status(o).updatedReplicas ?? 0, 0, 'integer'),
      col('Available', (o) => status(o).availableReplicas ?? 0, 0, 'integer'),
      ageColumn,
      ...wide,
    ],
    ReplicaSet: [
      nameColumn,
      col('Desired', (o) => (o as Workload).spec.replicas ?? 0, 0, 'integer'),
      col('Current', (o) => status(o).replicas ?? 0, 0, 'integer'),
      col('Ready', (o) => status(o).readyReplicas ?? 0, 0, 'integer'),
      ageColumn,
      ...wide,
    ],
    StatefulSet: [nameColumn, col('Ready', (o) => `${status(o).readyReplicas ?? 0}/${(o as Workload).spec.replicas ?? 0}`), ageColumn, ...wide.slice(0, 2)],
    DaemonSet: [
      nameColumn,
      col('Desired', (o) => status(o).desiredNumberScheduled ?? 0, 0, 'integer'),
      col('Current', (o) => status(o).currentNumberScheduled ?? 0, 0, 'integer'),
      col('Ready', (o) => status(o).numberReady ?? 0, 0, 'integer'),
      col('Up-to-date', (o) => status(o).updatedNumberScheduled ?? 0, 0, 'integer'),
      col('Available', (o) => status(o).numberAvailable ?? 0, 0, 'integer'),
      col('Node Selector', (o) => {
        const sel = (o as Workload).spec.template?.spec?.nodeSelector ?? {};
        const text = Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',');
        return text === '' ? '<none>' : text;
      }),
      ageColumn,
      ...wide,
    ],
  };
}
