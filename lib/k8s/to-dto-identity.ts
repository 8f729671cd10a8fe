// ServiceAccounts, Secrets (metadata only) and RBAC bindings → DTOs.
import type { RbacV1Subject, V1ClusterRoleBinding, V1ObjectMeta, V1RoleBinding, V1Secret, V1ServiceAccount } from '@kubernetes/client-node';
import type { BindingDto, BindingKind, BindingManifest, SecretMetaDto, ServiceAccountDto, SubjectDto } from './dto';
import { labels, metaDto } from './to-dto';

export function serviceAccountDto(sa: V1ServiceAccount): ServiceAccountDto {
  return {
    kind: 'ServiceAccount',
    ...metaDto(sa.metadata),
    namespace: sa.metadata?.namespace ?? '',
    annotations: labels(sa.metadata?.annotations),
    automountServiceAccountToken: sa.automountServiceAccountToken ?? null,
    secretNames: (sa.secrets ?? []).flatMap((s) => (s.name ? [s.name] : [])),
    imagePullSecretNames: (sa.imagePullSecrets ?? []).flatMap((s) => (s.name ? [s.name] : [])),
  };
}

/** kubectl apply stores the whole object, values included, in this annotation. */
const VALUE_CARRYING_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

export function secretMetaDto(secret: V1Secret): SecretMetaDto {
  const annotations = Object.fromEntries(Object.entries(secret.metadata?.annotations ?? {}).filter(([key]) => !VALUE_CARRYING_ANNOTATIONS.has(key)));
  return {
    kind: 'Secret',
    ...metaDto(secret.metadata),
    namespace: secret.metadata?.namespace ?? '',
    type: secret.type ?? 'Opaque',
    annotations,
    dataKeys: [...new Set([...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})])].sort(),
    serviceAccountName: secret.metadata?.annotations?.['kubernetes.io/service-account.name'] ?? null,
  };
}

export function subjectDto(subject: RbacV1Subject): SubjectDto {
  return {
    kind: subject.kind,
    name: subject.name,
    ...(subject.namespace ? { namespace: subject.namespace } : {}),
    ...(subject.apiGroup ? { apiGroup: subject.apiGroup } : {}),
  };
}

function bindingManifest(kind: BindingKind, meta: V1ObjectMeta | undefined, binding: V1RoleBinding | V1ClusterRoleBinding): BindingManifest {
  const metadata: BindingManifest['metadata'] = { name: meta?.name ?? '' };
  if (kind === 'RoleBinding' && meta?.namespace) metadata.namespace = meta.namespace;
  if (meta?.labels) metadata.labels = labels(meta.labels);
  if (meta?.annotations) metadata.annotations = labels(meta.annotations);
  if (meta?.uid) metadata.uid = meta.uid;
  if (meta?.resourceVersion) metadata.resourceVersion = meta.resourceVersion;
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata,
    roleRef: { apiGroup: binding.roleRef.apiGroup ?? 'rbac.authorization.k8s.io', kind: binding.roleRef.kind, name: binding.roleRef.name },
    subjects: (binding.subjects ?? []).map(subjectDto),
  };
}

export function bindingDto(kind: BindingKind, binding: V1RoleBinding | V1ClusterRoleBinding): BindingDto {
  const raw = bindingManifest(kind, binding.metadata, binding);
  return {
    kind,
    ...metaDto(binding.metadata, kind === 'ClusterRoleBinding'),
    roleRef: raw.roleRef,
    subjects: raw.subjects,
    raw,
  };
}
