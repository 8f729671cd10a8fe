'use server';

import { revalidatePath } from 'next/cache';
import { defineAction, type ActionContext } from '@/lib/actions/define-action';
import { updateReport } from '@/lib/reports/commands/update-report';
import { updateReportTargets } from '@/lib/reports/commands/update-targets';
import { updateReportSchema } from '@/lib/reports/schemas';
import { reportTargetsSchema } from '@/lib/reports/targets';

const actor = ({ user, ip }: ActionContext) => ({ type: 'user' as const, id: user.id, label: user.email, ip });

export const updateReportAction = defineAction({ name: 'report.edit', schema: updateReportSchema, permission: 'report.edit' }, async (input, context) => {
  const result = await updateReport(input, actor(context));
  revalidatePath(`/reports/${input.incidentId}`);
  revalidatePath('/reports');
  return result;
});

export const updateReportTargetsAction = defineAction(
  { name: 'settings.report_targets', schema: reportTargetsSchema, permission: 'admin.settings' },
  async (input, context) => {
    await updateReportTargets(input, actor(context));
    revalidatePath('/reports', 'layout');
  },
);
