import 'server-only';
import type { AuditActor } from '../../audit/write-audit';
import { db } from '../../db/client';
import type { Prisma } from '../../db/generated/client';
import { AppError, notFound } from '../../errors';
import { checkAccess, detectNetworkPolicyEnforcer, isK8sError } from '../../k8s';
import { loadClusterConnection } from '../../k8s/load-cluster';
import { CATALOG, planAction } from '../catalog';
import { recordActionEvent, storedPlan, targetLabel, toActionView, type ActionView, outcomeSteps } from '../records';
import type { PreviewActionInput } from '../schemas';
import { runStep } from '../steps';
import { edgesCut, flowKeyOf } from '../flows';
import { actionInclude } from '../queries';

const ISOLATION = new Set(['isolate_pod', 'isolate_workload', 'block_egress']);

/**
 * Plans an action from the cluster's current state and sends its writes with server-side dry-run:
 * the analyst sees the exact changes, the blast radius and any admission error before anything
 * changes. Recorded as a ContainmentAction (status previewed, or failed with the cluster's message).
 * Previewing again with the same idempotency key returns the same action.
 */
export async function previewAction(input: PreviewActionInput, actor: AuditActor & { id: string | null }): Promise<ActionView> {
  const existing = await db.containmentAction.findUnique({ where: { idempotencyKey: input.idempotencyKey }, include: actionInclude });
  if (existing) return toActionView(existing);
  const definition = CATALOG[input.kind];
  if (!definition.targets.includes(input.target.kind)) {
    throw new AppError('bad_request', { userMessage: `${definition.label} applies to ${definition.targets.join(' or ')}, not to a ${input.target.kind.replace('_', ' ')}.` });
  }
  const cluster = await db.cluster.findUnique({ where: { id: input.clusterId }, select: { id: true, name: true } });
  if (!cluster) throw notFound('Cluster');
  if (input.incidentId !== null && !(await db.incident.findUnique({ where: { id: input.incidentId }, select: { id: true } }))) throw notFound(`Incident ${input.incidentId}`);

  const action = await db.containmentAction.create({
    data: {
      idempotencyKey: input.idempotencyKey,
      incidentId: input.incidentId,
      clusterId: cluster.id,
      kind: input.kind,
      target: input.target,
      params: input.params,
      requestedById: actor.type === 'user' ? actor.id : null,
    },
    select: { id: true },
  });

  let update: Prisma.ContainmentActionUpdateInput;
  try {
    const conn = await loadClusterConnection(cluster.id);
    const plan = await planAction(conn, input.kind, input.target, input.params, action.id);
    const [dryRuns, access, enforcer] = await Promise.all([
      (async () => {
        const results = [];
        for (const step of plan.steps) results.push(await runStep(conn, step, true));
        return results;
      })(),
      checkAccess(conn, definition.access.map((a) => ({ ...a, namespace: 'namespace' in input.target ? input.target.namespace : undefined }))),
      ISOLATION.has(input.kind) ? detectNetworkPolicyEnforcer(conn).catch(() => ({ enforcer: null, evidence: 'could not check' })) : Promise.resolve(null),
    ]);
    plan.blastRadius.edges = await mapEdgesCut(cluster.id, input).catch(() => []);
    const warnings = [...plan.warnings];
    if (enforcer && !enforcer.enforcer) {
      warnings.push(`This cluster shows no sign of a NetworkPolicy enforcer (${enforcer.evidence}): the policy may be stored but not enforced.`);
    }
    const denied = access.filter((a) => !a.allowed);
    for (const a of denied) warnings.push(`The console may not ${a.verb} ${a.resource}${a.subresource ? `/${a.subresource}` : ''} in this cluster${a.reason ? ` (${a.reason})` : ''}.`);
    const ok = dryRuns.every((r) => r.ok);
    const failed = dryRuns.find((r) => !r.ok);
    update = {
      plan: storedPlan({ ...plan, warnings }) as unknown as Prisma.InputJsonValue,
      dryRun: {
        ok,
        steps: outcomeSteps(dryRuns),
        access: access.map((a) => ({ check: `${a.verb} ${a.group ? `${a.group}/` : ''}${a.resource}${a.subresource ? `/${a.subresource}` : ''}`, allowed: a.allowed, reason: a.reason ?? '' })),
        enforcer: enforcer?.enforcer ?? null,
      },
      // A refused dry run is a failed preview: nothing may run from it (execute refuses).
      ...(failed
        ? { status: 'failed', finishedAt: new Date(), errorCode: failed.errorKind ?? 'Unknown', errorMessage: 'The dry run was refused by the cluster.', clusterMessage: failed.message }
        : { status: 'previewed' }),
    };
  } catch (error) {
    const kind = isK8sError(error) ? error.kind : null;
    update = {
      status: 'failed',
      finishedAt: new Date(),
      errorCode: kind ?? 'PlanFailed',
      errorMessage: isK8sError(error) ? `Could not plan the action: ${error.kind}` : error instanceof Error ? error.message : String(error),
      clusterMessage: isK8sError(error) ? error.clusterMessage : null,
    };
  }
  return await db.$transaction(async (tx) => {
    const row = await tx.containmentAction.update({ where: { id: action.id }, data: update, include: actionInclude });
    await recordActionEvent(tx, actor, { id: row.id, incidentId: row.incidentId, kind: row.kind, target: input.target }, {
      audit: 'containment.preview',
      summary: row.status === 'failed' ? `Preview of ${CATALOG[row.kind].label.toLowerCase()} on ${targetLabel(input.target)} failed: ${row.clusterMessage ?? row.errorMessage}` : `Previewed ${CATALOG[row.kind].label.toLowerCase()} on ${targetLabel(input.target)}`,
      outcome: row.status === 'failed' ? 'failed' : 'ok',
      details: { status: row.status },
      timeline: false, // a preview changes nothing; the timeline records what was done
    });
    return toActionView(row);
  });
}

/** The map edges the action would cut, from the flows seen recently (empty when none are known). */
async function mapEdgesCut(clusterId: string, input: PreviewActionInput): Promise<string[]> {
  const both = { ingress: true, egress: true };
  if (!['isolate_pod', 'isolate_workload', 'scale_to_zero', 'block_egress'].includes(input.kind)) return [];
  const key = await flowKeyOf(clusterId, input.target);
  if (!key) return [];
  if (input.kind !== 'block_egress') return await edgesCut(clusterId, key, both);
  const blocked = new Set((input.params.cidrs ?? []).filter((c) => c.endsWith('/32')).map((c) => `ip:${c.slice(0, -3)}`));
  return (await edgesCut(clusterId, key, { ingress: false, egress: true })).filter((edge) => [...blocked].some((b) => edge.includes(` → ${b} `)));
}
