import 'server-only';
import { writeAudit, type AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';
import { REPORT_TARGETS_KEY, type ReportTargets } from '../targets';

export async function updateReportTargets(targets: ReportTargets, actor: AuditActor & { id: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.setting.findUnique({ where: { key: REPORT_TARGETS_KEY } });
    await tx.setting.upsert({
      where: { key: REPORT_TARGETS_KEY },
      create: { key: REPORT_TARGETS_KEY, value: { ...targets }, updatedById: actor.id },
      update: { value: { ...targets }, updatedById: actor.id },
    });
    await writeAudit(tx, actor, { action: 'settings.report_targets', targetType: 'setting', targetId: REPORT_TARGETS_KEY, details: { before: (before?.value ?? null) as object | null, after: { ...targets } } });
  });
}
