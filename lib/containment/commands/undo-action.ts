import 'server-only';
import type { AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';
import type { Prisma } from '../../db/generated/client';
import { AppError, notFound } from '../../errors';
import { isK8sError } from '../../k8s';
import { loadClusterConnection } from '../../k8s/load-cluster';
import { CATALOG } from '../catalog';
import { actionInclude } from '../queries';
import { outcomeSteps, recordActionEvent, targetLabel, toActionView, type ActionView } from '../records';
import type { Target } from '../schemas';
import { describeStep, runStep, verifyStep, type Step, type StepResult } from '../steps';

/**
 * Undoes a succeeded action with the inverse of what it did (recorded at execution: the replicas
 * before scaling, the bindings before revocation…). The undo is an action of its own, audited and
 * on the timeline; `reason` says why (a person, or an expired quarantine).
 */
export async function undoAction(actionId: string, actor: AuditActor & { id: string | null }, reason = 'undone by a responder'): Promise<ActionView> {
  const claimed = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM containment_action WHERE id = ${actionId} FOR UPDATE`;
    const original = await tx.containmentAction.findUnique({ where: { id: actionId }, include: actionInclude });
    if (!original) throw notFound('Containment action');
    const steps = (Array.isArray(original.undoData) ? original.undoData : []) as unknown as Step[];
    if (original.status !== 'succeeded' || original.undoOfId || steps.length === 0) {
      throw new AppError('bad_request', { userMessage: original.status === 'undone' ? 'This action was already undone.' : 'This action cannot be undone.' });
    }
    const undo = await tx.containmentAction.create({
      data: {
        idempotencyKey: `undo-${original.id}`,
        incidentId: original.incidentId,
        clusterId: original.clusterId,
        kind: original.kind,
        target: original.target as Prisma.InputJsonValue,
        params: {},
        plan: { summary: `Undo: ${reason}`, steps, changes: steps.map(describeStep), blastRadius: { pods: [], workloads: [], notes: [] }, warnings: [], evidencePods: [] } as unknown as Prisma.InputJsonValue,
        status: 'running',
        startedAt: new Date(),
        requestedById: actor.type === 'user' ? actor.id : null,
        undoOfId: original.id,
      },
    });
    await tx.containmentAction.update({ where: { id: original.id }, data: { status: 'undone', expiresAt: null } });
    return { original, undo, steps };
  });
  const { original, undo, steps } = claimed;
  const target = original.target as Target;
  const results: StepResult[] = [];
  let failure: { code: string; message: string } | null = null;
  const checks: { description: string; ok: boolean; detail: string }[] = [];
  try {
    const conn = await loadClusterConnection(original.clusterId);
    for (const step of steps) {
      const result = await runStep(conn, step, false);
      results.push(result);
      if (!result.ok) {
        failure = { code: result.errorKind ?? 'Unknown', message: result.message };
        break;
      }
    }
    for (const r of results.filter((x) => x.ok)) {
      const v = await verifyStep(conn, r.step).catch((error: unknown) => ({ ok: false, detail: isK8sError(error) ? (error.clusterMessage ?? error.kind) : String(error) }));
      checks.push({ description: r.step.op, ...v });
    }
  } catch (error) {
    failure = isK8sError(error) ? { code: error.kind, message: error.clusterMessage ?? error.message } : { code: 'Unknown', message: String(error) };
  }
  return await db.$transaction(async (tx) => {
    const row = await tx.containmentAction.update({
      where: { id: undo.id },
      data: {
        status: failure ? 'failed' : 'succeeded',
        finishedAt: new Date(),
        outcome: { steps: outcomeSteps(results), evidence: [], evidenceProblems: [] },
        verification: { checkedAt: new Date().toISOString(), ok: checks.every((c) => c.ok), checks },
        errorCode: failure?.code ?? null,
        errorMessage: failure ? 'The undo did not complete.' : null,
        clusterMessage: failure?.message ?? null,
      },
      include: actionInclude,
    });
    // A failed undo leaves the original as it is: still in force, and undoable again.
    if (failure) await tx.containmentAction.update({ where: { id: original.id }, data: { status: 'succeeded' } });
    await recordActionEvent(tx, actor, { id: original.id, incidentId: original.incidentId, kind: original.kind, target }, {
      audit: 'containment.undo',
      outcome: failure ? 'failed' : 'ok',
      summary: failure
        ? `Undo of ${CATALOG[original.kind].label.toLowerCase()} on ${targetLabel(target)} FAILED: ${failure.message}`
        : `Undid ${CATALOG[original.kind].label.toLowerCase()} on ${targetLabel(target)} (${reason})`,
      details: { undoActionId: row.id },
    });
    return toActionView(row);
  });
}
