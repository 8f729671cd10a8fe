'use client';

import { RelativeTime } from '@/components/ui/relative-time';
import type { ActionView } from '@/lib/containment/records';

const STATUS_STYLE: Record<string, string> = {
  previewed: 'text-sky-300',
  awaiting_approval: 'text-amber-300',
  running: 'text-violet-300',
  succeeded: 'text-emerald-300',
  failed: 'text-rose-300',
  undone: 'text-slate-400',
  expired: 'text-slate-400',
  cancelled: 'text-slate-400',
  planned: 'text-slate-400',
};

export function PlanView({ action }: { action: ActionView }) {
  const plan = action.plan;
  if (!plan) return null;
  return (
    <div className="space-y-2 text-sm" data-testid="plan">
      <p>{plan.summary}</p>
      <div>
        <div className="text-xs uppercase text-muted">Changes</div>
        {plan.changes.length === 0 ? <p className="text-muted">No change to the cluster (read-only).</p> : null}
        <ol className="list-decimal space-y-0.5 pl-5 font-mono text-xs">
          {plan.changes.map((change, i) => {
            const dry = action.dryRun?.steps[i];
            return (
              <li key={i}>
                {change}
                {dry ? <span className={`ml-2 ${dry.ok ? 'text-emerald-300' : 'text-rose-300'}`}>{dry.ok ? 'dry run ok' : `dry run refused: ${dry.message}`}</span> : null}
              </li>
            );
          })}
        </ol>
      </div>
      <div className="text-xs text-muted">
        Blast radius: {plan.blastRadius.pods.length} pod(s)
        {plan.blastRadius.workloads.length ? `, ${plan.blastRadius.workloads.join(', ')}` : ''}
        {plan.blastRadius.notes.length ? ` — ${plan.blastRadius.notes.join('; ')}` : ''}
        {plan.blastRadius.pods.length > 0 && plan.blastRadius.pods.length <= 8 ? <div className="font-mono">{plan.blastRadius.pods.join(' · ')}</div> : null}
        {plan.blastRadius.edges && plan.blastRadius.edges.length > 0 ? (
          <details data-testid="edges-cut">
            <summary className="cursor-pointer">Map edges cut: {plan.blastRadius.edges.length}</summary>
            <ul className="font-mono">
              {plan.blastRadius.edges.map((edge) => (
                <li key={edge}>{edge}</li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
      {plan.warnings.length > 0 ? (
        <ul className="space-y-1" data-testid="plan-warnings">
          {plan.warnings.map((w) => (
            <li key={w} className="rounded border border-amber-500/40 bg-amber-500/10 px-2 py-1 text-xs text-amber-200">
              {w}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function ActionCard({ action, canAct, canApprove, me, pending, onUndo, onApprove, onRetry }: {
  action: ActionView;
  canAct: boolean;
  canApprove: boolean;
  me: string;
  pending: boolean;
  onUndo: () => void;
  onApprove: () => void;
  onRetry: () => void;
}) {
  return (
    <li className="rounded border border-line bg-surface p-2 text-sm" data-testid="action-card" data-status={action.status} data-kind={action.kind} data-undo={action.undoOf ? 'true' : 'false'}>
      <div className="flex flex-wrap items-center gap-2">
        <span className={`text-xs font-semibold uppercase ${STATUS_STYLE[action.status] ?? ''}`}>{action.status.replace('_', ' ')}</span>
        <span className="font-medium">{action.label}</span>
        <span className="font-mono text-xs text-muted">{action.targetLabel}</span>
        <span className="ml-auto text-xs text-muted">
          {action.requestedBy ?? 'system'}
          {action.approvedBy ? `, approved by ${action.approvedBy}` : ''} · <RelativeTime iso={action.finishedAt ?? action.startedAt ?? action.requestedAt} />
        </span>
      </div>
      {action.error ? (
        <p className="mt-1 rounded border border-rose-500/40 bg-rose-500/10 px-2 py-1 text-xs text-rose-200" role="alert" data-testid="action-error">
          {action.error.message}
          {action.error.clusterMessage ? (
            <>
              {' '}
              Cluster said: <span className="font-mono">{action.error.clusterMessage}</span>
            </>
          ) : null}
        </p>
      ) : null}
      {action.outcome && action.outcome.steps.length > 0 ? (
        <ul className="mt-1 space-y-0.5 font-mono text-xs">
          {action.outcome.steps.map((s, i) => (
            <li key={i} className={s.ok ? 'text-emerald-200' : 'text-rose-200'}>
              {s.ok ? '✓' : '✗'} {s.message}
              {s.alreadyDone ? ' (already so)' : ''}
            </li>
          ))}
        </ul>
      ) : null}
      {action.verification ? (
        <div className="mt-1 text-xs" data-testid="verification">
          <span className={action.verification.ok ? 'text-emerald-300' : 'text-rose-300'}>{action.verification.ok ? 'Verified' : 'Not verified'}:</span>{' '}
          <span className="text-muted">{action.verification.checks.map((c) => c.detail).join('; ')}</span>
          {action.verification.effect ? <div className="text-muted">Effect: {action.verification.effect.summary}</div> : null}
        </div>
      ) : null}
      {action.outcome && (action.outcome.evidence.length > 0 || action.outcome.evidenceProblems.length > 0) ? (
        <details className="mt-1 text-xs">
          <summary className="cursor-pointer text-muted">
            Evidence first: {action.outcome.evidence.length} item(s)
            {action.outcome.evidenceProblems.length ? `, ${action.outcome.evidenceProblems.length} not captured` : ''}
          </summary>
          <ul className="font-mono">
            {action.outcome.evidence.map((e) => (
              <li key={e.id}>
                {e.filename} <span className="text-muted">sha256 {e.sha256.slice(0, 16)}…</span>
              </li>
            ))}
            {action.outcome.evidenceProblems.map((p) => (
              <li key={p} className="text-amber-200">
                {p}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {action.evidenceSkipped ? <p className="mt-1 text-xs text-amber-200">Evidence skipped: {action.skipReason}</p> : null}
      {action.expiresAt && action.status === 'succeeded' ? (
        <p className="mt-1 text-xs text-muted">
          Released automatically <RelativeTime iso={action.expiresAt} />
        </p>
      ) : null}
      <div className="mt-1 flex gap-2">
        {action.canUndo && canAct ? (
          <button type="button" disabled={pending} onClick={onUndo} className="rounded border border-line px-2 py-0.5 text-xs hover:border-accent disabled:opacity-50">
            Undo
          </button>
        ) : null}
        {action.status === 'awaiting_approval' && canApprove && action.requestedBy !== me ? (
          <button type="button" disabled={pending} onClick={onApprove} className="rounded border border-amber-400 px-2 py-0.5 text-xs text-amber-200 disabled:opacity-50">
            Approve and run
          </button>
        ) : null}
        {action.status === 'failed' && action.startedAt && action.plan && !action.undoOf && canAct ? (
          <button type="button" disabled={pending} onClick={onRetry} className="rounded border border-line px-2 py-0.5 text-xs hover:border-accent disabled:opacity-50">
            Retry
          </button>
        ) : null}
      </div>
    </li>
  );
}
