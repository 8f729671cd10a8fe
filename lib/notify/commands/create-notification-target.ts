import 'server-only';
import { writeAudit, type AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';
import { AppError } from '../../errors';
import { createNotificationTargetSchema, targetConfigSchema, type CreateNotificationTargetInput } from '../schemas';
import { sealTargetConfig } from '../targets';

/** Seals the credentials; the audit row records what was created, never how to reach it. */
export async function createNotificationTarget(input: CreateNotificationTargetInput, actor: AuditActor): Promise<{ id: string }> {
  const data = createNotificationTargetSchema.parse(input);
  // The config schema strips the target fields (name, threshold, enabled), keeping only the secrets' side.
  const configEnc = sealTargetConfig(targetConfigSchema.parse(data));
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.notificationTarget.create({
        data: { name: data.name, kind: data.kind, configEnc, minSeverity: data.minSeverity, enabled: data.enabled },
        select: { id: true },
      });
      await writeAudit(tx, actor, {
        action: 'notification_target.create',
        targetType: 'notification_target',
        targetId: row.id,
        details: { name: data.name, kind: data.kind, minSeverity: data.minSeverity, enabled: data.enabled },
      });
      return row;
    });
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') {
      throw new AppError('conflict', { userMessage: `A notification target named "${data.name}" already exists.` });
    }
    throw error;
  }
}
