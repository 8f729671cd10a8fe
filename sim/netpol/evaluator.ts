import { K } from '../api/known-types.js';
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, Pod } from '../api/types.js';
import type { ObjectStore } from '../store/object-store.js';
import { matchesLabelSelector } from '../store/selectors.js';
import { cidrContains, parseCidr, parseIPv4 } from './ip.js';

/** One side of a connection: a pod, or an address outside the cluster. */
export type Endpoint = { kind: 'pod'; pod: Pod } | { kind: 'external'; ip: string };

export interface Verdict {
  allowed: boolean;
  /** Where a denial happened: the source's egress or the destination's ingress. */
  deniedAt?: 'EGRESS' | 'INGRESS';
  /** Policies that selected the denying side (for logs and tests). */
  policies?: string[];
}

/**
 * Kubernetes NetworkPolicy semantics, as Cilium enforces them: a pod selected by any policy of a
 * type (Ingress/Egress) is default-deny in that direction except for what some such policy allows;
 * policies are additive. Peers: podSelector (policy namespace), namespaceSelector, both (AND),
 * ipBlock with except. Ports: number, range (endPort), or a named container port of the
 * destination pod. ipBlocks apply to traffic leaving or entering the cluster only (Cilium matches
 * in-cluster endpoints by identity, not by CIDR).
 */
export class NetworkPolicyEvaluator {
  constructor(private readonly store: ObjectStore) {}

  evaluate(src: Endpoint, dst: Endpoint, port: number, protocol: 'TCP' | 'UDP' | 'SCTP'): Verdict {
    if (src.kind === 'pod') {
      const egress = this.check(src.pod, 'Egress', dst, dst, port, protocol);
      if (!egress.allowed) return { allowed: false, deniedAt: 'EGRESS', policies: egress.policies };
    }
    if (dst.kind === 'pod') {
      const ingress = this.check(dst.pod, 'Ingress', src, dst, port, protocol);
      if (!ingress.allowed) return { allowed: false, deniedAt: 'INGRESS', policies: ingress.policies };
    }
    return { allowed: true };
  }

  /** Is the pod isolated for egress at all (selected by some Egress policy)? */
  isolated(pod: Pod, direction: 'Ingress' | 'Egress'): boolean {
    return this.selecting(pod, direction).length > 0;
  }

  private selecting(pod: Pod, direction: 'Ingress' | 'Egress'): NetworkPolicy[] {
    return (this.store.list(K.NetworkPolicy, pod.metadata.namespace) as NetworkPolicy[]).filter(
      (p) => (p.spec.policyTypes ?? ['Ingress']).includes(direction) && matchesLabelSelector(pod.metadata.labels, p.spec.podSelector ?? {}),
    );
  }

  private check(subject: Pod, direction: 'Ingress' | 'Egress', peer: Endpoint, dst: Endpoint, port: number, protocol: string): { allowed: boolean; policies: string[] } {
    const policies = this.selecting(subject, direction);
    if (policies.length === 0) return { allowed: true, policies: [] };
    const names = policies.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
    for (const policy of policies) {
      const rules = direction === 'Ingress' ? (policy.spec.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports })) : (policy.spec.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }));
      for (const rule of rules) {
        const peerOk = !rule.peers || rule.peers.length === 0 || rule.peers.some((p) => this.peerMatches(p, peer, policy.metadata.namespace as string));
        const portOk = !rule.ports || rule.ports.length === 0 || rule.ports.some((p) => portMatches(p, dst, port, protocol));
        if (peerOk && portOk) return { allowed: true, policies: names };
      }
    }
    return { allowed: false, policies: names };
  }

  private peerMatches(peer: NetworkPolicyPeer, endpoint: Endpoint, policyNamespace: string): boolean {
    if (peer.ipBlock) {
      if (endpoint.kind !== 'external') return false;
      const ip = parseIPv4(endpoint.ip);
      const cidr = parseCidr(peer.ipBlock.cidr);
      if (ip === undefined || !cidr || !cidrContains(cidr, ip)) return false;
      return !(peer.ipBlock.except ?? []).some((e) => {
        const ex = parseCidr(e);
        return ex !== undefined && cidrContains(ex, ip);
      });
    }
    if (endpoint.kind !== 'pod') return false;
    const pod = endpoint.pod;
    if (peer.namespaceSelector) {
      const ns = this.store.get(K.Namespace, undefined, pod.metadata.namespace as string);
      if (!matchesLabelSelector(ns?.metadata.labels, peer.namespaceSelector)) return false;
    } else if (pod.metadata.namespace !== policyNamespace) {
      return false;
    }
    return !peer.podSelector || matchesLabelSelector(pod.metadata.labels, peer.podSelector);
  }
}

function portMatches(rule: NetworkPolicyPort, dst: Endpoint, port: number, protocol: string): boolean {
  if ((rule.protocol ?? 'TCP') !== protocol) return false;
  if (rule.port === undefined) return true;
  if (typeof rule.port === 'number') return rule.endPort !== undefined ? port >= rule.port && port <= rule.endPort : port === rule.port;
  if (dst.kind !== 'pod') return false;
  // A named port means the destination container port of that name (and protocol).
  return dst.pod.spec.containers.some((c) => (c.ports ?? []).some((p) => p.name === rule.port && p.containerPort === port && (p.protocol ?? 'TCP') === protocol));
}
