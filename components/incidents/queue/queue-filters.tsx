'use client';

import { useEffect, useState, type RefObject } from 'react';
import type { QueueFacets } from '@/lib/incidents/facets';
import { PHASES, SEVERITIES, SORTS, STATUSES, type QueueFilter } from '@/lib/incidents/queue-filter';
import { PHASE_LABELS } from '@/lib/incidents/lifecycle';

interface Props {
  filter: QueueFilter;
  facets: QueueFacets;
  onChange: (change: Partial<QueueFilter>) => void;
  searchRef: RefObject<HTMLInputElement | null>;
}

const control = 'rounded border border-line bg-surface px-2 py-1 text-sm';

/** An ISO instant as the value of a datetime-local input (which speaks local time). */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** Toggle chips for multi-value filters (status, severity, phase). */
function Chips<T extends string>({ label, values, selected, onChange, format }: {
  label: string;
  values: readonly T[];
  selected: T[];
  onChange: (next: T[]) => void;
  format?: (value: T) => string;
}) {
  return (
    <fieldset className="flex flex-wrap items-center gap-1">
      <legend className="sr-only">{label}</legend>
      <span className="mr-1 text-xs uppercase text-muted">{label}</span>
      {values.map((value) => {
        const on = selected.includes(value);
        return (
          <button
            key={value}
            type="button"
            aria-pressed={on}
            onClick={() => onChange(on ? selected.filter((v) => v !== value) : [...selected, value])}
            className={`rounded border px-2 py-0.5 text-xs ${on ? 'border-accent bg-accent/15 text-white' : 'border-line text-muted hover:text-white'}`}
          >
            {format ? format(value) : value}
          </button>
        );
      })}
    </fieldset>
  );
}

export function QueueFilters({ filter, facets, onChange, searchRef }: Props) {
  // Free text applies after a short pause, not on every keystroke.
  const [q, setQ] = useState(filter.q ?? '');
  useEffect(() => setQ(filter.q ?? ''), [filter.q]);
  useEffect(() => {
    if ((filter.q ?? '') === q) return;
    const timer = setTimeout(() => onChange({ q: q || undefined, page: 1 }), 300);
    return () => clearTimeout(timer);
  }, [q, filter.q, onChange]);

  const select = (key: keyof QueueFilter, options: { value: string; label: string }[], label: string) => (
    <label className="flex items-center gap-1 text-xs text-muted">
      {label}
      <select
        className={control}
        value={typeof filter[key] === 'string' ? filter[key] : ''}
        onChange={(event) => onChange({ [key]: event.target.value || undefined, page: 1 })}
      >
        <option value="">any</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="space-y-2 rounded border border-line bg-panel p-3" role="search" aria-label="Filter incidents">
      <div className="flex flex-wrap items-center gap-2">
        <input
          ref={searchRef}
          type="search"
          value={q}
          onChange={(event) => setQ(event.target.value)}
          placeholder="Search title, namespace, workload, identity, #id   ( / )"
          aria-label="Search incidents"
          className={`${control} min-w-64 flex-1`}
        />
        <label className="flex items-center gap-1 text-xs text-muted">
          <input
            type="checkbox"
            checked={filter.view === 'all'}
            onChange={(event) => onChange({ view: event.target.checked ? 'all' : 'open', page: 1 })}
          />
          include resolved and closed
        </label>
        <label className="flex items-center gap-1 text-xs text-muted">
          sort
          <select className={control} value={filter.sort} onChange={(event) => onChange({ sort: event.target.value as QueueFilter['sort'] })}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {s.replace('_', ' ')}
              </option>
            ))}
          </select>
          <button type="button" className={control} onClick={() => onChange({ dir: filter.dir === 'desc' ? 'asc' : 'desc' })} aria-label="Reverse the order">
            {filter.dir === 'desc' ? '↓' : '↑'}
          </button>
        </label>
      </div>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <Chips label="Severity" values={SEVERITIES} selected={filter.severity} onChange={(severity) => onChange({ severity, page: 1 })} />
        <Chips label="Status" values={STATUSES} selected={filter.status} onChange={(status) => onChange({ status, page: 1 })} />
        <Chips label="Phase" values={PHASES} selected={filter.phase} onChange={(phase) => onChange({ phase, page: 1 })} format={(p) => PHASE_LABELS[p]} />
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {select('cluster', facets.clusters.map((c) => ({ value: c.name, label: c.displayName })), 'cluster')}
        {select('namespace', facets.namespaces.map((n) => ({ value: n, label: n })), 'namespace')}
        {select(
          'assignee',
          [{ value: 'me', label: 'me' }, { value: 'none', label: 'unassigned' }, ...facets.users.map((u) => ({ value: u.id, label: u.email }))],
          'assignee',
        )}
        {select('rule', facets.rules.map((r) => ({ value: r, label: r })), 'rule')}
        {select('technique', facets.techniques.map((t) => ({ value: t, label: t })), 'ATT&CK')}
        <label className="flex items-center gap-1 text-xs text-muted">
          seen since
          <input
            type="datetime-local"
            className={control}
            value={toLocalInput(filter.from)}
            onChange={(event) => onChange({ from: event.target.value ? new Date(event.target.value).toISOString() : undefined, page: 1 })}
          />
        </label>
        <label className="flex items-center gap-1 text-xs text-muted">
          until
          <input
            type="datetime-local"
            className={control}
            value={toLocalInput(filter.to)}
            onChange={(event) => onChange({ to: event.target.value ? new Date(event.target.value).toISOString() : undefined, page: 1 })}
          />
        </label>
      </div>
    </div>
  );
}
