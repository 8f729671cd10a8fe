// The DTO for any object a watch or a generic read returns, chosen by its kind.
import type { V1RoleBinding } from '@kubernetes/client-node';
import type { ResourceDto, WorkloadKind } from './dto';
import { genericObjectDto, ingressDto, networkPolicyDto, nodeDto, podDto, serviceDto } from './to-dto';
import { bindingDto, secretMetaDto, serviceAccountDto } from './to-dto-identity';
import { podDisruptionBudgetDto, workloadDto } from './to-dto-workloads';

const WORKLOADS = new Set<string>(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/** Plain JSON objects have the shape of client-node's models (with strings for dates, which the mappers accept). */
export function toResourceDto(object: { kind?: string; metadata?: object }): ResourceDto {
  const kind = object.kind ?? '';
  switch (kind) {
    case 'Pod':
      return podDto(object);
    case 'Node':
      return nodeDto(object);
    case 'NetworkPolicy':
      return networkPolicyDto(object);
    case 'Service':
      return serviceDto(object);
    case 'Ingress':
      return ingressDto(object);
    case 'ServiceAccount':
      return serviceAccountDto(object);
    case 'Secret':
      return secretMetaDto(object);
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return bindingDto(kind, object as V1RoleBinding);
    case 'PodDisruptionBudget':
      return podDisruptionBudgetDto(object);
    default:
      if (WORKLOADS.has(kind)) return workloadDto(kind as WorkloadKind, object);
      return genericObjectDto(object, kind);
  }
}
