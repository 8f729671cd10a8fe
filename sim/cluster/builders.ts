import type { KubeObject } from '../api/types.js';
import { RESTARTS_ANNOTATION } from '../controllers/kubelet.js';
import type { AppWorkload } from './app-model.js';

export function appLabels(w: AppWorkload): Record<string, string> {
  return { 'app.kubernetes.io/name': w.name, ...(w.partOf ? { 'app.kubernetes.io/part-of': w.partOf } : {}) };
}

function fullLabels(w: AppWorkload): Record<string, string> {
  const labels: Record<string, string> = { ...appLabels(w), 'app.kubernetes.io/instance': w.name, app: w.name };
  if (w.component) labels['app.kubernetes.io/component'] = w.component;
  if (w.version) labels['app.kubernetes.io/version'] = w.version;
  labels['app.kubernetes.io/managed-by'] = w.namespace === 'kube-system' ? 'Helm' : 'argocd';
  return labels;
}

export function namespaceObject(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function serviceAccountObject(namespace: string, name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace, labels } };
}

/** The pod template of a workload, with requests, probes and its own ServiceAccount. */
function podTemplate(w: AppWorkload): Record<string, unknown> {
  const ports = w.port ? [{ name: w.portName ?? 'http', containerPort: w.port, protocol: w.protocol ?? 'TCP' }] : undefined;
  const main: Record<string, unknown> = {
    name: w.name,
    image: w.image,
    resources: { requests: { cpu: w.cpu ?? '50m', memory: w.memory ?? '64Mi' }, limits: { memory: w.memory ?? '128Mi' } },
  };
  if (ports) main.ports = ports;
  if (w.command) main.command = w.command;
  if (w.args) main.args = w.args;
  if (w.env) main.env = Object.entries(w.env).map(([name, value]) => ({ name, value }));
  if (w.port && (w.protocol ?? 'TCP') === 'TCP' && !w.hostNetwork) {
    main.readinessProbe = { tcpSocket: { port: w.portName ?? 'http' }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 };
  }
  const containers = [main, ...(w.extraContainers ?? []).map((c) => ({ name: c.name, image: c.image, ...(c.port ? { ports: [{ containerPort: c.port, protocol: 'TCP' }] } : {}) }))];
  const spec: Record<string, unknown> = { serviceAccountName: w.serviceAccount ?? w.name, containers };
  if (w.hostNetwork) {
    spec.hostNetwork = true;
    spec.dnsPolicy = 'ClusterFirstWithHostNet';
  }
  if (w.everyNode) spec.tolerations = [{ operator: 'Exists' }];
  if (w.namespace === 'kube-system') spec.priorityClassName = 'system-cluster-critical';
  const metadata: Record<string, unknown> = { labels: fullLabels(w) };
  if (w.restarts) metadata.annotations = { [RESTARTS_ANNOTATION]: String(w.restarts) };
  return { metadata, spec };
}

export function workloadObject(w: AppWorkload): KubeObject {
  const spec: Record<string, unknown> = { selector: { matchLabels: appLabels(w) }, template: podTemplate(w) };
  if (w.kind !== 'DaemonSet') spec.replicas = w.replicas ?? 1;
  if (w.kind === 'StatefulSet') spec.serviceName = w.name;
  return {
    apiVersion: 'apps/v1',
    kind: w.kind,
    metadata: { name: w.name, namespace: w.namespace, labels: fullLabels(w), annotations: { 'argocd.argoproj.io/tracking-id': `${w.namespace}:apps/${w.kind}:${w.namespace}/${w.name}` } },
    spec,
  };
}

export function serviceObject(w: AppWorkload): KubeObject | undefined {
  if (!w.port || w.service === false || w.hostNetwork) return undefined;
  const spec: Record<string, unknown> = {
    type: w.service === 'LoadBalancer' ? 'LoadBalancer' : 'ClusterIP',
    selector: appLabels(w),
    ports: [{ name: w.portName ?? 'http', port: w.servicePort ?? w.port, targetPort: w.portName ?? 'http', protocol: w.protocol ?? 'TCP' }],
  };
  if (w.service === 'Headless') spec.clusterIP = 'None';
  if (w.name === 'coredns') {
    spec.clusterIP = '10.96.0.10';
    spec.ports = [
      { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, targetPort: 53, protocol: 'TCP' },
    ];
  }
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: w.name === 'coredns' ? 'kube-dns' : w.name, namespace: w.namespace, labels: fullLabels(w) }, spec };
}

export function tokenSecret(namespace: string, serviceAccount: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/service-account-token',
    metadata: { name: `${serviceAccount}-token`, namespace, annotations: { 'kubernetes.io/service-account.name': serviceAccount } },
  };
}

export function opaqueSecret(namespace: string, name: string, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name, namespace }, stringData: data };
}
