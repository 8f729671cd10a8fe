// RoleBindings and ClusterRoleBindings: who is bound to what, revoking a binding (delete, or
// remove one subject), and recreating a deleted binding from its backup for undo.
import 'server-only';
import { PatchStrategy, type V1ClusterRoleBinding, type V1RoleBinding } from '@kubernetes/client-node';
import { type CallOptions, dryRunParam, FIELD_MANAGER, readCall, withPatchType, type WriteOptions, writeCall } from './call';
import type { ClusterConnection } from './connection';
import type { BindingDto, BindingKind, BindingManifest, DeletedDto, SubjectDto } from './dto';
import { isK8sError, K8sError } from './errors';
import { bindingDto } from './to-dto-identity';

/** Omit the namespace for all namespaces. */
export async function listRoleBindings(conn: ClusterConnection, namespace?: string, options?: CallOptions): Promise<BindingDto[]> {
  const list = await readCall(
    conn,
    `list rolebindings${namespace ? ` in ${namespace}` : ''}`,
    (o) => (namespace ? conn.rbac.listNamespacedRoleBinding({ namespace }, o) : conn.rbac.listRoleBindingForAllNamespaces({}, o)),
    options,
  );
  return list.items.map((b) => bindingDto('RoleBinding', b));
}

export async function listClusterRoleBindings(conn: ClusterConnection, options?: CallOptions): Promise<BindingDto[]> {
  const list = await readCall(conn, 'list clusterrolebindings', (o) => conn.rbac.listClusterRoleBinding({}, o), options);
  return list.items.map((b) => bindingDto('ClusterRoleBinding', b));
}

export async function getBinding(conn: ClusterConnection, kind: BindingKind, namespace: string | null, name: string, options?: CallOptions): Promise<BindingDto> {
  if (kind === 'ClusterRoleBinding') {
    return bindingDto(kind, await readCall(conn, `get clusterrolebinding ${name}`, (o) => conn.rbac.readClusterRoleBinding({ name }, o), options));
  }
  const ns = requireNamespace(namespace, name);
  return bindingDto(kind, await readCall(conn, `get rolebinding ${ns}/${name}`, (o) => conn.rbac.readNamespacedRoleBinding({ namespace: ns, name }, o), options));
}

function requireNamespace(namespace: string | null | undefined, name: string): string {
  if (!namespace) throw new K8sError('Invalid', `RoleBinding "${name}" needs a namespace.`, { reason: 'NamespaceRequired' });
  return namespace;
}

export interface ServiceAccountGrant {
  binding: BindingDto;
  /** How the binding reaches the ServiceAccount: by name, by its username, or through a group. */
  matchedBy: 'ServiceAccount' | 'User' | 'Group';
  subject: SubjectDto;
}

/** Subjects that grant to a ServiceAccount, including the groups every ServiceAccount is in. */
export function subjectGrantsTo(subject: SubjectDto, bindingNamespace: string | null, namespace: string, name: string): ServiceAccountGrant['matchedBy'] | null {
  if (subject.kind === 'ServiceAccount') return subject.name === name && (subject.namespace ?? bindingNamespace) === namespace ? 'ServiceAccount' : null;
  if (subject.kind === 'User') return subject.name === `system:serviceaccount:${namespace}:${name}` ? 'User' : null;
  if (subject.kind === 'Group') return subject.name === 'system:serviceaccounts' || subject.name === `system:serviceaccounts:${namespace}` ? 'Group' : null;
  return null;
}

export async function bindingsForServiceAccount(conn: ClusterConnection, namespace: string, name: string, options?: CallOptions): Promise<ServiceAccountGrant[]> {
  const [roleBindings, clusterRoleBindings] = await Promise.all([listRoleBindings(conn, undefined, options), listClusterRoleBindings(conn, options)]);
  const grants: ServiceAccountGrant[] = [];
  for (const binding of [...clusterRoleBindings, ...roleBindings]) {
    for (const subject of binding.subjects) {
      const matchedBy = subjectGrantsTo(subject, binding.namespace, namespace, name);
      if (matchedBy) grants.push({ binding, matchedBy, subject });
    }
  }
  return grants;
}

function deleteBody(options?: { uid?: string }) {
  return options?.uid ? { preconditions: { uid: options.uid } } : undefined;
}

export async function deleteRoleBinding(conn: ClusterConnection, namespace: string, name: string, options?: WriteOptions & { uid?: string }): Promise<DeletedDto> {
  await writeCall(
    conn,
    `delete rolebinding ${namespace}/${name}`,
    (o) => conn.rbac.deleteNamespacedRoleBinding({ namespace, name, dryRun: dryRunParam(options), body: deleteBody(options) }, o),
    options,
  );
  return { kind: 'RoleBinding', namespace, name, uid: options?.uid ?? null, dryRun: options?.dryRun === true };
}

