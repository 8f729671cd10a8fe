'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction, type ActionContext } from '@/lib/actions/define-action';
import { addNote } from '@/lib/incidents/commands/add-note';
import { assignIncident } from '@/lib/incidents/commands/assign-incident';
import { changeIncidentPhase } from '@/lib/incidents/commands/change-phase';
import { changeIncidentStatus } from '@/lib/incidents/commands/change-status';
import { mergeIncidents } from '@/lib/incidents/commands/merge-incidents';
import {
  addNoteSchema,
  assignIncidentSchema,
  bulkAssignSchema,
  bulkCloseSchema,
  changePhaseSchema,
  changeStatusSchema,
  incidentIdSchema,
  mergeSchema,
} from '@/lib/incidents/schemas';
import { isAppError } from '@/lib/errors';

const actor = ({ user, ip }: ActionContext) => ({ type: 'user' as const, id: user.id, label: user.email, ip });

function refresh(ids: number[] = []) {
  revalidatePath('/incidents');
  for (const id of ids) revalidatePath(`/incidents/${id}`);
}

export const changeStatusAction = defineAction(
  { name: 'incident.status', schema: changeStatusSchema, permission: 'incident.triage' },
  async (input, context) => {
    await changeIncidentStatus(input, actor(context));
    refresh([input.incidentId]);
  },
);

export const changePhaseAction = defineAction(
  { name: 'incident.phase', schema: changePhaseSchema, permission: 'incident.triage' },
  async (input, context) => {
    await changeIncidentPhase(input, actor(context));
    refresh([input.incidentId]);
  },
);

export const assignIncidentAction = defineAction(
  { name: 'incident.assign', schema: assignIncidentSchema, permission: 'incident.triage' },
  async (input, context) => {
    await assignIncident(input, actor(context));
    refresh([input.incidentId]);
  },
);

export const assignToMeAction = defineAction(
  { name: 'incident.assign', schema: z.object({ incidentId: incidentIdSchema }), permission: 'incident.triage' },
  async (input, context) => {
    await assignIncident({ incidentId: input.incidentId, assigneeId: context.user.id }, actor(context));
    refresh([input.incidentId]);
  },
);

/** Applies a command to each incident on its own (each its own transaction and audit row). */
async function eachIncident(ids: number[], run: (id: number) => Promise<void>) {
  const failed: { id: number; message: string }[] = [];
  for (const id of ids) {
    try {
      await run(id);
    } catch (error) {
      if (!isAppError(error)) throw error;
      failed.push({ id, message: error.userMessage });
    }
  }
  refresh(ids);
  return { done: ids.length - failed.length, failed };
}

export const bulkAssignAction = defineAction(
  { name: 'incident.assign', schema: bulkAssignSchema, permission: 'incident.triage' },
  async (input, context) => {
    const assigneeId = input.assigneeId === 'me' ? context.user.id : input.assigneeId;
    return eachIncident(input.ids, (id) => assignIncident({ incidentId: id, assigneeId }, actor(context)));
  },
);

export const bulkCloseAction = defineAction(
  { name: 'incident.status', schema: bulkCloseSchema, permission: 'incident.triage' },
  async (input, context) =>
    eachIncident(input.ids, (id) =>
      changeIncidentStatus({ incidentId: id, to: 'closed', resolution: input.resolution, summary: input.summary }, actor(context)),
    ),
);

export const mergeIncidentsAction = defineAction(
  { name: 'incident.merge', schema: mergeSchema, permission: 'incident.triage' },
  async (input, context) => {
    await mergeIncidents(input, actor(context));
    refresh([input.primaryId, ...input.ids]);
  },
);

export const addNoteAction = defineAction({ name: 'incident.note', schema: addNoteSchema, permission: 'incident.note' }, async (input, context) => {
  const note = await addNote(input, { ...actor(context), type: 'user', id: context.user.id });
  refresh([input.incidentId]);
  return note;
});
