'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { SeverityBadge } from '@/components/ui/badges';
import { RelativeTime } from '@/components/ui/relative-time';
import type { AlertGroupEvent, TimelineItem } from '@/lib/incidents/workspace';

const KIND_LABELS: Record<string, string> = {
  alert: 'Alerts',
  audit_event: 'Audit',
  detection: 'Detections',
  correlation: 'Correlation',
  status_change: 'Status',
  phase_change: 'Phase',
  severity_change: 'Severity',
  assignment: 'Assignment',
  note: 'Notes',
  containment: 'Containment',
  evidence: 'Evidence',
  notification: 'Notifications',
  merge: 'Merges',
  reopen: 'Reopened',
  report: 'Report',
};

function RawEvents({ incidentId, groupKey }: { incidentId: number; groupKey: string }) {
  const { data, error, isLoading } = useQuery({
    queryKey: ['incidents', 'detail', incidentId, 'group', groupKey],
    queryFn: async () => {
      const response = await fetch(`/api/incidents/${incidentId}/alerts?group=${encodeURIComponent(groupKey)}`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return ((await response.json()) as { events: AlertGroupEvent[] }).events;
    },
  });
  if (isLoading) return <p className="text-xs text-muted">Loading the raw events…</p>;
  if (error) return <p className="text-xs text-rose-300">Could not load the raw events: {error.message}</p>;
  return (
    <div className="space-y-2" data-testid="raw-events">
      <p className="text-xs text-muted">
        {data!.length} most recent event{data!.length === 1 ? '' : 's'} of this group, exactly as received (every event is kept; repeats only
        collapse here).
      </p>
      {data!.map((event) => (
        <details key={event.id} className="rounded border border-line bg-surface">
          <summary className="cursor-pointer px-2 py-1 text-xs">
            <span className="font-mono">{event.occurredAt.replace('T', ' ').slice(0, 23)}</span> · {event.source} · {event.sourceEventId}
          </summary>
          <pre className="max-h-96 overflow-auto whitespace-pre-wrap break-all p-2 font-mono text-xs">{event.raw}</pre>
        </details>
      ))}
    </div>
  );
}

export function Timeline({ incidentId, items, truncated }: { incidentId: number; items: TimelineItem[]; truncated: boolean }) {
  const kinds = useMemo(() => [...new Set(items.map((i) => i.kind))], [items]);
  const sources = useMemo(() => [...new Set(items.map((i) => i.source).filter((s): s is string => !!s))], [items]);
  const [hiddenKinds, setHiddenKinds] = useState<Set<string>>(new Set());
  const [source, setSource] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const visible = items.filter((i) => !hiddenKinds.has(i.kind) && (!source || i.source === source || !i.source));

  return (
    <section aria-labelledby="timeline-heading" className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="timeline-heading" className="text-xs font-semibold uppercase text-muted">
          Timeline
        </h2>
        <div className="flex flex-wrap gap-1" role="group" aria-label="Show kinds">
          {kinds.map((kind) => {
            const on = !hiddenKinds.has(kind);
            return (
              <button
                key={kind}
                type="button"
                aria-pressed={on}
                onClick={() => setHiddenKinds((h) => new Set(on ? [...h, kind] : [...h].filter((k) => k !== kind)))}
                className={`rounded border px-1.5 py-0.5 text-xs ${on ? 'border-accent/60 text-white' : 'border-line text-muted line-through'}`}
              >
                {KIND_LABELS[kind] ?? kind}
              </button>
            );
          })}
        </div>
        {sources.length > 1 ? (
          <select aria-label="Source" value={source} onChange={(e) => setSource(e.target.value)} className="rounded border border-line bg-surface px-1 py-0.5 text-xs">
            <option value="">all sources</option>
            {sources.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        ) : null}
      </div>
      {truncated ? <p className="text-xs text-amber-300">Showing the first 1,000 entries.</p> : null}
      <ol className="space-y-1" data-testid="timeline">
        {visible.map((entry) => (
          <li key={entry.id} className="rounded border border-line bg-panel px-3 py-2 text-sm" data-kind={entry.kind}>
            <div className="flex flex-wrap items-start gap-x-3 gap-y-1">
              <span className="w-20 shrink-0 text-xs text-muted" title={entry.at}>
                <RelativeTime iso={entry.at} />
              </span>
              <span className="w-24 shrink-0 text-xs uppercase text-muted">{KIND_LABELS[entry.kind] ?? entry.kind}</span>
              <span className="min-w-0 flex-1 break-words">
                {entry.severity ? (
                  <span className="mr-1">
                    <SeverityBadge severity={entry.severity} />
                  </span>
                ) : null}
                {entry.summary}
                {entry.count > 1 ? (
                  <span className="ml-2 rounded bg-panel-2 px-1.5 text-xs" title={`Repeated ${entry.count} times; last ${entry.lastAt ?? entry.at}`}>
                    ×{entry.count}
                  </span>
                ) : null}
              </span>
              <span className="shrink-0 text-xs text-muted">{entry.actorLabel}</span>
              {entry.groupKey ? (
                <button
                  type="button"
                  className="shrink-0 text-xs text-accent hover:underline"
                  aria-expanded={open === entry.id}
                  onClick={() => setOpen(open === entry.id ? null : entry.id)}
                >
                  {open === entry.id ? 'hide raw' : 'raw events'}
                </button>
              ) : null}
            </div>
            {open === entry.id && entry.groupKey ? (
              <div className="mt-2">
                <RawEvents incidentId={incidentId} groupKey={entry.groupKey} />
              </div>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