export async function deleteClusterRoleBinding(conn: ClusterConnection, name: string, options?: WriteOptions & { uid?: string }): Promise<DeletedDto> {
  await writeCall(conn, `delete clusterrolebinding ${name}`, (o) => conn.rbac.deleteClusterRoleBinding({ name, dryRun: dryRunParam(options), body: deleteBody(options) }, o), options);
  return { kind: 'ClusterRoleBinding', namespace: null, name, uid: options?.uid ?? null, dryRun: options?.dryRun === true };
}

/** The backup without what the server assigns (uid, resourceVersion…), ready to be created again. */
function recreatable(manifest: BindingManifest, kind: BindingKind): V1RoleBinding & V1ClusterRoleBinding {
  const { name, namespace, labels, annotations } = manifest.metadata;
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name, ...(kind === 'RoleBinding' ? { namespace } : {}), labels, annotations },
    roleRef: { ...manifest.roleRef },
    subjects: manifest.subjects.map((s) => ({ ...s })),
  };
}

export async function createRoleBinding(conn: ClusterConnection, manifest: BindingManifest, options?: WriteOptions): Promise<BindingDto> {
  const namespace = requireNamespace(manifest.metadata.namespace, manifest.metadata.name);
  const body = recreatable(manifest, 'RoleBinding');
  const created = await writeCall(
    conn,
    `create rolebinding ${namespace}/${manifest.metadata.name}`,
    (o) => conn.rbac.createNamespacedRoleBinding({ namespace, body, dryRun: dryRunParam(options), fieldManager: FIELD_MANAGER }, o),
    options,
  );
  return bindingDto('RoleBinding', created);
}

export async function createClusterRoleBinding(conn: ClusterConnection, manifest: BindingManifest, options?: WriteOptions): Promise<BindingDto> {
  const body = recreatable(manifest, 'ClusterRoleBinding');
  const created = await writeCall(
    conn,
    `create clusterrolebinding ${manifest.metadata.name}`,
    (o) => conn.rbac.createClusterRoleBinding({ body, dryRun: dryRunParam(options), fieldManager: FIELD_MANAGER }, o),
    options,
  );
  return bindingDto('ClusterRoleBinding', created);
}

const sameSubject = (a: SubjectDto, b: SubjectDto, bindingNamespace: string | null) =>
  a.kind === b.kind && a.name === b.name && (a.kind !== 'ServiceAccount' || (a.namespace ?? bindingNamespace) === (b.namespace ?? bindingNamespace));

/**
 * Removes one subject with a JSON patch guarded by a `test` on the resourceVersion read (or the
 * one the caller expects): if the binding changed meanwhile the cluster refuses the patch, and
 * that refusal is reported as Conflict.
 */
export async function removeSubjectFromBinding(
  conn: ClusterConnection,
  kind: BindingKind,
  namespace: string | null,
  name: string,
  subject: SubjectDto,
  options?: WriteOptions & { expectedResourceVersion?: string },
): Promise<BindingDto> {
  const current = await getBinding(conn, kind, namespace, name, options);
  const index = current.subjects.findIndex((s) => sameSubject(s, subject, current.namespace));
  const operation = `remove ${subject.kind} ${subject.name} from ${kind} ${namespace ? `${namespace}/` : ''}${name}`;
  if (index < 0) throw new K8sError('NotFound', `${subject.kind} "${subject.name}" is not a subject of ${kind} "${name}".`, { reason: 'SubjectNotFound', operation });
  const resourceVersion = options?.expectedResourceVersion ?? current.resourceVersion;
  const body = [
    { op: 'test', path: '/metadata/resourceVersion', value: resourceVersion },
    { op: 'remove', path: `/subjects/${index}` },
  ];
  const params = { name, body, dryRun: dryRunParam(options), fieldManager: FIELD_MANAGER };
  try {
    const patched = await writeCall(
      conn,
      operation,
      (o) => {
        const patch = withPatchType(o, PatchStrategy.JsonPatch);
        return kind === 'ClusterRoleBinding'
          ? conn.rbac.patchClusterRoleBinding(params, patch)
          : conn.rbac.patchNamespacedRoleBinding({ ...params, namespace: requireNamespace(namespace, name) }, patch);
      },
      options,
    );
    return bindingDto(kind, patched);
  } catch (err) {
    // A failed `test` is a 422 from the API server; for this patch it means "changed meanwhile".
    if (isK8sError(err, 'Invalid')) {
      throw new K8sError('Conflict', `${kind} "${name}" changed since it was read (resourceVersion ${resourceVersion}); read it again before removing the subject.`, {
        status: err.status,
        reason: err.reason,
        clusterMessage: err.clusterMessage,
        causes: err.causes,
        operation,
      });
    }
    throw err;
  }
}
