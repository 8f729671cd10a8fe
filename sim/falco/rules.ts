/**
 * The Falco rules the simulator raises, with the priority and tags of falcosecurity/rules (see
 * /work/shared/fixtures/falco-rules.csv and falco-k8saudit-rules.csv) and the message part of their
 * output. Priorities are the capitalised names Falco writes in JSON.
 */
export type FalcoPriority = 'Emergency' | 'Alert' | 'Critical' | 'Error' | 'Warning' | 'Notice' | 'Informational' | 'Debug';

export interface FalcoRule {
  rule: string;
  priority: FalcoPriority;
  tags: string[];
  source: 'syscall' | 'k8s_audit';
  message: string;
}

const rule = (r: FalcoRule) => r;

export const RULES = {
  dropAndExecute: rule({ rule: 'Drop and execute new binary in container', priority: 'Critical', source: 'syscall', tags: ['maturity_stable', 'container', 'process', 'mitre_persistence', 'TA0003', 'PCI_DSS_11.5.1'], message: 'Executing binary not part of base image' }),
  minerPoolPorts: rule({ rule: 'Detect outbound connections to common miner pool ports', priority: 'Critical', source: 'syscall', tags: ['maturity_sandbox', 'host', 'container', 'network', 'mitre_impact', 'T1496'], message: 'Outbound connection to IP/Port flagged by https://cryptoioc.ch' }),
  knownMiner: rule({ rule: 'Known Cryptominer Process Executed', priority: 'Critical', source: 'syscall', tags: ['maturity_sandbox', 'host', 'container', 'process', 'mitre_impact', 'T1496'], message: 'Cryptominer process executed' }),
  stratum: rule({ rule: 'Detect crypto miners using the Stratum protocol', priority: 'Critical', source: 'syscall', tags: ['maturity_sandbox', 'host', 'container', 'process', 'mitre_impact', 'T1496'], message: 'Possible miner running' }),
  redirectToNetwork: rule({ rule: 'Redirect STDOUT/STDIN to Network Connection in Container', priority: 'Notice', source: 'syscall', tags: ['maturity_stable', 'container', 'network', 'process', 'mitre_execution', 'T1059'], message: 'Redirect stdout/stdin to network connection' }),
  terminalShell: rule({ rule: 'Terminal shell in container', priority: 'Notice', source: 'syscall', tags: ['maturity_stable', 'container', 'shell', 'mitre_execution', 'T1059'], message: 'A shell was spawned in a container with an attached terminal' }),
  sensitiveFile: rule({ rule: 'Read sensitive file untrusted', priority: 'Warning', source: 'syscall', tags: ['maturity_stable', 'host', 'container', 'filesystem', 'mitre_credential_access', 'T1555'], message: 'Sensitive file opened for reading by non-trusted program' }),
  networkTool: rule({ rule: 'Launch Suspicious Network Tool in Container', priority: 'Notice', source: 'syscall', tags: ['maturity_incubating', 'container', 'network', 'process', 'mitre_execution', 'T1059'], message: 'Network tool launched in container' }),
  ec2Metadata: rule({ rule: 'Contact EC2 Instance Metadata Service From Container', priority: 'Notice', source: 'syscall', tags: ['maturity_incubating', 'network', 'aws', 'container', 'mitre_credential_access', 'T1552.005'], message: 'Outbound connection to EC2 instance metadata service' }),
  cloudMetadata: rule({ rule: 'Contact cloud metadata service from container', priority: 'Notice', source: 'syscall', tags: ['maturity_incubating', 'network', 'container', 'mitre_discovery', 'T1565'], message: 'Outbound connection to cloud instance metadata service' }),
  disallowedContainer: rule({ rule: 'Launch Disallowed Container', priority: 'Warning', source: 'syscall', tags: ['maturity_sandbox', 'container', 'mitre_lateral_movement', 'T1610'], message: 'Container started and not in allowed list' }),
  k8sApiFromContainer: rule({ rule: 'Contact K8S API Server From Container', priority: 'Notice', source: 'syscall', tags: ['maturity_stable', 'container', 'network', 'k8s', 'mitre_discovery', 'T1565'], message: 'Unexpected connection to K8s API Server from container' }),
  k8sClientTool: rule({ rule: 'Kubernetes Client Tool Launched in Container', priority: 'Warning', source: 'syscall', tags: ['maturity_sandbox', 'container', 'mitre_execution', 'T1610'], message: 'Kubernetes Client Tool Launched in Container' }),
  remoteCopyTool: rule({ rule: 'Launch Ingress Remote File Copy Tools in Container', priority: 'Notice', source: 'syscall', tags: ['maturity_incubating', 'container', 'network', 'process', 'mitre_command_and_control', 'TA0011'], message: 'Ingress remote file copy tool launched in container' }),

  attachExec: rule({ rule: 'Attach/Exec Pod', priority: 'Notice', source: 'k8s_audit', tags: ['k8s'], message: 'Attach/Exec to pod' }),
  disallowedUser: rule({ rule: 'Disallowed K8s User', priority: 'Warning', source: 'k8s_audit', tags: ['k8s'], message: 'K8s Operation performed by user not in allowed list of users' }),
  clusterAdminBinding: rule({ rule: 'Attach to cluster-admin Role', priority: 'Warning', source: 'k8s_audit', tags: ['k8s'], message: 'Cluster Role Binding to cluster-admin role' }),
  secretGet: rule({ rule: 'K8s Secret Get Successfully', priority: 'Error', source: 'k8s_audit', tags: ['k8s'], message: 'K8s Secret Get Successfully' }),
  secretGetFailed: rule({ rule: 'K8s Secret Get Unsuccessfully Tried', priority: 'Warning', source: 'k8s_audit', tags: ['k8s'], message: 'K8s Secret Get Unsuccessfully Tried' }),
  nodePortService: rule({ rule: 'Create NodePort Service', priority: 'Warning', source: 'k8s_audit', tags: ['k8s'], message: 'NodePort Service Created' }),
  deploymentCreated: rule({ rule: 'K8s Deployment Created', priority: 'Informational', source: 'k8s_audit', tags: ['k8s'], message: 'K8s Deployment Created' }),
  serviceCreated: rule({ rule: 'K8s Service Created', priority: 'Informational', source: 'k8s_audit', tags: ['k8s'], message: 'K8s Service Created' }),
  clusterRoleBindingCreated: rule({ rule: 'K8s ClusterRoleBinding Created', priority: 'Informational', source: 'k8s_audit', tags: ['k8s'], message: 'K8s ClusterRoleBinding Created' }),
} as const;

export type RuleKey = keyof typeof RULES;

/** Falco's default allowed_k8s_users plus the demo's known people and kubeconfig identities. */
export const ALLOWED_K8S_USERS = new Set(['minikube', 'minikube-user', 'kubelet', 'kops', 'admin', 'kube', 'kube-proxy', 'kube-apiserver-healthcheck', 'kubernetes-admin', 'cordon-viewer', 'j.smith@shop.example']);
