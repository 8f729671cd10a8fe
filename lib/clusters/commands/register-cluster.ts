import 'server-only';
import { writeAudit, type AuditActor } from '../../audit/write-audit';
import { seal } from '../../crypto/seal';
import { db } from '../../db/client';
import type { ClusterSource } from '../../db/generated/enums';
import { forgetClusterConnection } from '../../k8s';

export interface RegisterClusterInput {
  name: string;
  displayName: string;
  source: ClusterSource;
  server: string;
  /** Stored sealed (AES-256-GCM); never returned to the browser or written to a log. Null for in-cluster credentials. */
  kubeconfig: string | null;
  context?: string;
  /** The username Cordon acts as there (its own changes are not flagged by detections). */
  identity?: string;
}

/** Adds a cluster or replaces its connection (credentials, server), keeping its id and history. */
export async function registerCluster(input: RegisterClusterInput, actor: AuditActor): Promise<{ id: string }> {
  const data = {
    displayName: input.displayName,
    source: input.source,
    server: input.server,
    kubeconfigEnc: input.kubeconfig === null ? null : new Uint8Array(seal(input.kubeconfig)),
    context: input.context ?? null,
    identity: input.identity ?? null,
    state: 'unknown' as const,
    stateMessage: null,
  };
  const result = await db.$transaction(async (tx) => {
    const cluster = await tx.cluster.upsert({
      where: { name: input.name },
      create: { name: input.name, ...data },
      update: data,
      select: { id: true },
    });
    await writeAudit(tx, actor, {
      action: 'cluster.register',
      targetType: 'cluster',
      targetId: cluster.id,
      details: { name: input.name, source: input.source, server: input.server },
    });
    return cluster;
  });
  // A cached connection would keep using the old credentials.
  forgetClusterConnection(result.id);
  return result;
}
