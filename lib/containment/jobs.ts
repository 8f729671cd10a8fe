// Background work of containment, safe with several replicas (each row is claimed under a lock):
// - quarantines past their expiry are released (an undo by "system", recorded like any other);
// - actions left "running" by an instance that died are marked failed with what the cluster shows;
// - the effect of isolations is checked against the flows seen since (dropped vs forwarded).
import 'server-only';
import { db } from '../db/client';
import { pgPool } from '../db/pool';
import { logger } from '../log';
import { undoAction } from './commands/undo-action';
import { flowKeyOf } from './flows';
import { recordActionEvent, type StoredVerification } from './records';
import type { Target } from './schemas';

const SYSTEM = { type: 'system' as const, id: null, label: 'containment scheduler' };
const STUCK_AFTER_MS = 5 * 60_000;
const EFFECT_AFTER_MS = 20_000;

export async function releaseExpiredQuarantines(now = new Date()): Promise<number> {
  const due = await db.containmentAction.findMany({ where: { status: 'succeeded', expiresAt: { lte: now } }, select: { id: true }, take: 20 });
  let released = 0;
  for (const action of due) {
    try {
      await undoAction(action.id, SYSTEM, 'the quarantine expired');
      released += 1;
    } catch (error) {
      logger.warn({ err: error, actionId: action.id }, 'containment: could not release an expired quarantine');
    }
  }
  return released;
}

export async function failInterruptedActions(now = new Date()): Promise<number> {
  const stale = await db.containmentAction.findMany({
    where: { status: 'running', startedAt: { lt: new Date(now.getTime() - STUCK_AFTER_MS) } },
    select: { id: true, incidentId: true, kind: true, target: true },
    take: 50,
  });
  for (const action of stale) {
    await db.$transaction(async (tx) => {
      const updated = await tx.containmentAction.updateMany({
        where: { id: action.id, status: 'running' },
        data: {
          status: 'failed',
          finishedAt: now,
          errorCode: 'Interrupted',
          errorMessage: 'The console instance running this action stopped before it finished. Check the verification and retry: steps already done count as done.',
        },
      });
      if (updated.count === 0) return;
      await recordActionEvent(tx, SYSTEM, { id: action.id, incidentId: action.incidentId, kind: action.kind, target: action.target as Target }, {
        audit: 'containment.outcome',
        outcome: 'failed',
        summary: `Containment action interrupted (the console instance stopped); marked failed — retry it to finish`,
      });
    });
  }
  return stale.length;
}

/** For isolations: did the workload's traffic stop? Reads the aggregated flows since the action. */
export async function checkIsolationEffects(now = new Date()): Promise<number> {
  const actions = await db.containmentAction.findMany({
    where: {
      status: 'succeeded',
      kind: { in: ['isolate_pod', 'isolate_workload', 'block_egress'] },
      undoOfId: null,
      finishedAt: { lt: new Date(now.getTime() - EFFECT_AFTER_MS), gt: new Date(now.getTime() - 60 * 60_000) },
    },
    select: { id: true, clusterId: true, incidentId: true, kind: true, target: true, finishedAt: true, verification: true },
    take: 50,
  });
  let checked = 0;
  for (const action of actions) {
    const verification = (action.verification ?? { checkedAt: now.toISOString(), ok: true, checks: [] }) as unknown as StoredVerification;
    if (verification.effect) continue;
    const target = action.target as Target;
    const source = await flowKeyOf(action.clusterId, target);
    if (!source) continue;
    // Edges (destination, port) seen since the action, a few seconds of grace for flows in flight.
    const { rows } = await pgPool().query<{ verdict: string; n: string }>(
      `SELECT verdict::text, count(*)::text AS n FROM flow
        WHERE "clusterId" = $1 AND "srcKey" = $2 AND "lastSeenAt" > $3::timestamp + interval '5 seconds'
        GROUP BY 1`,
      [action.clusterId, source, action.finishedAt!.toISOString()],
    );
    const forwarded = Number(rows.find((r) => r.verdict === 'forwarded')?.n ?? 0);
    const dropped = Number(rows.find((r) => r.verdict === 'dropped')?.n ?? 0);
    // Flows are aggregated per workload: for a whole-workload isolation any forwarded edge is a
    // leak; for one pod or a few destinations the rest of the workload keeps forwarding by design.
    const whole = action.kind === 'isolate_workload';
    const leaked = whole && forwarded > 0;
    const summary = leaked
      ? `traffic to ${forwarded} destination(s) still forwarded since — check the NetworkPolicy enforcer`
      : dropped > 0
        ? `effect confirmed: traffic to ${dropped} destination(s) dropped by the policy since${whole ? ', none forwarded' : '; the rest of the workload keeps flowing'}`
        : 'no dropped traffic from the target seen yet (it may be quiet)';
    const effect = { checkedAt: now.toISOString(), forwardedSince: forwarded, droppedSince: dropped, summary };
    await db.$transaction(async (tx) => {
      await tx.containmentAction.update({ where: { id: action.id }, data: { verification: { ...verification, effect } } });
      await recordActionEvent(tx, SYSTEM, { id: action.id, incidentId: action.incidentId, kind: action.kind, target }, { audit: 'containment.effect', summary: `Isolation check: ${summary}`, outcome: leaked ? 'failed' : 'ok' });
    });
    checked += 1;
  }
  return checked;
}

export function startContainmentJobs(options: { intervalMs?: number } = {}) {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await failInterruptedActions();
      await releaseExpiredQuarantines();
      await checkIsolationEffects();
    } catch (error) {
      logger.warn({ err: error }, 'containment jobs failed; retrying next round');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), options.intervalMs ?? 10_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      while (running) await new Promise((r) => setTimeout(r, 50));
    },
  };
}
