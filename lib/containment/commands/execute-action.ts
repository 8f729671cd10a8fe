import 'server-only';
import type { AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';
import type { Prisma } from '../../db/generated/client';
import { AppError, notFound } from '../../errors';
import { isK8sError, type ClusterConnection } from '../../k8s';
import { loadClusterConnection } from '../../k8s/load-cluster';
import { addTimelineEntry } from '../../incidents/timeline';
import { capturePodEvidence } from '../capture';
import { CATALOG } from '../catalog';
import { actionInclude } from '../queries';
import { outcomeSteps, recordActionEvent, targetLabel, toActionView, undoSteps, type ActionView, type StoredOutcome, type StoredPlan, type StoredVerification } from '../records';
import type { ExecuteActionInput, Target } from '../schemas';
import { containmentSettings } from '../settings';
import { runStep, verifyStep, type Step, type StepResult } from '../steps';

type Actor = AuditActor & { id: string | null };

/**
 * Runs a previewed action: evidence first for destructive ones (unless explicitly skipped, which
 * is recorded), then each write, then a read-back of the cluster. Idempotent per action: a running
 * or finished action is returned as it is; a failed one may be retried (steps already done count
 * as done). Every state change is recorded (timeline, audit) as it happens — nothing half-done is
 * hidden.
 */
export async function executeAction(input: ExecuteActionInput, actor: Actor, options: { approvedBy?: string } = {}): Promise<ActionView> {
  const claimed = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM containment_action WHERE id = ${input.actionId} FOR UPDATE`;
    const action = await tx.containmentAction.findUnique({ where: { id: input.actionId }, include: actionInclude });
    if (!action) throw notFound('Containment action');
    if (!['previewed', 'failed', 'awaiting_approval'].includes(action.status)) return { done: toActionView(action) };
    if (action.status === 'failed' && !action.startedAt) {
      throw new AppError('bad_request', { userMessage: `The preview failed${action.clusterMessage ? ` (${action.clusterMessage})` : ''}; fix the cause and plan the action again.` });
    }
    if (action.undoOfId) throw new AppError('bad_request', { userMessage: 'An undo runs on its own; retry it from the original action.' });
    const plan = action.plan as unknown as StoredPlan | null;
    if (!plan?.steps) throw new AppError('bad_request', { userMessage: 'This action has no plan (its preview failed); preview it again.' });
    const definition = CATALOG[action.kind];
    const target = action.target as Target;
    if (definition.destructive && !options.approvedBy) {
      if ((input.confirmation ?? '').trim() !== target.name) {
        throw new AppError('bad_request', { userMessage: `Type the name of the target (${target.name}) to confirm this ${definition.label.toLowerCase()}.` });
      }
      if (input.skipEvidence && !input.skipReason?.trim()) {
        throw new AppError('bad_request', { userMessage: 'Say why evidence is skipped; it goes on the record.' });
      }
      const settings = await containmentSettings();
      if (settings.requireSecondApprover && action.status !== 'awaiting_approval') {
        const row = await tx.containmentAction.update({
          where: { id: action.id },
          data: { status: 'awaiting_approval', evidenceSkipped: !!input.skipEvidence, skipReason: input.skipReason ?? null },
          include: actionInclude,
        });
        await recordActionEvent(tx, actor, { id: row.id, incidentId: row.incidentId, kind: row.kind, target }, {
          audit: 'containment.request',
          summary: `${actor.label} asked to ${definition.label.toLowerCase()} ${targetLabel(target)}; waiting for a second responder's approval`,
        });
        return { done: toActionView(row) };
      }
      if (action.status === 'awaiting_approval') throw new AppError('bad_request', { userMessage: 'This action waits for a second responder to approve it.' });
    }
    const row = await tx.containmentAction.update({
      where: { id: action.id },
      data: {
        status: 'running',
        startedAt: new Date(),
        errorCode: null,
        errorMessage: null,
        clusterMessage: null,
        ...(options.approvedBy ? { approvedById: options.approvedBy } : { evidenceSkipped: !!input.skipEvidence, skipReason: input.skipReason ?? null }),
      },
    });
    await recordActionEvent(tx, actor, { id: row.id, incidentId: row.incidentId, kind: row.kind, target }, {
      audit: 'containment.execute',
      summary: `${actor.label} started: ${plan.summary}${row.evidenceSkipped ? ` (evidence skipped: ${row.skipReason})` : ''}`,
    });
    return { run: { row, plan, target, retry: action.status === 'failed' } };
  });
  if ('done' in claimed) return claimed.done!;
  const { row, plan, target } = claimed.run;
  const definition = CATALOG[row.kind];
  const outcome: StoredOutcome = { steps: [], evidence: [], evidenceProblems: [] };
  const results: StepResult[] = [];
  let failure: { code: string; message: string; clusterMessage: string | null } | null = null;
  let verification: StoredVerification | null = null;

  try {
    const conn = await loadClusterConnection(row.clusterId);
    const cluster = await db.cluster.findUniqueOrThrow({ where: { id: row.clusterId }, select: { name: true } });
    const captureNeeded = row.kind === 'capture_evidence' || (definition.destructive && !row.evidenceSkipped);
    if (captureNeeded) {
      for (const pod of plan.evidencePods.slice(0, 20)) {
        const captured = await capturePodEvidence(
          { conn, clusterName: cluster.name, incidentId: row.incidentId, actionId: row.id, collector: { type: 'action', id: row.id, label: `${definition.label} (${actor.label})` }, checkpoint: row.kind === 'capture_evidence' && (row.params as { checkpoint?: boolean }).checkpoint === true },
          pod.namespace,
          pod.name,
        );
        outcome.evidence.push(...captured.items);
        outcome.evidenceProblems.push(...captured.problems);
      }
    }
    for (const step of plan.steps) {
      const result = await runStep(conn, step, false);
      results.push(result);
      if (!result.ok) {
        failure = { code: result.errorKind ?? 'Unknown', message: `The cluster refused: ${result.message}`, clusterMessage: result.message };
        break;
      }
    }
    verification = await verifyAll(conn, results.filter((r) => r.ok).map((r) => r.step));
    if (!failure && !verification.ok) failure = { code: 'VerificationFailed', message: 'The cluster does not show the intended state.', clusterMessage: verification.checks.filter((c) => !c.ok).map((c) => c.detail).join('; ') };
    if (row.kind === 'capture_evidence' && outcome.evidence.length === 0) {
      failure = { code: 'NothingCaptured', message: 'No evidence could be captured.', clusterMessage: outcome.evidenceProblems.join('; ') || null };
    }
  } catch (error) {
    failure = isK8sError(error)
      ? { code: error.kind, message: `The cluster call failed (${error.kind}).`, clusterMessage: error.clusterMessage ?? error.message }
      : { code: 'Unknown', message: error instanceof Error ? error.message : String(error), clusterMessage: null };
  }
  outcome.steps = outcomeSteps(results);
  // A retry keeps the undo of what the earlier attempt did (its steps now read as already done).
  const earlierUndo = claimed.run.retry && Array.isArray(row.undoData) ? (row.undoData as unknown as Step[]) : [];
  const undo = [...undoSteps(results), ...earlierUndo];
  const params = row.params as { expiresInMinutes?: number };

  return await db.$transaction(async (tx) => {
    const now = new Date();
    const updated = await tx.containmentAction.update({
      where: { id: row.id },
      data: {
        status: failure ? 'failed' : 'succeeded',
        finishedAt: now,
        outcome: outcome as unknown as Prisma.InputJsonValue,
        verification: (verification ?? undefined) as Prisma.InputJsonValue | undefined,
        undoData: undo as unknown as Prisma.InputJsonValue,
        errorCode: failure?.code ?? null,
        errorMessage: failure?.message ?? null,
        clusterMessage: failure?.clusterMessage ?? null,
        expiresAt: !failure && params.expiresInMinutes && undo.length > 0 ? new Date(now.getTime() + params.expiresInMinutes * 60_000) : null,
      },
      include: actionInclude,
    });
    if (updated.incidentId !== null && !failure && row.kind !== 'capture_evidence') await markContained(tx, updated.incidentId, now, actor);
    const done = results.filter((r) => r.ok).length;
    await recordActionEvent(tx, actor, { id: row.id, incidentId: row.incidentId, kind: row.kind, target }, {
      audit: 'containment.outcome',
      outcome: failure ? 'failed' : 'ok',
      summary: failure
        ? `${definition.label} on ${targetLabel(target)} FAILED after ${done} of ${plan.steps.length} change(s): ${failure.clusterMessage ?? failure.message}`
        : `${definition.label} on ${targetLabel(target)} done and verified${outcome.evidence.length ? `; ${outcome.evidence.length} evidence item(s) captured` : ''}`,
      details: { status: failure ? 'failed' : 'succeeded', steps: done, evidence: outcome.evidence.length, error: failure?.code ?? null },
    });
    return toActionView(updated);
  });
}

