// Connections for registered clusters: the sealed kubeconfig is read from the database and opened
// here, never handed to callers. Kept apart from connection.ts so the gateway itself does not
// pull in Prisma.
import 'server-only';
import { open } from '../crypto/seal';
import { db } from '../db/client';
import { type ClusterConnection, type ConnectOptions, getClusterConnection } from './connection';
import { K8sError } from './errors';

async function loadCredentials(clusterId: string): Promise<ConnectOptions> {
  const cluster = await db.cluster.findUnique({
    where: { id: clusterId },
    select: { id: true, name: true, kubeconfigEnc: true, context: true, source: true },
  });
  if (!cluster) throw new K8sError('NotFound', `No cluster is registered with id ${clusterId}.`, { operation: 'load cluster' });
  // The pod's own service account token and CA, read where Kubernetes mounts them.
  if (cluster.source === 'in_cluster') return { inCluster: true };
  if (!cluster.kubeconfigEnc) {
    throw new K8sError('Invalid', `Cluster "${cluster.name}" has no stored kubeconfig.`, { reason: 'InvalidKubeconfig', operation: 'load cluster' });
  }
  return { kubeconfig: open(cluster.kubeconfigEnc).toString('utf8'), context: cluster.context };
}

/** The (cached) connection to a registered cluster. */
export function loadClusterConnection(clusterId: string): Promise<ClusterConnection> {
  return getClusterConnection(clusterId, loadCredentials);
}
