import 'server-only';
import { writeAudit } from '../../audit/write-audit';
import { db } from '../../db/client';
import { createApiToken } from '../../settings/commands/create-api-token';

const PREFIX = 'cluster simulator';

/**
 * Fresh ingest tokens for the built-in simulator at every start (only their hashes are stored,
 * so the previous ones cannot be handed out again): the old ones are revoked.
 */
export async function issueSimulatorTokens(clusterId: string): Promise<{ falco: string; k8sAudit: string; flows: string }> {
  const actor = { type: 'system' as const, id: null, label: 'npm start' };
  await db.$transaction(async (tx) => {
    const revoked = await tx.apiToken.updateMany({
      where: { name: { startsWith: PREFIX }, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (revoked.count > 0) await writeAudit(tx, actor, { action: 'token.revoke', details: { reason: 'simulator restarted', count: revoked.count } });
  });
  const make = async (source: 'falco' | 'k8s_audit' | 'flows') =>
    (await createApiToken({ name: `${PREFIX} (${source})`, source, clusterId }, actor)).token;
  return { falco: await make('falco'), k8sAudit: await make('k8s_audit'), flows: await make('flows') };
}
