// The shapes the gateway returns: plain, serialisable objects (timestamps as RFC 3339 strings),
// never client-node model instances. Secret values have no field here on purpose.

export type Labels = Record<string, string>;

export interface LabelSelectorRequirementDto {
  key: string;
  operator: string;
  values: string[];
}

export interface LabelSelectorDto {
  matchLabels: Labels;
  matchExpressions: LabelSelectorRequirementDto[];
}

export interface OwnerReferenceDto {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
}

/** Fields every namespaced or cluster-scoped object shares. */
export interface ObjectMetaDto {
  name: string;
  /** null for cluster-scoped objects. */
  namespace: string | null;
  uid: string;
  labels: Labels;
  resourceVersion: string;
  creationTimestamp: string | null;
}

export interface ContainerDto {
  name: string;
  image: string;
  ready: boolean;
  restartCount: number;
  state: 'running' | 'waiting' | 'terminated' | 'unknown';
}

export interface PodDto extends ObjectMetaDto {
  kind: 'Pod';
  namespace: string;
  nodeName: string | null;
  phase: string | null;
  podIP: string | null;
  serviceAccountName: string | null;
  containers: ContainerDto[];
  ownerReferences: OwnerReferenceDto[];
  deletionTimestamp: string | null;
}

export interface TaintDto {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' | (string & {});
  timeAdded?: string;
}

export interface NodeDto extends ObjectMetaDto {
  kind: 'Node';
  namespace: null;
  unschedulable: boolean;
  taints: TaintDto[];
  /** The Ready condition: true, false, or null when unknown / not reported. */
  ready: boolean | null;
  readyReason: string | null;
  internalIP: string | null;
  kubeletVersion: string | null;
}

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet';

export interface WorkloadDto extends ObjectMetaDto {
  kind: WorkloadKind;
  namespace: string;
  annotations: Labels;
  /** Desired pods (for a DaemonSet: the number of nodes it should run on). */
  replicas: number;
  readyReplicas: number;
  selector: LabelSelectorDto | null;
  templateLabels: Labels;
  templateAnnotations: Labels;
  serviceAccountName: string | null;
  images: string[];
  ownerReferences: OwnerReferenceDto[];
  generation: number | null;
}

export interface NetworkPolicyPeerDto {
  podSelector?: LabelSelectorDto;
  namespaceSelector?: LabelSelectorDto;
  ipBlock?: { cidr: string; except: string[] };
}

export interface NetworkPolicyPortDto {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

export interface NetworkPolicyRuleDto {
  peers: NetworkPolicyPeerDto[];
  ports: NetworkPolicyPortDto[];
}

export interface NetworkPolicyDto extends ObjectMetaDto {
  kind: 'NetworkPolicy';
  namespace: string;
  annotations: Labels;
  podSelector: LabelSelectorDto;
  policyTypes: string[];
  /** Allowed ingress (`from`) rules; empty with policyType Ingress = all ingress denied. */
  ingress: NetworkPolicyRuleDto[];
  /** Allowed egress (`to`) rules; empty with policyType Egress = all egress denied. */
  egress: NetworkPolicyRuleDto[];
}

/** What createNetworkPolicy takes. */
export interface NetworkPolicyInput {
  name: string;
  namespace: string;
  labels?: Labels;
  annotations?: Labels;
  podSelector: Partial<LabelSelectorDto>;
  policyTypes: ('Ingress' | 'Egress')[];
  ingress?: NetworkPolicyRuleDto[];
  egress?: NetworkPolicyRuleDto[];
}

export interface ServicePortDto {
  name: string | null;
  protocol: string;
  port: number;
  targetPort: number | string | null;
  nodePort: number | null;
}

export interface ServiceDto extends ObjectMetaDto {
  kind: 'Service';
  namespace: string;
  type: string;
  clusterIP: string | null;
  ports: ServicePortDto[];
  /** null: a Service without selector (endpoints managed by hand). */
  selector: Labels | null;
  externalIPs: string[];
  loadBalancerIngress: { ip: string | null; hostname: string | null }[];
}

export interface IngressDto extends ObjectMetaDto {
  kind: 'Ingress';
  namespace: string;
  ingressClassName: string | null;
  rules: { host: string | null; paths: { path: string | null; pathType: string | null; service: string | null; port: number | string | null }[] }[];
  tls: { hosts: string[]; secretName: string | null }[];
  loadBalancerIngress: { ip: string | null; hostname: string | null }[];
}

export interface ServiceAccountDto extends ObjectMetaDto {
  kind: 'ServiceAccount';
  namespace: string;
  annotations: Labels;
  /** null: not set on the ServiceAccount (pods then mount a token unless they opt out). */
  automountServiceAccountToken: boolean | null;
  secretNames: string[];
  imagePullSecretNames: string[];
}

export interface SubjectDto {
  kind: 'User' | 'Group' | 'ServiceAccount' | (string & {});
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRefDto {
  apiGroup: string;
  kind: 'Role' | 'ClusterRole' | (string & {});
  name: string;
}

export type BindingKind = 'RoleBinding' | 'ClusterRoleBinding';

/** A binding as stored for undo: recreate it with createRoleBinding / createClusterRoleBinding. */
export interface BindingManifest {
  apiVersion: 'rbac.authorization.k8s.io/v1';
  kind: BindingKind;
  metadata: { name: string; namespace?: string; labels?: Labels; annotations?: Labels; uid?: string; resourceVersion?: string };
  roleRef: RoleRefDto;
  subjects: SubjectDto[];
}

export interface BindingDto extends ObjectMetaDto {
  kind: BindingKind;
  roleRef: RoleRefDto;
  subjects: SubjectDto[];
  /** The object as the cluster returned it (without managedFields), for backups. */
  raw: BindingManifest;
}

/** Secret metadata. The values, and any annotation that could carry them, never leave the gateway. */
export interface SecretMetaDto extends ObjectMetaDto {
  kind: 'Secret';
  namespace: string;
  type: string;
  annotations: Labels;
  /** Names of the data keys (not their values). */
  dataKeys: string[];
  /** For service-account token Secrets: the ServiceAccount it belongs to. */
  serviceAccountName: string | null;
}

export interface EventDto {
  namespace: string;
  name: string;
  type: string | null;
  reason: string | null;
  message: string | null;
  count: number;
  /** Latest occurrence: series.lastObservedTime, eventTime, lastTimestamp or creation, whichever exists. */
  lastSeen: string | null;
  firstSeen: string | null;
  involvedObject: { kind: string | null; namespace: string | null; name: string | null; uid: string | null; fieldPath: string | null };
  source: string | null;
}

export interface PodDisruptionBudgetDto extends ObjectMetaDto {
  kind: 'PodDisruptionBudget';
  namespace: string;
  selector: LabelSelectorDto | null;
  minAvailable: number | string | null;
  maxUnavailable: number | string | null;
  currentHealthy: number;
  desiredHealthy: number;
  disruptionsAllowed: number;
  expectedPods: number;
}

/** Any other object (watches of kinds without a dedicated DTO). */
export interface GenericObjectDto extends ObjectMetaDto {
  kind: string;
  annotations: Labels;
  ownerReferences: OwnerReferenceDto[];
}

export type ResourceDto =
  | PodDto
  | NodeDto
  | WorkloadDto
  | NetworkPolicyDto
  | ServiceDto
  | IngressDto
  | ServiceAccountDto
  | BindingDto
  | SecretMetaDto
  | PodDisruptionBudgetDto
  | GenericObjectDto;

export interface DeletedDto {
  kind: string;
  namespace: string | null;
  name: string;
  uid: string | null;
  dryRun: boolean;
}