async function verifyAll(conn: ClusterConnection, steps: Step[]): Promise<StoredVerification> {
  const checks: StoredVerification['checks'] = [];
  for (const step of steps) {
    try {
      const result = await verifyStep(conn, step);
      checks.push({ description: step.op, ok: result.ok, detail: result.detail });
    } catch (error) {
      checks.push({ description: step.op, ok: false, detail: isK8sError(error) ? (error.clusterMessage ?? error.kind) : String(error) });
    }
  }
  return { checkedAt: new Date().toISOString(), ok: checks.every((c) => c.ok), checks };
}

/** The first successful containment sets the incident's containment time (MTTC). */
async function markContained(tx: Prisma.TransactionClient, incidentId: number, now: Date, actor: Actor): Promise<void> {
  const incident = await tx.incident.findUnique({ where: { id: incidentId }, select: { containedAt: true, phase: true, acknowledgedAt: true } });
  if (!incident || incident.containedAt) return;
  await tx.incident.update({
    where: { id: incidentId },
    data: { containedAt: now, acknowledgedAt: incident.acknowledgedAt ?? now, ...(incident.phase === 'detection_analysis' ? { phase: 'containment' } : {}) },
  });
  await addTimelineEntry(tx, incidentId, actor, { kind: 'phase_change', summary: 'First containment action succeeded: containment time recorded', at: now });
}
