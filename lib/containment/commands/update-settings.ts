import 'server-only';
import type { Prisma } from '../../db/generated/client';
import { writeAudit, type AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';
import type { ContainmentSettings } from '../settings';

/** Settings → Containment; audited with the values before and after. */
export async function updateContainmentSettings(input: ContainmentSettings, actor: AuditActor): Promise<ContainmentSettings> {
  return await db.$transaction(async (tx) => {
    const before = await tx.setting.findUnique({ where: { key: 'containment' } });
    const value = input as unknown as Prisma.InputJsonValue;
    await tx.setting.upsert({ where: { key: 'containment' }, create: { key: 'containment', value }, update: { value } });
    await writeAudit(tx, actor, { action: 'settings.containment', targetType: 'setting', targetId: 'containment', details: { before: before?.value ?? null, after: value } });
    return input;
  });
}
