'use server';

import { revalidatePath } from 'next/cache';
import { defineAction, type ActionContext } from '@/lib/actions/define-action';
import { approveAction } from '@/lib/containment/commands/approve-action';
import { executeAction } from '@/lib/containment/commands/execute-action';
import { previewAction } from '@/lib/containment/commands/preview-action';
import { undoAction } from '@/lib/containment/commands/undo-action';
import { actionIdSchema, executeActionSchema, previewActionSchema } from '@/lib/containment/schemas';

const actor = ({ user, ip }: ActionContext) => ({ type: 'user' as const, id: user.id, label: user.email, ip });

function refresh(incidentId: number | null) {
  if (incidentId !== null) revalidatePath(`/incidents/${incidentId}`);
}

export const previewContainmentAction = defineAction(
  { name: 'containment.preview', schema: previewActionSchema, permission: 'containment.execute' },
  async (input, context) => previewAction(input, actor(context)),
);

export const executeContainmentAction = defineAction(
  { name: 'containment.execute', schema: executeActionSchema, permission: 'containment.execute' },
  async (input, context) => {
    const result = await executeAction(input, actor(context));
    refresh(result.incidentId);
    return result;
  },
);

export const approveContainmentAction = defineAction(
  { name: 'containment.approve', schema: actionIdSchema, permission: 'containment.approve' },
  async (input, context) => {
    const result = await approveAction(input.actionId, actor(context));
    refresh(result.incidentId);
    return result;
  },
);

export const undoContainmentAction = defineAction(
  { name: 'containment.undo', schema: actionIdSchema, permission: 'containment.execute' },
  async (input, context) => {
    const result = await undoAction(input.actionId, actor(context));
    refresh(result.incidentId);
    return result;
  },
);
