import { K } from '../api/known-types.js';
import type { Pod, Service } from '../api/types.js';
import { isPodReady } from '../controllers/pod-helpers.js';
import type { AppWorkload, ExternalEndpoint } from '../cluster/app-model.js';
import { EXTERNAL_ENDPOINTS } from '../cluster/app-model.js';
import { resolveTargetPort } from '../controllers/endpoints.js';
import type { ObjectStore } from '../store/object-store.js';
import { matchesLabelSelector } from '../store/selectors.js';
import { appLabels } from '../cluster/builders.js';

export interface WorkloadRef {
  name: string;
  kind: string;
}

/** Where a connection goes inside the cluster: a backend pod, and the Service it went through. */
export interface PodTarget {
  pod: Pod;
  port: number;
  protocol: 'TCP' | 'UDP';
  service?: { name: string; namespace: string };
}

const METADATA: ExternalEndpoint = { name: '169.254.169.254', ip: '169.254.169.254', port: 80, protocol: 'TCP' };

/** Read-side helpers over the store: running pods of a workload, Service backends, DNS names. */
export class Topology {
  /** Internet hosts that only attacks use (mining pools, C2), resolvable by name. */
  private readonly extraEndpoints = new Map<string, ExternalEndpoint>();

  constructor(private readonly store: ObjectStore) {}

  registerExternal(endpoint: ExternalEndpoint): void {
    this.extraEndpoints.set(endpoint.name, endpoint);
  }

  podsOf(w: Pick<AppWorkload, 'namespace' | 'name'>): Pod[] {
    const selector = { matchLabels: appLabels({ name: w.name } as AppWorkload) };
    return (this.store.list(K.Pod, w.namespace) as Pod[]).filter((p) => p.status?.phase === 'Running' && p.status.podIP && !p.metadata.deletionTimestamp && matchesLabelSelector(p.metadata.labels, selector));
  }

  serviceOf(w: Pick<AppWorkload, 'namespace' | 'name'>): Service | undefined {
    return (this.store.get(K.Service, w.namespace, w.name === 'coredns' ? 'kube-dns' : w.name) as Service | undefined) ?? undefined;
  }

  /** Ready backends of a Service and the target port for its first (or the given) port. */
  backends(svc: Service, portNumber?: number): PodTarget[] {
    const selector = svc.spec.selector;
    if (!selector) return [];
    const port = (svc.spec.ports ?? []).find((p) => portNumber === undefined || p.port === portNumber) ?? svc.spec.ports?.[0];
    if (!port) return [];
    const pods = (this.store.list(K.Pod, svc.metadata.namespace) as Pod[]).filter((p) => isPodReady(p) && p.status?.podIP && !p.metadata.deletionTimestamp && matchesLabelSelector(p.metadata.labels, { matchLabels: selector }));
    return pods.map((pod) => ({
      pod,
      port: resolveTargetPort(pod, port.targetPort, port.port) ?? port.port,
      protocol: (port.protocol ?? 'TCP') as 'TCP' | 'UDP',
      service: { name: svc.metadata.name, namespace: svc.metadata.namespace as string },
    }));
  }

  /** The Deployment/StatefulSet/DaemonSet a pod belongs to (ReplicaSets resolved to their Deployment). */
  workloadOf(pod: Pod): WorkloadRef | undefined {
    const owner = pod.metadata.ownerReferences?.find((r) => r.controller);
    if (!owner) return undefined;
    if (owner.kind === 'ReplicaSet') {
      const rs = this.store.get(K.ReplicaSet, pod.metadata.namespace, owner.name);
      const deployment = rs?.metadata.ownerReferences?.find((r) => r.controller);
      if (deployment) return { name: deployment.name, kind: deployment.kind };
    }
    return { name: owner.name, kind: owner.kind };
  }

  podByIp(ip: string): Pod | undefined {
    return (this.store.list(K.Pod) as Pod[]).find((p) => p.status?.podIP === ip && !p.spec.hostNetwork);
  }

  /**
   * What a name resolves to from inside `fromNamespace`: a Service (name, name.ns, name.ns.svc…),
   * a known external endpoint, the metadata service, or a literal IP.
   */
  resolve(host: string, fromNamespace: string): { service?: Service; external?: ExternalEndpoint; ip?: string } | undefined {
    const parts = host.replace(/\.$/, '').split('.');
    if (parts.length <= 5 && !/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
      const [name, ns] = parts;
      const namespace = parts.length === 1 ? fromNamespace : ns;
      const svc = name && namespace && (parts.length <= 2 || parts[2] === 'svc') ? (this.store.get(K.Service, namespace, name) as Service | undefined) : undefined;
      if (svc) return { service: svc, ip: svc.spec.clusterIP };
    }
    if (host === METADATA.ip) return { external: METADATA, ip: METADATA.ip };
    const known = EXTERNAL_ENDPOINTS[host] ?? this.extraEndpoints.get(host) ?? [...Object.values(EXTERNAL_ENDPOINTS), ...this.extraEndpoints.values()].find((e) => e.ip === host);
    if (known) return { external: known, ip: known.ip };
    if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
      const svc = (this.store.list(K.Service) as Service[]).find((s) => s.spec.clusterIP === host);
      if (svc) return { service: svc, ip: host };
      return { external: { name: host, ip: host, port: 0, protocol: 'TCP' }, ip: host };
    }
    return undefined;
  }

  namespaceLabels(namespace: string): Record<string, string> {
    return (this.store.get(K.Namespace, undefined, namespace))?.metadata.labels ?? {};
  }
}
