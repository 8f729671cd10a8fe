import 'server-only';
import type { AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';
import { AppError, notFound } from '../../errors';
import type { ActionView } from '../records';
import { executeAction } from './execute-action';

/** A second responder approves a destructive action; it then runs under both names. */
export async function approveAction(actionId: string, actor: AuditActor & { type: 'user'; id: string }): Promise<ActionView> {
  const action = await db.containmentAction.findUnique({ where: { id: actionId }, select: { status: true, requestedById: true } });
  if (!action) throw notFound('Containment action');
  if (action.status !== 'awaiting_approval') throw new AppError('bad_request', { userMessage: 'This action is not waiting for approval.' });
  if (action.requestedById === actor.id) throw new AppError('forbidden', { userMessage: 'A second responder must approve; you requested this action.' });
  return await executeAction({ actionId }, actor, { approvedBy: actor.id });
}
