import type { ObjectStore } from '../store/object-store.js';
import type { SeededRandom } from '../util/random.js';
import { formatIPv4, parseIPv4 } from '../netpol/ip.js';
import type { AdmissionPlugin } from './admission.js';
import { K } from './known-types.js';
import { qualifiedResource, errors } from './status.js';
import type { PodSpec, ServicePort, StoredObject } from './types.js';

const PROTECTED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

/** NamespaceLifecycle: no new content in a missing or terminating namespace; system namespaces stay. */
export function namespaceLifecycle(store: ObjectStore): AdmissionPlugin {
  return {
    name: 'NamespaceLifecycle',
    admitCreate(type, obj) {
      if (!type.namespaced) return;
      const namespace = obj.metadata.namespace as string;
      const ns = store.get(K.Namespace, undefined, namespace);
      if (!ns) throw errors.notFound(K.Namespace, namespace);
      if ((ns.status as { phase?: string } | undefined)?.phase === 'Terminating' && type.kind !== 'Event') {
        throw errors.forbidden(`${qualifiedResource(type)} "${obj.metadata.name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`, type, obj.metadata.name);
      }
    },
    admitDelete(type, obj) {
      if (type.kind === 'Namespace' && PROTECTED_NAMESPACES.has(obj.metadata.name)) {
        throw errors.forbidden(`namespaces "${obj.metadata.name}" is forbidden: this namespace may not be deleted`, type, obj.metadata.name);
      }
    },
  };
}

/** ServiceAccount admission: the pod's service account must exist; its token is mounted. */
export function serviceAccountAdmission(store: ObjectStore, random: SeededRandom): AdmissionPlugin {
  return {
    name: 'ServiceAccount',
    admitCreate(type, obj) {
      if (type.kind !== 'Pod') return;
      const spec = obj.spec as PodSpec;
      const namespace = obj.metadata.namespace as string;
      const saName = spec.serviceAccountName ?? 'default';
      if (!store.get(K.ServiceAccount, namespace, saName)) {
        throw errors.forbidden(`pods "${obj.metadata.name}" is forbidden: error looking up service account ${namespace}/${saName}: serviceaccount "${saName}" not found`, type, obj.metadata.name);
      }
      if (spec.automountServiceAccountToken === false) return;
      const volumes = (spec.volumes as { name: string }[] | undefined) ?? [];
      if (volumes.some((v) => v.name.startsWith('kube-api-access-'))) return;
      const volumeName = `kube-api-access-${random.suffix(5)}`;
      spec.volumes = [
        ...volumes,
        {
          name: volumeName,
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
            ],
          },
        },
      ];
      for (const c of spec.containers) {
        const mounts = (c.volumeMounts as unknown[] | undefined) ?? [];
        c.volumeMounts = [...mounts, { name: volumeName, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }];
      }
    },
  };
}

/** Allocates ClusterIPs (10.96.0.0/12) and NodePorts (30000-32767) like the service registry. */
export function serviceAllocator(store: ObjectStore, random: SeededRandom): AdmissionPlugin {
  const base = parseIPv4('10.96.0.0') as number;
  // Kept in step with the store, so allocation stays O(1) in a cluster with thousands of Services.
  const ips = new Map<string, number>();
  const ports = new Map<number, number>();
  const bump = <T>(m: Map<T, number>, key: T | undefined, by: number) => {
    if (key === undefined) return;
    const n = (m.get(key) ?? 0) + by;
    if (n <= 0) m.delete(key);
    else m.set(key, n);
  };
  const track = (obj: StoredObject | undefined, by: number) => {
    if (!obj) return;
    const spec = obj.spec as { clusterIP?: string; ports?: ServicePort[] };
    bump(ips, spec.clusterIP, by);
    for (const p of spec.ports ?? []) bump(ports, p.nodePort, by);
  };
  store.subscribe(K.Service, (event) => {
    if (event.type === 'ADDED') track(event.object, 1);
    else if (event.type === 'DELETED') track(event.object, -1);
    else {
      track(event.previous, -1);
      track(event.object, 1);
    }
  });
  const usedIps = () => ips;
  const usedPorts = () => new Set(ports.keys());
  const allocate = (obj: StoredObject) => {
    const spec = obj.spec as { type?: string; clusterIP?: string; clusterIPs?: string[]; ports?: ServicePort[] };
    if (spec.type === 'ExternalName') return;
    if (!spec.clusterIP) {
      const used = usedIps();
      let ip: string;
      do ip = formatIPv4(base + random.int(16, 65_000)); while (used.has(ip));
      spec.clusterIP = ip;
    } else if (spec.clusterIP !== 'None' && usedIps().has(spec.clusterIP)) {
      throw errors.invalid('Service', '', obj.metadata.name, [{ reason: 'FieldValueInvalid', message: `Invalid value: "${spec.clusterIP}": provided IP is already allocated`, field: 'spec.clusterIP' }]);
    }
    spec.clusterIPs = [spec.clusterIP];
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      const used = usedPorts();
      for (const p of spec.ports ?? []) {
        if (p.nodePort !== undefined) continue;
        let port: number;
        do port = random.int(30000, 32767); while (used.has(port));
        used.add(port);
        p.nodePort = port;
      }
    }
  };
  return {
    name: 'ServiceIPAllocator',
    admitCreate(type, obj) {
      if (type.kind === 'Service') allocate(obj);
    },
    admitUpdate(type, obj, old) {
      if (type.kind !== 'Service') return;
      const spec = obj.spec as { type?: string; clusterIP?: string; ports?: ServicePort[] };
      const oldSpec = old.spec as { clusterIP?: string };
      if (spec.clusterIP && oldSpec.clusterIP && spec.clusterIP !== oldSpec.clusterIP) {
        throw errors.invalid('Service', '', obj.metadata.name, [{ reason: 'FieldValueInvalid', message: `Invalid value: "${spec.clusterIP}": field is immutable`, field: 'spec.clusterIP' }]);
      }
      if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && (spec.ports ?? []).some((p) => p.nodePort === undefined)) {
        const used = usedPorts();
        for (const p of spec.ports ?? []) if (p.nodePort === undefined) {
          let port: number;
          do port = random.int(30000, 32767); while (used.has(port));
          used.add(port);
          p.nodePort = port;
        }
      }
    },
  };
}
