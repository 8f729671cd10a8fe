// Objects as the cluster stores them, for evidence: a pod and its owners with their status.
// managedFields (noise) and the last-applied annotation (may repeat secret values) are dropped;
// Secrets are never read this way.
import 'server-only';
import { readCall, type CallOptions } from './call';
import type { ClusterConnection } from './connection';
import { K8sError } from './errors';

export interface ManifestRef {
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string;
}

function pathOf(ref: ManifestRef): string {
  const base = ref.apiVersion.includes('/') ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
  const scope = ref.namespace ? `/namespaces/${encodeURIComponent(ref.namespace)}` : '';
  const plural = ref.kind.toLowerCase().endsWith('s') ? `${ref.kind.toLowerCase()}es` : `${ref.kind.toLowerCase()}s`;
  return `${base}${scope}/${plural}/${encodeURIComponent(ref.name)}`;
}

export async function getManifest(conn: ClusterConnection, ref: ManifestRef, options?: CallOptions): Promise<Record<string, unknown>> {
  if (ref.kind === 'Secret') throw new K8sError('Forbidden', 'Cordon does not read Secrets as evidence.', { status: 403, reason: 'Forbidden' });
  const object = await readCall(conn, `get ${ref.kind} ${ref.name}`, (o) => conn.raw.getJson<Record<string, unknown>>(pathOf(ref), undefined, o), options);
  const metadata = { ...((object.metadata as Record<string, unknown> | undefined) ?? {}) };
  delete metadata.managedFields;
  const annotations = { ...((metadata.annotations as Record<string, string> | undefined) ?? {}) };
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  metadata.annotations = annotations;
  return { apiVersion: ref.apiVersion, kind: ref.kind, ...object, metadata };
}
