// The cluster named by KUBECONFIG, or this pod's own service account when the process runs inside
// a cluster (KUBERNETES_SERVICE_HOST and a mounted token), registered at every start: credentials
// rotate. Used by the production entry (scripts/serve.ts); `npm start` does the same inline.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { AuditActor } from '../../lib/audit/write-audit';

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export async function registerConfiguredClusterFromEnv(actor: AuditActor, logger: Logger): Promise<void> {
  const { env } = await import('../../lib/env');
  const { KUBECONFIG, CORDON_CLUSTER_NAME } = env();
  const inCluster = !!process.env.KUBERNETES_SERVICE_HOST && existsSync(SERVICE_ACCOUNT_TOKEN);
  if (!KUBECONFIG && !inCluster) return;
  const { registerConfiguredCluster } = await import('../../lib/clusters/commands/register-configured-cluster');
  const configured = KUBECONFIG
    ? { kind: 'kubeconfig' as const, path: path.resolve(KUBECONFIG.split(path.delimiter)[0]!), name: CORDON_CLUSTER_NAME }
    : { kind: 'in_cluster' as const, name: CORDON_CLUSTER_NAME };
  try {
    const cluster = await registerConfiguredCluster(configured, actor);
    logger.info({ cluster: cluster.name, server: cluster.server, identity: cluster.identity }, 'cluster registered');
  } catch (error) {
    // The console still serves (incidents, other clusters); the cluster page shows the problem.
    logger.warn({ err: error, source: configured.kind }, 'could not register the configured cluster');
  }
}
