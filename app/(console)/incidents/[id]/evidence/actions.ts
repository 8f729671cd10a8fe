'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction, type ActionContext } from '@/lib/actions/define-action';
import { exportEvidenceBundle } from '@/lib/evidence/commands/export-bundle';
import { verifyEvidence } from '@/lib/evidence/commands/verify-evidence';
import { viewEvidenceText } from '@/lib/evidence/commands/view-evidence';
import { evidenceRefSchema } from '@/lib/evidence/schemas';
import { incidentIdSchema } from '@/lib/incidents/schemas';

const actor = ({ user, ip }: ActionContext) => ({ type: 'user' as const, id: user.id, label: user.email, ip });

export const viewEvidenceAction = defineAction({ name: 'evidence.view', schema: evidenceRefSchema, permission: 'evidence.read' }, async (input, context) =>
  viewEvidenceText(input.evidenceId, actor(context)),
);

export const verifyEvidenceAction = defineAction(
  { name: 'evidence.verify', schema: evidenceRefSchema, permission: 'evidence.upload' },
  async (input, context) => {
    const result = await verifyEvidence(input.evidenceId, actor(context));
    revalidatePath('/incidents', 'layout');
    return result;
  },
);

export const exportEvidenceAction = defineAction(
  { name: 'evidence.export', schema: z.object({ incidentId: incidentIdSchema }), permission: 'evidence.export' },
  async (input, context) => {
    const result = await exportEvidenceBundle(input.incidentId, actor(context));
    revalidatePath(`/incidents/${input.incidentId}`);
    return result;
  },
);
