// How containment actions are stored and shown: the JSON kept in ContainmentAction columns, the
// DTO the browser gets, and the helpers that write the timeline, the audit log and the live event
// in the same transaction as every state change.
import 'server-only';
import { writeAudit, type AuditActor } from '../audit/write-audit';
import type { Tx } from '../db/client';
import { metrics } from '../metrics/metrics';
import type { ActionStatus, ContainmentKind } from '../db/generated/enums';
import { addTimelineEntry } from '../incidents/timeline';
import { CATALOG, type PlannedAction } from './catalog';
import type { ActionParams, Target } from './schemas';
import { describeStep, type Step, type StepResult } from './steps';

export interface StoredPlan extends PlannedAction {
  changes: string[];
}

export interface StoredOutcome {
  steps: { description: string; ok: boolean; alreadyDone?: boolean; message: string; errorKind?: string }[];
  evidence: { id: string; kind: string; filename: string; sha256: string }[];
  evidenceProblems: string[];
}

export interface StoredVerification {
  checkedAt: string;
  ok: boolean;
  checks: { description: string; ok: boolean; detail: string }[];
  /** Observed effect (the simulator / Hubble flows): filled in later by the effect check. */
  effect?: { checkedAt: string; forwardedSince: number; droppedSince: number; summary: string };
}

export interface ActionView {
  id: string;
  kind: ContainmentKind;
  label: string;
  destructive: boolean;
  status: ActionStatus;
  clusterId: string;
  incidentId: number | null;
  target: Target;
  targetLabel: string;
  params: ActionParams;
  plan: StoredPlan | null;
  dryRun: { ok: boolean; steps: StoredOutcome['steps']; access: { check: string; allowed: boolean; reason: string }[]; enforcer: string | null } | null;
  outcome: StoredOutcome | null;
  verification: StoredVerification | null;
  error: { code: string | null; message: string | null; clusterMessage: string | null } | null;
  requestedBy: string | null;
  approvedBy: string | null;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  expiresAt: string | null;
  undoOf: string | null;
  undoneBy: string | null;
  canUndo: boolean;
  evidenceSkipped: boolean;
  skipReason: string | null;
}

export function targetLabel(target: Target): string {
  switch (target.kind) {
    case 'pod':
      return `pod ${target.namespace}/${target.name}`;
    case 'workload':
      return `${target.workloadKind} ${target.namespace}/${target.name}`;
    case 'node':
      return `node ${target.name}`;
    case 'service_account':
      return `service account ${target.namespace}/${target.name}`;
  }
}

export function storedPlan(plan: PlannedAction): StoredPlan {
  return { ...plan, changes: plan.steps.map(describeStep) };
}

export function outcomeSteps(results: StepResult[]): StoredOutcome['steps'] {
  return results.map((r) => ({ description: describeStep(r.step), ok: r.ok, alreadyDone: r.alreadyDone, message: r.message, errorKind: r.errorKind }));
}

/** Undo steps in the order that reverses the action (last change first). */
export function undoSteps(results: StepResult[]): Step[] {
  return results.filter((r) => r.ok).flatMap((r) => r.undo ?? []).reverse();
}

interface Row {
  id: string;
  kind: ContainmentKind;
  status: ActionStatus;
  clusterId: string;
  incidentId: number | null;
  target: unknown;
  params: unknown;
  plan: unknown;
  dryRun: unknown;
  outcome: unknown;
  verification: unknown;
  errorCode: string | null;
  errorMessage: string | null;
  clusterMessage: string | null;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  expiresAt: Date | null;
  undoOfId: string | null;
  undoData: unknown;
  evidenceSkipped: boolean;
  skipReason: string | null;
  requestedBy?: { email: string } | null;
  approvedBy?: { email: string } | null;
  undoneBy?: { id: string }[];
}

export function toActionView(row: Row): ActionView {
  const definition = CATALOG[row.kind];
  const plan = (row.plan && typeof row.plan === 'object' && 'steps' in row.plan ? row.plan : null) as StoredPlan | null;
  const undoneBy = row.undoneBy?.[0]?.id ?? null;
  const undo = Array.isArray(row.undoData) ? (row.undoData as Step[]) : [];
  return {
    id: row.id,
    kind: row.kind,
    label: row.undoOfId ? `Undo: ${definition.label}` : definition.label,
    destructive: definition.destructive,
    status: row.status,
    clusterId: row.clusterId,
    incidentId: row.incidentId,
    target: row.target as Target,
    targetLabel: targetLabel(row.target as Target),
    params: (row.params ?? {}),
    plan,
    dryRun: (row.dryRun as ActionView['dryRun']) ?? null,
    outcome: (row.outcome as StoredOutcome | null) ?? null,
    verification: (row.verification as StoredVerification | null) ?? null,
    error: row.errorCode || row.errorMessage ? { code: row.errorCode, message: row.errorMessage, clusterMessage: row.clusterMessage } : null,
    requestedBy: row.requestedBy?.email ?? null,
    approvedBy: row.approvedBy?.email ?? null,
    requestedAt: row.requestedAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    undoOf: row.undoOfId,
    undoneBy,
    canUndo: row.status === 'succeeded' && !row.undoOfId && undo.length > 0 && definition.undo !== null,
    evidenceSkipped: row.evidenceSkipped,
    skipReason: row.skipReason,
  };
}

/** Timeline entry + audit row + live event, inside the caller's transaction. */
export async function recordActionEvent(
  tx: Tx,
  actor: AuditActor,
  action: { id: string; incidentId: number | null; kind: ContainmentKind; target: Target },
  event: { audit: string; summary: string; outcome?: 'ok' | 'failed' | 'denied'; details?: Record<string, unknown>; timeline?: boolean },
): Promise<void> {
  if (action.incidentId !== null && event.timeline !== false) {
    await addTimelineEntry(tx, action.incidentId, actor, {
      kind: 'containment',
      summary: event.summary,
      data: { actionId: action.id, kind: action.kind, target: targetLabel(action.target), ...(event.details as object) },
    });
  }
  await writeAudit(tx, actor, {
    action: event.audit,
    targetType: 'containment_action',
    targetId: action.id,
    outcome: event.outcome ?? 'ok',
    details: { kind: action.kind, target: targetLabel(action.target), incidentId: action.incidentId, summary: event.summary, ...event.details },
  });
  await tx.$executeRaw`SELECT pg_notify('cordon_events', ${JSON.stringify({ topic: 'actions', ids: action.incidentId !== null ? [action.incidentId] : [], actionId: action.id })})`;
  metrics().containmentActions.inc({ kind: action.kind, stage: event.audit.replace(/^containment\./, ''), outcome: event.outcome ?? 'ok' });
}
