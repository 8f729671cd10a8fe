// The cluster given to the process at start: a kubeconfig file (KUBECONFIG) or the pod's own
// service account when Cordon runs inside the cluster. Registered (or refreshed) like any other,
// with the identity the API server reports for its credentials.
import 'server-only';
import { readFile } from 'node:fs/promises';
import type { AuditActor } from '../../audit/write-audit';
import { connectCluster, whoAmI, type ClusterConnection } from '../../k8s';
import { registerCluster } from './register-cluster';

export type ConfiguredCluster = { kind: 'kubeconfig'; path: string; name?: string } | { kind: 'in_cluster'; name?: string };

const clusterName = (raw: string) =>
  raw
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'cluster';

export async function registerConfiguredCluster(configured: ConfiguredCluster, actor: AuditActor): Promise<{ id: string; name: string; server: string; identity: string | null }> {
  const kubeconfig = configured.kind === 'kubeconfig' ? await readFile(configured.path, 'utf8') : null;
  const conn: ClusterConnection = kubeconfig ? connectCluster({ kubeconfig }) : connectCluster({ inCluster: true });
  // The identity keeps Cordon's own changes out of the detections; unknown when the cluster is down.
  const identity = await whoAmI(conn, { timeoutMs: 5_000 })
    .then((who) => who.username)
    .catch(() => conn.kubeconfigUser);
  const name = clusterName(configured.name ?? (configured.kind === 'in_cluster' ? 'in-cluster' : conn.contextName));
  const { id } = await registerCluster(
    {
      name,
      displayName: configured.name ?? (configured.kind === 'in_cluster' ? 'This cluster (in-cluster)' : conn.contextName),
      source: configured.kind,
      server: conn.server,
      kubeconfig,
      context: kubeconfig ? conn.contextName : undefined,
      identity: identity ?? undefined,
    },
    actor,
  );
  return { id, name, server: conn.server, identity };
}
