import 'server-only';
import { generateApiToken } from '../../auth/api-tokens';
import { writeAudit, type AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';
import type { CreateApiTokenInput } from '../schemas';

/** Returns the token itself exactly once; the database keeps only its hash. */
export async function createApiToken(
  input: CreateApiTokenInput,
  actor: AuditActor,
): Promise<{ id: string; token: string; prefix: string }> {
  const { token, hash, prefix } = generateApiToken(input.source);
  const created = await db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: {
        name: input.name,
        source: input.source,
        tokenHash: hash,
        prefix,
        clusterId: input.clusterId ?? null,
        createdById: actor.type === 'user' ? actor.id : null,
      },
      select: { id: true },
    });
    await writeAudit(tx, actor, {
      action: 'token.create',
      targetType: 'api_token',
      targetId: row.id,
      details: { name: input.name, source: input.source, prefix },
    });
    return row;
  });
  return { id: created.id, token, prefix };
}
