// client-node objects (or the same shapes as plain JSON from a watch) → DTOs. Models carry Dates,
// watch events carry strings: `iso()` accepts both.
import type {
  V1Ingress,
  V1LabelSelector,
  V1NetworkPolicy,
  V1NetworkPolicyPeer,
  V1NetworkPolicyPort,
  V1Node,
  V1ObjectMeta,
  V1OwnerReference,
  V1Pod,
  V1Service,
} from '@kubernetes/client-node';
import type {
  GenericObjectDto,
  IngressDto,
  Labels,
  LabelSelectorDto,
  NetworkPolicyDto,
  NetworkPolicyPeerDto,
  NetworkPolicyPortDto,
  NodeDto,
  ObjectMetaDto,
  OwnerReferenceDto,
  PodDto,
  ServiceDto,
} from './dto';

export function iso(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export const labels = (value: Record<string, string> | undefined | null): Labels => ({ ...(value ?? {}) });

export function metaDto(meta: V1ObjectMeta | undefined, clusterScoped = false): ObjectMetaDto {
  return {
    name: meta?.name ?? '',
    namespace: clusterScoped ? null : (meta?.namespace ?? null),
    uid: meta?.uid ?? '',
    labels: labels(meta?.labels),
    resourceVersion: meta?.resourceVersion ?? '',
    creationTimestamp: iso(meta?.creationTimestamp),
  };
}

export function ownerReferencesDto(refs: V1OwnerReference[] | undefined): OwnerReferenceDto[] {
  return (refs ?? []).map((r) => ({ apiVersion: r.apiVersion, kind: r.kind, name: r.name, uid: r.uid, controller: r.controller === true }));
}

export function labelSelectorDto(selector: V1LabelSelector | undefined | null): LabelSelectorDto {
  return {
    matchLabels: labels(selector?.matchLabels),
    matchExpressions: (selector?.matchExpressions ?? []).map((e) => ({ key: e.key, operator: e.operator, values: [...(e.values ?? [])] })),
  };
}

export function podDto(pod: V1Pod): PodDto {
  const statuses = new Map((pod.status?.containerStatuses ?? []).map((s) => [s.name, s]));
  return {
    kind: 'Pod',
    ...metaDto(pod.metadata),
    namespace: pod.metadata?.namespace ?? '',
    nodeName: pod.spec?.nodeName ?? null,
    phase: pod.status?.phase ?? null,
    podIP: pod.status?.podIP ?? null,
    serviceAccountName: pod.spec?.serviceAccountName ?? null,
    containers: (pod.spec?.containers ?? []).map((c) => {
      const status = statuses.get(c.name);
      const state = status?.state?.running ? 'running' : status?.state?.waiting ? 'waiting' : status?.state?.terminated ? 'terminated' : 'unknown';
      return { name: c.name, image: c.image ?? status?.image ?? '', ready: status?.ready ?? false, restartCount: status?.restartCount ?? 0, state };
    }),
    ownerReferences: ownerReferencesDto(pod.metadata?.ownerReferences),
    deletionTimestamp: iso(pod.metadata?.deletionTimestamp),
  };
}

export function nodeDto(node: V1Node): NodeDto {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  return {
    kind: 'Node',
    ...metaDto(node.metadata, true),
    namespace: null,
    unschedulable: node.spec?.unschedulable === true,
    taints: (node.spec?.taints ?? []).map((t) => ({
      key: t.key,
      ...(t.value !== undefined ? { value: t.value } : {}),
      effect: t.effect,
      ...(iso(t.timeAdded) ? { timeAdded: iso(t.timeAdded) as string } : {}),
    })),
    ready: ready ? (ready.status === 'True' ? true : ready.status === 'False' ? false : null) : null,
    readyReason: ready?.reason ?? null,
    internalIP: node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? null,
    kubeletVersion: node.status?.nodeInfo?.kubeletVersion ?? null,
  };
}

function peerDto(peer: V1NetworkPolicyPeer): NetworkPolicyPeerDto {
  return {
    ...(peer.podSelector ? { podSelector: labelSelectorDto(peer.podSelector) } : {}),
    ...(peer.namespaceSelector ? { namespaceSelector: labelSelectorDto(peer.namespaceSelector) } : {}),
    ...(peer.ipBlock ? { ipBlock: { cidr: peer.ipBlock.cidr, except: [...(peer.ipBlock.except ?? [])] } } : {}),
  };
}

function portDto(port: V1NetworkPolicyPort): NetworkPolicyPortDto {
  return {
    ...(port.protocol ? { protocol: port.protocol } : {}),
    ...(port.port !== undefined ? { port: port.port } : {}),
    ...(port.endPort !== undefined ? { endPort: port.endPort } : {}),
  };
}

export function networkPolicyDto(policy: V1NetworkPolicy): NetworkPolicyDto {
  return {
    kind: 'NetworkPolicy',
    ...metaDto(policy.metadata),
    namespace: policy.metadata?.namespace ?? '',
    annotations: labels(policy.metadata?.annotations),
    podSelector: labelSelectorDto(policy.spec?.podSelector),
    policyTypes: [...(policy.spec?.policyTypes ?? [])],
    ingress: (policy.spec?.ingress ?? []).map((r) => ({ peers: (r._from ?? (r as { from?: V1NetworkPolicyPeer[] }).from ?? []).map(peerDto), ports: (r.ports ?? []).map(portDto) })),
    egress: (policy.spec?.egress ?? []).map((r) => ({ peers: (r.to ?? []).map(peerDto), ports: (r.ports ?? []).map(portDto) })),
  };
}

const lbIngress = (items: { ip?: string; hostname?: string }[] | undefined) => (items ?? []).map((i) => ({ ip: i.ip ?? null, hostname: i.hostname ?? null }));

export function serviceDto(service: V1Service): ServiceDto {
  return {
    kind: 'Service',
    ...metaDto(service.metadata),
    namespace: service.metadata?.namespace ?? '',
    type: service.spec?.type ?? 'ClusterIP',
    clusterIP: service.spec?.clusterIP ?? null,
    ports: (service.spec?.ports ?? []).map((p) => ({
      name: p.name ?? null,
      protocol: p.protocol ?? 'TCP',
      port: p.port,
      targetPort: (p.targetPort) ?? null,
      nodePort: p.nodePort ?? null,
    })),
    selector: service.spec?.selector ? labels(service.spec.selector) : null,
    externalIPs: [...(service.spec?.externalIPs ?? [])],
    loadBalancerIngress: lbIngress(service.status?.loadBalancer?.ingress),
  };
}

export function ingressDto(ingress: V1Ingress): IngressDto {
  return {
    kind: 'Ingress',
    ...metaDto(ingress.metadata),
    namespace: ingress.metadata?.namespace ?? '',
    ingressClassName: ingress.spec?.ingressClassName ?? null,
    rules: (ingress.spec?.rules ?? []).map((rule) => ({
      host: rule.host ?? null,
      paths: (rule.http?.paths ?? []).map((p) => ({
        path: p.path ?? null,
        pathType: p.pathType ?? null,
        service: p.backend?.service?.name ?? null,
        port: p.backend?.service?.port?.number ?? p.backend?.service?.port?.name ?? null,
      })),
    })),
    tls: (ingress.spec?.tls ?? []).map((t) => ({ hosts: [...(t.hosts ?? [])], secretName: t.secretName ?? null })),
    loadBalancerIngress: lbIngress(ingress.status?.loadBalancer?.ingress),
  };
}

export function genericObjectDto(obj: { kind?: string; metadata?: V1ObjectMeta }, kind?: string): GenericObjectDto {
  return {
    kind: obj.kind ?? kind ?? 'Unknown',
    ...metaDto(obj.metadata),
    annotations: labels(obj.metadata?.annotations),
    ownerReferences: ownerReferencesDto(obj.metadata?.ownerReferences),
  };
}
