import { resourceTypeForKind } from './resources.js';

/** Shorthand for the resource types the simulator's own code reads and writes. */
export const K = {
  Namespace: resourceTypeForKind('Namespace'),
  Node: resourceTypeForKind('Node'),
  Pod: resourceTypeForKind('Pod'),
  Service: resourceTypeForKind('Service'),
  Endpoints: resourceTypeForKind('Endpoints'),
  ConfigMap: resourceTypeForKind('ConfigMap'),
  PersistentVolumeClaim: resourceTypeForKind('PersistentVolumeClaim'),
  Secret: resourceTypeForKind('Secret'),
  ServiceAccount: resourceTypeForKind('ServiceAccount'),
  Event: resourceTypeForKind('Event'),
  Deployment: resourceTypeForKind('Deployment'),
  ReplicaSet: resourceTypeForKind('ReplicaSet'),
  DaemonSet: resourceTypeForKind('DaemonSet'),
  StatefulSet: resourceTypeForKind('StatefulSet'),
  Ingress: resourceTypeForKind('Ingress'),
  NetworkPolicy: resourceTypeForKind('NetworkPolicy'),
  Role: resourceTypeForKind('Role'),
  RoleBinding: resourceTypeForKind('RoleBinding'),
  ClusterRole: resourceTypeForKind('ClusterRole'),
  ClusterRoleBinding: resourceTypeForKind('ClusterRoleBinding'),
  PodDisruptionBudget: resourceTypeForKind('PodDisruptionBudget'),
} as const;
