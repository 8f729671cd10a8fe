// An admin connects a cluster by pasting a kubeconfig. It is checked before anything is stored:
// self-contained (no exec plugins, auth providers or file paths — those would run programs or
// read files on the console's server), readable, and accepted by the API server. Its credentials
// are stored sealed; the inventory watchers pick the cluster up and report its connection state.
import 'server-only';
import YAML from 'yaml';
import { AppError } from '../../errors';
import { connectCluster, forgetClusterConnection, isK8sError, whoAmI } from '../../k8s';
import { db } from '../../db/client';
import { writeAudit, type AuditActor } from '../../audit/write-audit';
import type { ConnectClusterInput } from '../schemas';
import { registerCluster } from './register-cluster';

/** Kubeconfig fields that make the console run a program or read a file of its own server. */
const UNSAFE_USER_FIELDS = ['exec', 'auth-provider', 'tokenFile', 'client-certificate', 'client-key', 'username', 'password'] as const;
const UNSAFE_CLUSTER_FIELDS = ['certificate-authority'] as const;

export function unsafeKubeconfigFields(kubeconfig: string): string[] {
  let doc: unknown;
  try {
    doc = YAML.parse(kubeconfig);
  } catch {
    return []; // connectCluster reports the syntax error
  }
  const found: string[] = [];
  const users = (doc as { users?: { name?: string; user?: Record<string, unknown> }[] } | null)?.users ?? [];
  for (const entry of users) for (const field of UNSAFE_USER_FIELDS) if (entry.user?.[field] !== undefined) found.push(`users[${entry.name ?? '?'}].user.${field}`);
  const clusters = (doc as { clusters?: { name?: string; cluster?: Record<string, unknown> }[] } | null)?.clusters ?? [];
  for (const entry of clusters) for (const field of UNSAFE_CLUSTER_FIELDS) if (entry.cluster?.[field] !== undefined) found.push(`clusters[${entry.name ?? '?'}].cluster.${field}`);
  return found;
}

export interface ConnectedCluster {
  id: string;
  server: string;
  identity: string;
}

export async function connectClusterFromKubeconfig(input: ConnectClusterInput, actor: AuditActor): Promise<ConnectedCluster> {
  const unsafe = unsafeKubeconfigFields(input.kubeconfig);
  if (unsafe.length > 0) {
    throw new AppError('bad_request', {
      userMessage: `This kubeconfig needs programs or files on the console's server (${unsafe.join(', ')}). Use one with inline credentials: a token (for example of a service account bound to the cordon-responder ClusterRole) and certificate-authority-data.`,
    });
  }
  const existing = await db.cluster.findUnique({ where: { name: input.name }, select: { source: true } });
  if (existing && existing.source !== 'kubeconfig' && existing.source !== 'reported') {
    throw new AppError('conflict', { userMessage: `A ${existing.source} cluster is already named "${input.name}"; choose another name.` });
  }

  let conn;
  try {
    conn = connectCluster({ kubeconfig: input.kubeconfig, context: input.context || undefined, timeoutMs: 10_000 });
  } catch (error) {
    throw new AppError('bad_request', { userMessage: error instanceof Error ? error.message : 'The kubeconfig could not be read.' });
  }
  let identity: string;
  try {
    identity = (await whoAmI(conn, { timeoutMs: 10_000 })).username;
  } catch (error) {
    // The cluster's own words: wrong token (Unauthorized), wrong CA, unreachable address.
    const reason = isK8sError(error) ? `${error.kind}: ${error.message}` : String(error);
    await db.$transaction((tx) =>
      writeAudit(tx, actor, { action: 'cluster.connect', outcome: 'failed', targetType: 'cluster', details: { name: input.name, server: conn.server, reason } }),
    );
    throw new AppError('cluster_error', { userMessage: `${conn.server} did not accept the connection — ${reason}. Nothing was stored.` });
  }

  const { id } = await registerCluster(
    {
      name: input.name,
      displayName: input.displayName || input.name,
      source: 'kubeconfig',
      server: conn.server,
      kubeconfig: input.kubeconfig,
      context: conn.contextName,
      identity,
    },
    actor,
  );
  return { id, server: conn.server, identity };
}

/**
 * Forgets a cluster's credentials: its watch stops and no action can run there any more. The
 * cluster, its incidents, actions and evidence stay (they are the record); connecting it again
 * under the same name resumes it.
 */
export async function disconnectCluster(clusterId: string, actor: AuditActor): Promise<void> {
  await db.$transaction(async (tx) => {
    const cluster = await tx.cluster.findUnique({ where: { id: clusterId }, select: { name: true, source: true } });
    if (!cluster) throw new AppError('not_found', { userMessage: 'No such cluster.' });
    if (cluster.source === 'simulator') throw new AppError('bad_request', { userMessage: 'The demo simulator is managed by npm start (CORDON_SIMULATOR).' });
    await tx.cluster.update({
      where: { id: clusterId },
      data: { source: 'reported', kubeconfigEnc: null, context: null, state: 'unknown', stateMessage: 'Disconnected: no credentials' },
    });
    await writeAudit(tx, actor, { action: 'cluster.disconnect', targetType: 'cluster', targetId: clusterId, details: { name: cluster.name, previousSource: cluster.source } });
  });
  forgetClusterConnection(clusterId);
}
