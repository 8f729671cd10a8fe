'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { SeverityBadge, StatusBadge } from '@/components/ui/badges';
import { RelativeTime } from '@/components/ui/relative-time';
import { PHASE_LABELS } from '@/lib/incidents/lifecycle';
import type { QueueItem } from '@/lib/incidents/queue';

interface Props {
  items: QueueItem[];
  focus: number;
  selected: Set<number>;
  fresh: Set<number>;
  onFocus: (index: number) => void;
  onToggle: (id: number) => void;
}

export function QueueTable({ items, focus, selected, fresh, onFocus, onToggle }: Props) {
  const body = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    body.current?.querySelector(`[data-index="${focus}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [focus]);

  if (items.length === 0) {
    return (
      <p className="rounded border border-line bg-panel p-6 text-center text-muted" data-testid="queue-empty">
        No incidents match this view.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto rounded border border-line">
      <table className="w-full text-sm" data-testid="incident-table">
        <thead className="bg-panel text-left text-xs uppercase text-muted">
          <tr>
            <th className="w-8 px-2 py-2">
              <span className="sr-only">Select</span>
            </th>
            <th className="px-2 py-2">#</th>
            <th className="px-2 py-2">Severity</th>
            <th className="px-2 py-2">Title</th>
            <th className="px-2 py-2">Status</th>
            <th className="hidden px-2 py-2 lg:table-cell">Phase</th>
            <th className="hidden px-2 py-2 md:table-cell">Assignee</th>
            <th className="px-2 py-2 text-right">Alerts</th>
            <th className="px-2 py-2">Last seen</th>
          </tr>
        </thead>
        <tbody ref={body}>
          {items.map((incident, index) => (
            <tr
              key={incident.id}
              data-index={index}
              data-testid="incident-row"
              data-incident-id={incident.id}
              aria-selected={selected.has(incident.id)}
              onClick={() => onFocus(index)}
              className={[
                'border-t border-line',
                index === focus ? 'bg-panel-2 outline outline-1 -outline-offset-1 outline-accent/60' : 'hover:bg-panel',
                selected.has(incident.id) ? 'bg-accent/10' : '',
                fresh.has(incident.id) ? 'animate-[pulse_1.2s_ease-out_2]' : '',
              ].join(' ')}
            >
              <td className="px-2 py-2">
                <input
                  type="checkbox"
                  aria-label={`Select incident ${incident.id}`}
                  checked={selected.has(incident.id)}
                  onChange={() => onToggle(incident.id)}
                />
              </td>
              <td className="px-2 py-2 font-mono text-muted">{incident.id}</td>
              <td className="px-2 py-2">
                <SeverityBadge severity={incident.severity} />
              </td>
              <td className="max-w-xl px-2 py-2">
                <Link href={`/incidents/${incident.id}`} className="hover:text-accent">
                  {incident.title}
                </Link>
                <div className="truncate text-xs text-muted">
                  {[incident.cluster, incident.namespace, incident.principal].filter(Boolean).join(' · ')}
                  {incident.techniques.length > 0 ? ` · ${incident.techniques.slice(0, 3).join(' ')}` : ''}
                </div>
              </td>
              <td className="px-2 py-2">
                <StatusBadge status={incident.status} />
                {incident.breaching ? (
                  <span className="ml-1 rounded bg-rose-500/20 px-1 text-xs text-rose-300" title="Not acknowledged within the response target">
                    overdue
                  </span>
                ) : null}
              </td>
              <td className="hidden px-2 py-2 text-muted lg:table-cell">{PHASE_LABELS[incident.phase]}</td>
              <td className="hidden px-2 py-2 text-muted md:table-cell">{incident.assignee?.email ?? 'unassigned'}</td>
              <td className="px-2 py-2 text-right font-mono">{incident.alertCount}</td>
              <td className="px-2 py-2 text-muted">
                <RelativeTime iso={incident.lastSeenAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
