'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState, useTransition } from 'react';
import {
  assignToMeAction,
  bulkAssignAction,
  bulkCloseAction,
  changeStatusAction,
  mergeIncidentsAction,
} from '@/app/(console)/incidents/actions';
import { CloseDialog, type CloseChoice } from '@/components/incidents/close-dialog';
import type { QueueFacets } from '@/lib/incidents/facets';
import { incidentKeys } from '@/lib/incidents/query-keys';
import type { QueueResult } from '@/lib/incidents/queue';
import { queueSearch, type QueueFilter } from '@/lib/incidents/queue-filter';
import { MergeDialog } from './merge-dialog';
import { QueueCounters } from './queue-counters';
import { QueueFilters } from './queue-filters';
import { QueueTable } from './queue-table';
import { ShortcutsHelp } from './shortcuts-help';

interface Props {
  initial: QueueResult;
  filter: QueueFilter;
  facets: QueueFacets;
  canTriage: boolean;
  role: string;
}

async function fetchQueue(search: string): Promise<QueueResult> {
  const response = await fetch(`/api/incidents${search}`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw Object.assign(new Error(`the queue could not be loaded (HTTP ${response.status})`), { status: response.status });
  return (await response.json()) as QueueResult;
}

type DialogState = { kind: 'close'; ids: number[] } | { kind: 'merge'; ids: number[] } | { kind: 'help' } | null;

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName));
}

