// The read-only parts of the report page (server component): times, impact, key events,
// containment actions, evidence and techniques. Text is rendered as text.
import type { ReactNode } from 'react';
import { formatDuration } from '@/lib/reports/metrics';
import type { ReportModel } from '@/lib/reports/types';

const time = (iso: string | null) => (iso ? `${iso.replace('T', ' ').slice(0, 16)}Z` : '—');

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <section aria-label={title} id={id} className="rounded border border-line bg-panel p-3">
      <h2 className="mb-2 text-xs font-semibold uppercase text-muted">{title}</h2>
      {children}
    </section>
  );
}

export function ResponseTimes({ times }: { times: ReportModel['times'] }) {
  return (
    <div className="grid gap-2 sm:grid-cols-3" data-testid="response-times">
      {times.map((t) => (
        <div key={t.key} className="rounded border border-line p-2">
          <div className="text-xs text-muted">
            {t.label} ({t.key.toUpperCase()}) · {t.span}
          </div>
          <div className={`font-mono text-xl ${t.met === null ? 'text-slate-300' : t.met ? 'text-emerald-300' : 'text-rose-300'}`}>{formatDuration(t.ms)}</div>
          <div className="text-xs text-muted">
            target {formatDuration(t.targetMs)}
            {t.met === false ? ' · missed' : t.met ? ' · met' : ''}
          </div>
        </div>
      ))}
    </div>
  );
}

export function ImpactLists({ impact }: { impact: ReportModel['impact'] }) {
  const rows: [string, string[]][] = [
    ['Namespaces', impact.namespaces],
    ['Workloads', impact.workloads],
    ['Nodes', impact.nodes],
    ['Identities', impact.identities],
    ['Images', impact.images],
  ];
  return (
    <dl className="mt-2 grid gap-1 text-sm sm:grid-cols-[8rem_1fr]">
      {rows.filter(([, v]) => v.length).map(([label, values]) => (
        <div key={label} className="contents">
          <dt className="text-xs text-muted">{label}</dt>
          <dd className="font-mono text-xs">{values.join(', ')}</dd>
        </div>
      ))}
    </dl>
  );
}

function Table({ head, rows, testId }: { head: string[]; rows: ReactNode[][]; testId?: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid={testId}>
        <thead className="text-left text-xs uppercase text-muted">
          <tr>{head.map((h) => <th key={h} className="py-1 pr-2 font-medium">{h}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i} className="border-t border-line align-top">
              {row.map((cell, j) => <td key={j} className="py-1 pr-2">{cell}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function KeyEvents({ events }: { events: ReportModel['timeline'] }) {
  if (events.length === 0) return <p className="text-sm text-muted">No events recorded.</p>;
  return <Table testId="key-events" head={['Time', 'Event', 'By', 'What']} rows={events.map((e) => [<span key="t" className="whitespace-nowrap font-mono text-xs">{time(e.at)}</span>, e.kind.replace('_', ' '), e.actor, e.summary])} />;
}

export function Actions({ actions }: { actions: ReportModel['actions'] }) {
  if (actions.length === 0) return <p className="text-sm text-muted">No containment action was taken through Cordon.</p>;
  return (
    <Table
      testId="containment-actions"
      head={['Requested', 'Action', 'Target', 'Outcome', 'Requested by', 'Approved by']}
      rows={actions.map((a) => [<span key="t" className="whitespace-nowrap font-mono text-xs">{time(a.requestedAt)}</span>, a.kind.replace(/_/g, ' '), <span key="g" className="font-mono text-xs">{a.target}</span>, a.error ? `${a.status}: ${a.error}` : a.status, a.requestedBy ?? '—', a.approvedBy ?? '—'])}
    />
  );
}

export function EvidenceTable({ evidence }: { evidence: ReportModel['evidence'] }) {
  if (evidence.length === 0) return <p className="text-sm text-muted">No evidence collected.</p>;
  return (
    <Table
      testId="report-evidence"
      head={['Collected', 'Kind', 'File', 'SHA-256', 'Collector']}
      rows={evidence.map((e) => [
        <span key="t" className="whitespace-nowrap font-mono text-xs">{time(e.collectedAt)}</span>,
        e.kind.replace('_', ' '),
        <a key="f" href={`/api/evidence/${e.id}/download`} download className="break-all hover:text-accent">{e.filename}</a>,
        <span key="h" className="break-all font-mono text-[11px]">{e.sha256}</span>,
        e.collector,
      ])}
    />
  );
}

export function Techniques({ techniques }: { techniques: ReportModel['techniques'] }) {
  if (techniques.length === 0) return <p className="text-sm text-muted">None mapped.</p>;
  return (
    <ul className="space-y-1 text-sm">
      {techniques.map((t) => (
        <li key={t.id}>
          <span className="font-mono text-accent">{t.id}</span> {t.name ?? ''} {t.tactics.length ? <span className="text-xs text-muted">({t.tactics.join(', ')})</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function ReadOnlyText({ text, empty = 'Not written yet.' }: { text: string; empty?: string }) {
  return text ? <p className="whitespace-pre-wrap text-sm">{text}</p> : <p className="text-sm text-muted">{empty}</p>;
}
