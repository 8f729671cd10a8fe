import 'server-only';
import { writeAudit, type AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';
import { notFound } from '../../errors';

export async function revokeApiToken(tokenId: string, actor: AuditActor): Promise<void> {
  await db.$transaction(async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { id: tokenId }, select: { id: true, name: true, revokedAt: true } });
    if (!token) throw notFound('Token');
    if (token.revokedAt) return;
    await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } });
    await writeAudit(tx, actor, { action: 'token.revoke', targetType: 'api_token', targetId: tokenId, details: { name: token.name } });
  });
}