export function IncidentQueue({ initial, filter, facets, canTriage, role }: Props) {
  const router = useRouter();
  const search = queueSearch(filter);
  const { data, error, isFetching } = useQuery({
    queryKey: incidentKeys.queue(search),
    queryFn: () => fetchQueue(search),
    initialData: initial,
    staleTime: 5_000,
  });
  const items = data.items;
  const [focusState, setFocus] = useState(0);
  const focus = Math.max(0, Math.min(focusState, items.length - 1));
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [dialog, setDialog] = useState<DialogState>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const searchRef = useRef<HTMLInputElement>(null);
  const denied = canTriage ? null : `Triage needs the analyst role; you are ${role}.`;

  // Rows that arrived live (not in the list the page loaded with) are highlighted for a moment.
  const [known, setKnown] = useState(() => new Set(initial.items.map((i) => i.id)));
  const fresh = useMemo(() => new Set(items.filter((i) => !known.has(i.id)).map((i) => i.id)), [items, known]);
  useEffect(() => {
    if (fresh.size === 0) return;
    const timer = setTimeout(() => setKnown((k) => new Set([...k, ...fresh])), 3_000);
    return () => clearTimeout(timer);
  }, [fresh]);

  const navigate = useCallback(
    (change: Partial<QueueFilter>) => {
      setSelected(new Set());
      router.replace(`/incidents${queueSearch({ ...filter, ...change })}`, { scroll: false });
    },
    [router, filter],
  );

  const targets = useCallback((): number[] => {
    if (selected.size > 0) return [...selected];
    const current = items[focus];
    return current ? [current.id] : [];
  }, [selected, items, focus]);

  const run = useCallback(
    (work: () => Promise<{ ok: boolean; message?: string; data?: unknown }>, success: string) => {
      if (denied) {
        setMessage({ ok: false, text: denied });
        return;
      }
      setMessage(null);
      startTransition(async () => {
        const result = await work();
        const failed = result.ok ? ((result.data as { failed?: { id: number; message: string }[] } | undefined)?.failed ?? []) : [];
        if (!result.ok) setMessage({ ok: false, text: result.message ?? 'The action failed.' });
        else if (failed.length > 0) setMessage({ ok: false, text: failed.map((f) => `#${f.id}: ${f.message}`).join(' · ') });
        else {
          setMessage({ ok: true, text: success });
          setSelected(new Set());
          setDialog(null);
        }
        router.refresh();
      });
    },
    [denied, router],
  );

  const assignToMe = useCallback(() => {
    const ids = targets();
    if (ids.length === 0) return;
    run(() => (ids.length === 1 ? assignToMeAction({ incidentId: ids[0]! }) : bulkAssignAction({ ids, assigneeId: 'me' })), `Assigned ${ids.length} to you.`);
  }, [targets, run]);

  const acknowledge = useCallback(() => {
    const ids = targets().filter((id) => items.find((i) => i.id === id)?.status === 'new');
    if (ids.length === 0) return;
    run(async () => {
      for (const id of ids) {
        const result = await changeStatusAction({ incidentId: id, to: 'acknowledged' });
        if (!result.ok) return result;
      }
      return { ok: true };
    }, `Acknowledged ${ids.length}.`);
  }, [targets, items, run]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (isTyping(event.target)) {
        if (event.key === 'Escape') (event.target as HTMLElement).blur();
        return;
      }
      if (dialog) return;
      const current = items[focus];
      switch (event.key) {
        case 'j':
        case 'ArrowDown':
          setFocus((f) => Math.min(items.length - 1, f + 1));
          break;
        case 'k':
        case 'ArrowUp':
          setFocus((f) => Math.max(0, f - 1));
          break;
        case 'Enter':
        case 'o':
          if (current) router.push(`/incidents/${current.id}`);
          break;
        case 'x':
          if (current) setSelected((s) => new Set(s.has(current.id) ? [...s].filter((id) => id !== current.id) : [...s, current.id]));
          break;
        case 'a':
          assignToMe();
          break;
        case 'e':
          acknowledge();
          break;
        case 'c':
          if (targets().length > 0) setDialog({ kind: 'close', ids: targets() });
          break;
        case 'm':
          if (selected.size >= 2) setDialog({ kind: 'merge', ids: [...selected] });
          else setMessage({ ok: false, text: 'Select two or more incidents (x) to merge.' });
          break;
        case '/':
          searchRef.current?.focus();
          break;
        case '?':
          setDialog({ kind: 'help' });
          break;
        case 'Escape':
          setSelected(new Set());
          setMessage(null);
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, focus, dialog, selected, router, assignToMe, acknowledge, targets]);

  const closeWith = (ids: number[], choice: CloseChoice) =>
    run(() => bulkCloseAction({ ids, ...choice }), `Closed ${ids.length} as ${choice.resolution.replace('_', ' ')}.`);

  return (
    <div className="space-y-3">
      <QueueCounters counters={data.counters} onFilter={navigate} />
      <QueueFilters filter={filter} facets={facets} onChange={navigate} searchRef={searchRef} />

      <div className="flex min-h-8 flex-wrap items-center gap-2 text-sm" aria-live="polite">
        <span className="text-muted" data-testid="queue-total">
          {data.total} incident{data.total === 1 ? '' : 's'}
          {isFetching ? ' · updating…' : ''}
        </span>
        {selected.size > 0 ? (
          <div className="flex flex-wrap items-center gap-2 rounded border border-accent/50 bg-accent/10 px-2 py-1" data-testid="bulk-bar">
            <span>{selected.size} selected</span>
            <button type="button" disabled={pending || !!denied} title={denied ?? undefined} onClick={assignToMe} className="rounded border border-line px-2 py-0.5 disabled:opacity-50">
              Assign to me
            </button>
            <button
              type="button"
              disabled={pending || !!denied}
              title={denied ?? undefined}
              onClick={() => setDialog({ kind: 'close', ids: [...selected] })}
              className="rounded border border-line px-2 py-0.5 disabled:opacity-50"
            >
              Close as false positive…
            </button>
            <button
              type="button"
              disabled={pending || !!denied || selected.size < 2}
              title={denied ?? (selected.size < 2 ? 'Select two or more' : undefined)}
              onClick={() => setDialog({ kind: 'merge', ids: [...selected] })}
              className="rounded border border-line px-2 py-0.5 disabled:opacity-50"
            >
              Merge…
            </button>
            <button type="button" onClick={() => setSelected(new Set())} className="text-muted hover:text-white">
              clear
            </button>
          </div>
        ) : null}
        <button type="button" onClick={() => setDialog({ kind: 'help' })} className="ml-auto text-xs text-muted hover:text-white">
          Keyboard shortcuts (?)
        </button>
      </div>
      {message ? (
        <p role={message.ok ? 'status' : 'alert'} className={`text-sm ${message.ok ? 'text-emerald-300' : 'text-rose-300'}`}>
          {message.text}
        </p>
      ) : null}
      {error ? <p role="alert" className="text-sm text-rose-300">{error.message}</p> : null}

      <QueueTable
        items={items}
        focus={focus}
        selected={selected}
        fresh={fresh}
        onFocus={setFocus}
        onToggle={(id) => setSelected((s) => new Set(s.has(id) ? [...s].filter((x) => x !== id) : [...s, id]))}
      />

      {data.total > data.pageSize ? (
        <nav className="flex items-center gap-2 text-sm" aria-label="Pages">
          <button type="button" disabled={data.page <= 1} onClick={() => navigate({ page: data.page - 1 })} className="rounded border border-line px-2 py-0.5 disabled:opacity-40">
            ← previous
          </button>
          <span className="text-muted">
            page {data.page} of {Math.ceil(data.total / data.pageSize)}
          </span>
          <button
            type="button"
            disabled={data.page * data.pageSize >= data.total}
            onClick={() => navigate({ page: data.page + 1 })}
            className="rounded border border-line px-2 py-0.5 disabled:opacity-40"
          >
            next →
          </button>
        </nav>
      ) : null}

      {dialog?.kind === 'close' ? (
        <CloseDialog count={dialog.ids.length} pending={pending} onCancel={() => setDialog(null)} onConfirm={(choice) => closeWith(dialog.ids, choice)} />
      ) : null}
      {dialog?.kind === 'merge' ? (
        <MergeDialog
          incidents={items.filter((i) => dialog.ids.includes(i.id))}
          pending={pending}
          onCancel={() => setDialog(null)}
          onConfirm={(primaryId) =>
            run(() => mergeIncidentsAction({ primaryId, ids: dialog.ids }), `Merged ${dialog.ids.length - 1} into #${primaryId}.`)
          }
        />
      ) : null}
      {dialog?.kind === 'help' ? <ShortcutsHelp onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
