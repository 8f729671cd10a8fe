import { K } from '../api/known-types.js';
import type { NodeObject, Pod } from '../api/types.js';
import type { ObjectStore } from '../store/object-store.js';
import { formatIPv4, parseCidr } from '../netpol/ip.js';

/** Pod IPs from each node's podCIDR (10.244.<n>.0/24), released when the pod goes away. */
export class PodIpAllocator {
  private readonly used = new Map<string, Set<string>>();

  constructor(store: ObjectStore) {
    store.subscribe(K.Pod, (e) => {
      const pod = e.object as Pod;
      if (e.type === 'DELETED' && pod.spec.nodeName && pod.status?.podIP && !pod.spec.hostNetwork) {
        this.used.get(pod.spec.nodeName)?.delete(pod.status.podIP);
      }
    });
  }

  allocate(pod: Pod, node: NodeObject): string {
    if (pod.spec.hostNetwork) return node.status.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '10.0.0.1';
    const cidr = parseCidr(node.spec.podCIDR ?? '10.244.0.0/24');
    if (!cidr) throw new Error(`node ${node.metadata.name} has no valid podCIDR`);
    let taken = this.used.get(node.metadata.name);
    if (!taken) {
      taken = new Set();
      this.used.set(node.metadata.name, taken);
    }
    const size = 2 ** (32 - cidr.prefix);
    for (let host = 2; host < size - 1; host++) {
      const ip = formatIPv4(cidr.base + host);
      if (!taken.has(ip)) {
        taken.add(ip);
        return ip;
      }
    }
    throw new Error(`node ${node.metadata.name} has no free pod IP`);
  }
}
