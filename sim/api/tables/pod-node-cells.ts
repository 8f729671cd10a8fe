import type { ContainerStatus, NodeObject, Pod, StoredObject } from '../types.js';
import { humanAge } from '../../util/time.js';
import type { Column } from './columns.js';

/** The STATUS column kubectl shows for a pod (printPod in the real printers). */
export function podStatusReason(pod: Pod): string {
  let reason = pod.status?.reason ?? pod.status?.phase ?? 'Pending';
  for (const cs of [...(pod.status?.containerStatuses ?? [])].reverse()) {
    const waiting = cs.state.waiting as { reason?: string } | undefined;
    const terminated = cs.state.terminated as { reason?: string; exitCode?: number; signal?: number } | undefined;
    if (waiting?.reason) reason = waiting.reason;
    else if (terminated) reason = terminated.reason ?? (terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`);
  }
  if (pod.metadata.deletionTimestamp) reason = 'Terminating';
  return reason;
}

function restarts(statuses: ContainerStatus[], now: number): string {
  const total = statuses.reduce((n, cs) => n + cs.restartCount, 0);
  const finished = statuses
    .map((cs) => (cs.lastState.terminated as { finishedAt?: string } | undefined)?.finishedAt)
    .filter((t): t is string => Boolean(t))
    .sort()
    .pop();
  return finished && total > 0 ? `${total} (${humanAge(finished, now)} ago)` : String(total);
}

const col = (name: string, cell: Column['cell'], priority = 0): Column => ({ name, type: 'string', priority, cell, description: name });

export function podTableCells(nameColumn: Column, ageColumn: Column): Column[] {
  return [
    nameColumn,
    col('Ready', (o) => {
      const pod = o as Pod;
      const statuses = pod.status?.containerStatuses ?? [];
      return `${statuses.filter((c) => c.ready).length}/${pod.spec.containers.length}`;
    }),
    col('Status', (o) => podStatusReason(o as Pod)),
    col('Restarts', (o, now) => restarts((o as Pod).status?.containerStatuses ?? [], now)),
    ageColumn,
    col('IP', (o) => (o as Pod).status?.podIP ?? '<none>', 1),
    col('Node', (o) => (o as Pod).spec.nodeName ?? '<none>', 1),
    col('Nominated Node', () => '<none>', 1),
    col('Readiness Gates', () => '<none>', 1),
  ];
}

export function nodeStatus(node: NodeObject): string {
  const ready = node.status.conditions?.find((c) => c.type === 'Ready');
  const parts = [ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown'];
  if (node.spec.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

export function nodeRoles(node: StoredObject): string {
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length));
  return roles.length > 0 ? roles.sort().join(',') : '<none>';
}

export function nodeTableCells(nameColumn: Column, ageColumn: Column): Column[] {
  const address = (type: string) => (o: StoredObject) => (o as NodeObject).status.addresses?.find((a) => a.type === type)?.address ?? '<none>';
  const info = (field: string) => (o: StoredObject) => (o as NodeObject).status.nodeInfo?.[field] ?? '';
  return [
    nameColumn,
    col('Status', (o) => nodeStatus(o as NodeObject)),
    col('Roles', nodeRoles),
    ageColumn,
    col('Version', info('kubeletVersion')),
    col('Internal-IP', address('InternalIP'), 1),
    col('External-IP', address('ExternalIP'), 1),
    col('OS-Image', info('osImage'), 1),
    col('Kernel-Version', info('kernelVersion'), 1),
    col('Container-Runtime', info('containerRuntimeVersion'), 1),
  ];
}
