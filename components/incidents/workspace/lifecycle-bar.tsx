'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { assignIncidentAction, changePhaseAction, changeStatusAction } from '@/app/(console)/incidents/actions';
import { CloseDialog } from '@/components/incidents/close-dialog';
import { Dialog } from '@/components/ui/dialog';
import type { IncidentStatus, NistPhase } from '@/lib/db/generated/enums';
import { ALLOWED_PHASES, ALLOWED_STATUS_MOVES, PHASE_LABELS } from '@/lib/incidents/lifecycle';

interface Props {
  incidentId: number;
  status: IncidentStatus;
  phase: NistPhase;
  assigneeId: string | null;
  me: string;
  users: { id: string; email: string }[];
  canTriage: boolean;
  role: string;
}

const STATUS_VERBS: Record<IncidentStatus, { label: string; key: string }> = {
  new: { label: 'Back to new', key: '' },
  acknowledged: { label: 'Acknowledge', key: 'e' },
  investigating: { label: 'Investigate', key: 'i' },
  contained: { label: 'Mark contained', key: 't' },
  resolved: { label: 'Resolve', key: 'r' },
  closed: { label: 'Close…', key: 'c' },
};

const SHORTCUTS: [string, string][] = [
  ['a', 'assign to me'],
  ['e', 'acknowledge'],
  ['i', 'investigate (also reopens)'],
  ['t', 'mark contained'],
  ['r', 'resolve'],
  ['c', 'close…'],
  ['n', 'write a note'],
  ['?', 'this help'],
];

/** Assignment and NIST lifecycle moves. Only allowed moves are offered; the server decides. */
export function LifecycleBar({ incidentId, status, phase, assigneeId, me, users, canTriage, role }: Props) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'close' | 'help' | null>(null);
  const [pending, startTransition] = useTransition();
  const denied = canTriage ? undefined : `Triage needs the analyst role; you are ${role}.`;
  const moves = ALLOWED_STATUS_MOVES[status];

  const run = (work: () => Promise<{ ok: boolean; message?: string }>) => {
    setMessage(null);
    startTransition(async () => {
      const result = await work();
      if (!result.ok) setMessage(result.message ?? 'The action failed.');
      else setDialog(null);
      router.refresh();
    });
  };
  const move = (to: IncidentStatus) => (to === 'closed' ? setDialog('close') : run(() => changeStatusAction({ incidentId, to })));

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.metaKey || event.ctrlKey || event.altKey || dialog || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
      if (event.key === '?') setDialog('help');
      else if (event.key === 'n') document.getElementById('note-body')?.focus();
      else if (!canTriage) return;
      else if (event.key === 'a' && assigneeId !== me) run(() => assignIncidentAction({ incidentId, assigneeId: me }));
      else {
        const to = (Object.keys(STATUS_VERBS) as IncidentStatus[]).find((s) => STATUS_VERBS[s].key === event.key);
        if (!to || !moves.includes(to)) return;
        move(to);
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const button = 'rounded border border-line bg-panel-2 px-3 py-1 text-sm hover:border-accent disabled:opacity-50';
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2" data-testid="lifecycle-bar" data-status={status} data-pending={pending || undefined}>
        {moves.map((to) => (
          <button key={to} type="button" className={button} disabled={pending || !canTriage} title={denied} onClick={() => move(to)}>
            {STATUS_VERBS[to].label}
            {STATUS_VERBS[to].key ? <kbd className="ml-1 text-xs text-muted">{STATUS_VERBS[to].key}</kbd> : null}
          </button>
        ))}
        <label className="flex items-center gap-1 text-xs text-muted">
          phase
          <select
            value={phase}
            disabled={pending || !canTriage || ALLOWED_PHASES[status].length < 2}
            title={denied}
            onChange={(event) => run(() => changePhaseAction({ incidentId, phase: event.target.value as NistPhase }))}
            className="rounded border border-line bg-surface px-1 py-1 text-sm"
          >
            {[...new Set([phase, ...ALLOWED_PHASES[status]])].map((p) => (
              <option key={p} value={p}>
                {PHASE_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1 text-xs text-muted">
          assignee
          <select
            value={assigneeId ?? ''}
            disabled={pending || !canTriage}
            title={denied}
            onChange={(event) => run(() => assignIncidentAction({ incidentId, assigneeId: event.target.value || null }))}
            className="rounded border border-line bg-surface px-1 py-1 text-sm"
            aria-label="Assignee"
          >
            <option value="">unassigned</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.email}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className={button} disabled={pending || !canTriage || assigneeId === me} title={denied} onClick={() => run(() => assignIncidentAction({ incidentId, assigneeId: me }))}>
          Assign to me <kbd className="text-xs text-muted">a</kbd>
        </button>
        <button type="button" onClick={() => setDialog('help')} className="text-xs text-muted hover:text-white">
          shortcuts (?)
        </button>
        {denied ? <span className="text-xs text-muted">{denied}</span> : null}
      </div>
      {message ? (
        <p role="alert" className="text-sm text-rose-300">
          {message}
        </p>
      ) : null}
      {dialog === 'close' ? (
        <CloseDialog
          count={1}
          defaultResolution="resolved"
          pending={pending}
          error={message}
          onCancel={() => setDialog(null)}
          onConfirm={(choice) => run(() => changeStatusAction({ incidentId, to: 'closed', ...choice }))}
        />
      ) : null}
      {dialog === 'help' ? (
        <Dialog title="Keyboard shortcuts" onClose={() => setDialog(null)}>
          <dl className="grid grid-cols-[4rem_1fr] gap-1 text-sm">
            {SHORTCUTS.map(([key, what]) => (
              <div key={key} className="contents">
                <dt>
                  <kbd className="rounded border border-line px-1.5 font-mono text-xs">{key}</kbd>
                </dt>
                <dd className="text-muted">{what}</dd>
              </div>
            ))}
          </dl>
        </Dialog>
      ) : null}
    </div>
  );
}
