/** A workload of the simulated cluster: what is deployed and whom it talks to. */
export interface AppWorkload {
  namespace: string;
  name: string;
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  image: string;
  replicas?: number;
  /** Main container port (omit for workloads that serve nothing). */
  port?: number;
  portName?: string;
  protocol?: 'TCP' | 'UDP';
  /** Service in front of the workload: ClusterIP by default, false for none. */
  service?: 'ClusterIP' | 'LoadBalancer' | 'Headless' | false;
  servicePort?: number;
  /** `namespace/name` of workloads it calls (through their Services). */
  calls?: string[];
  /** Names of external endpoints it calls (see EXTERNAL_ENDPOINTS). */
  external?: string[];
  serviceAccount?: string;
  component?: string;
  partOf?: string;
  version?: string;
  cpu?: string;
  memory?: string;
  /** Past container restarts (so `kubectl logs --previous` has something to show). */
  restarts?: number;
  hostNetwork?: boolean;
  /** Runs on the control-plane too (tolerates its taint). */
  everyNode?: boolean;
  command?: string[];
  args?: string[];
  env?: Record<string, string>;
  extraContainers?: { name: string; image: string; port?: number }[];
}

export interface ExternalEndpoint {
  name: string;
  ip: string;
  port: number;
  protocol: 'TCP' | 'UDP';
}

/** Internet endpoints the apps talk to (documentation address ranges where possible). */
export const EXTERNAL_ENDPOINTS: Record<string, ExternalEndpoint> = {
  'api.stripe.com': { name: 'api.stripe.com', ip: '54.187.174.169', port: 443, protocol: 'TCP' },
  'cdn.jsdelivr.net': { name: 'cdn.jsdelivr.net', ip: '104.16.85.20', port: 443, protocol: 'TCP' },
  'smtp.sendgrid.net': { name: 'smtp.sendgrid.net', ip: '167.89.115.54', port: 587, protocol: 'TCP' },
  'api.exchangerate.host': { name: 'api.exchangerate.host', ip: '172.67.165.44', port: 443, protocol: 'TCP' },
  'github.com': { name: 'github.com', ip: '140.82.121.4', port: 443, protocol: 'TCP' },
  'registry.shop.internal': { name: 'registry.shop.internal', ip: '10.0.8.20', port: 443, protocol: 'TCP' },
  'sts.amazonaws.com': { name: 'sts.amazonaws.com', ip: '52.94.225.248', port: 443, protocol: 'TCP' },
  'hooks.slack.com': { name: 'hooks.slack.com', ip: '54.241.102.132', port: 443, protocol: 'TCP' },
};

/** Registries the shop's delivery pipeline pulls from; anything else is "unknown". */
export const KNOWN_REGISTRIES = ['docker.io/library', 'ghcr.io/cordon-demo', 'registry.shop.internal', 'registry.k8s.io', 'quay.io', 'docker.io/grafana', 'docker.io/falcosecurity', 'ghcr.io/actions', 'quay.io/cilium', 'quay.io/argoproj', 'quay.io/jetstack'];

/** The delivery pipeline's identity: workloads are normally created by it, not by people. */
export const DEPLOYER_IDENTITY = 'system:serviceaccount:ci:argocd';
