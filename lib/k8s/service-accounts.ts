// ServiceAccounts and Secrets. Secrets are read in full by the API (the only way to learn their
// type and keys) but only metadata leaves this module: never `data`, `stringData`, or the
// last-applied annotation that repeats them.
import 'server-only';
import { PatchStrategy } from '@kubernetes/client-node';
import { type CallOptions, dryRunParam, FIELD_MANAGER, readCall, withPatchType, type WriteOptions, writeCall } from './call';
import type { ClusterConnection } from './connection';
import type { DeletedDto, SecretMetaDto, ServiceAccountDto } from './dto';
import { secretMetaDto, serviceAccountDto } from './to-dto-identity';

/** Omit the namespace for all namespaces. */
export async function listServiceAccounts(conn: ClusterConnection, namespace?: string, options?: CallOptions): Promise<ServiceAccountDto[]> {
  const list = await readCall(
    conn,
    `list serviceaccounts${namespace ? ` in ${namespace}` : ''}`,
    (o) => (namespace ? conn.core.listNamespacedServiceAccount({ namespace }, o) : conn.core.listServiceAccountForAllNamespaces({}, o)),
    options,
  );
  return list.items.map(serviceAccountDto);
}

export async function getServiceAccount(conn: ClusterConnection, namespace: string, name: string, options?: CallOptions): Promise<ServiceAccountDto> {
  const sa = await readCall(conn, `get serviceaccount ${namespace}/${name}`, (o) => conn.core.readNamespacedServiceAccount({ namespace, name }, o), options);
  return serviceAccountDto(sa);
}

/**
 * Sets `automountServiceAccountToken`. Only pods created afterwards are affected; pods already
 * running keep their mounted token (delete them, or the token, to revoke it).
 */
export async function patchServiceAccountAutomount(
  conn: ClusterConnection,
  namespace: string,
  name: string,
  automount: boolean,
  options?: WriteOptions,
): Promise<ServiceAccountDto> {
  const sa = await writeCall(
    conn,
    `set automountServiceAccountToken=${automount} on serviceaccount ${namespace}/${name}`,
    (o) =>
      conn.core.patchNamespacedServiceAccount(
        { namespace, name, body: { automountServiceAccountToken: automount }, dryRun: dryRunParam(options), fieldManager: FIELD_MANAGER },
        withPatchType(o, PatchStrategy.MergePatch),
      ),
    options,
  );
  return serviceAccountDto(sa);
}

/** Secret metadata, optionally of one type (e.g. `kubernetes.io/service-account-token`). Omit the namespace for all. */
export async function listSecrets(conn: ClusterConnection, namespace?: string, query: { type?: string } = {}, options?: CallOptions): Promise<SecretMetaDto[]> {
  const fieldSelector = query.type ? `type=${query.type}` : undefined;
  const list = await readCall(
    conn,
    `list secrets${namespace ? ` in ${namespace}` : ''}`,
    (o) => (namespace ? conn.core.listNamespacedSecret({ namespace, fieldSelector }, o) : conn.core.listSecretForAllNamespaces({ fieldSelector }, o)),
    options,
  );
  return list.items.map(secretMetaDto);
}

/** Deleting a service-account token Secret revokes that token at once. */
export async function deleteSecret(conn: ClusterConnection, namespace: string, name: string, options?: WriteOptions & { uid?: string }): Promise<DeletedDto> {
  await writeCall(
    conn,
    `delete secret ${namespace}/${name}`,
    (o) =>
      conn.core.deleteNamespacedSecret({ namespace, name, dryRun: dryRunParam(options), body: options?.uid ? { preconditions: { uid: options.uid } } : undefined }, o),
    options,
  );
  return { kind: 'Secret', namespace, name, uid: options?.uid ?? null, dryRun: options?.dryRun === true };
}
