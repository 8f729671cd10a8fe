// Workloads, PodDisruptionBudgets and Events → DTOs.
import type { CoreV1Event, V1DaemonSet, V1Deployment, V1PodDisruptionBudget, V1ReplicaSet, V1StatefulSet } from '@kubernetes/client-node';
import type { EventDto, PodDisruptionBudgetDto, WorkloadDto, WorkloadKind } from './dto';
import { iso, labels, labelSelectorDto, metaDto, ownerReferencesDto } from './to-dto';

export type WorkloadObject = V1Deployment | V1StatefulSet | V1DaemonSet | V1ReplicaSet;

export function workloadDto(kind: WorkloadKind, workload: WorkloadObject): WorkloadDto {
  const template = workload.spec?.template;
  // The four status types share no ready field: read the ones this kind has.
  const status: { readyReplicas?: number; numberReady?: number; desiredNumberScheduled?: number } | undefined = workload.status;
  const replicas = kind === 'DaemonSet' ? (status?.desiredNumberScheduled ?? 0) : ((workload.spec as { replicas?: number } | undefined)?.replicas ?? 1);
  const containers = [...(template?.spec?.initContainers ?? []), ...(template?.spec?.containers ?? [])];
  return {
    kind,
    ...metaDto(workload.metadata),
    namespace: workload.metadata?.namespace ?? '',
    annotations: labels(workload.metadata?.annotations),
    replicas,
    readyReplicas: (kind === 'DaemonSet' ? status?.numberReady : status?.readyReplicas) ?? 0,
    selector: workload.spec?.selector ? labelSelectorDto(workload.spec.selector) : null,
    templateLabels: labels(template?.metadata?.labels),
    templateAnnotations: labels(template?.metadata?.annotations),
    serviceAccountName: template?.spec?.serviceAccountName ?? null,
    images: [...new Set(containers.map((c) => c.image ?? '').filter(Boolean))],
    ownerReferences: ownerReferencesDto(workload.metadata?.ownerReferences),
    generation: workload.metadata?.generation ?? null,
  };
}

export function podDisruptionBudgetDto(pdb: V1PodDisruptionBudget): PodDisruptionBudgetDto {
  return {
    kind: 'PodDisruptionBudget',
    ...metaDto(pdb.metadata),
    namespace: pdb.metadata?.namespace ?? '',
    selector: pdb.spec?.selector ? labelSelectorDto(pdb.spec.selector) : null,
    minAvailable: (pdb.spec?.minAvailable) ?? null,
    maxUnavailable: (pdb.spec?.maxUnavailable) ?? null,
    currentHealthy: pdb.status?.currentHealthy ?? 0,
    desiredHealthy: pdb.status?.desiredHealthy ?? 0,
    disruptionsAllowed: pdb.status?.disruptionsAllowed ?? 0,
    expectedPods: pdb.status?.expectedPods ?? 0,
  };
}

export function eventDto(event: CoreV1Event): EventDto {
  const involved = event.involvedObject;
  const lastSeen = iso(event.series?.lastObservedTime) ?? iso(event.eventTime) ?? iso(event.lastTimestamp) ?? iso(event.metadata?.creationTimestamp);
  return {
    namespace: event.metadata?.namespace ?? '',
    name: event.metadata?.name ?? '',
    type: event.type ?? null,
    reason: event.reason ?? null,
    message: event.message ?? null,
    count: event.series?.count ?? event.count ?? 1,
    lastSeen,
    firstSeen: iso(event.firstTimestamp) ?? iso(event.eventTime) ?? lastSeen,
    involvedObject: {
      kind: involved?.kind ?? null,
      namespace: involved?.namespace ?? null,
      name: involved?.name ?? null,
      uid: involved?.uid ?? null,
      fieldPath: involved?.fieldPath ?? null,
    },
    source: event.source?.component ?? event.reportingComponent ?? null,
  };
}
