import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { BarList, LineChart, StackedBars } from '@/components/reports/charts';
import { TargetsForm } from '@/components/reports/targets-form';
import { SeverityBadge } from '@/components/ui/badges';
import { can } from '@/lib/auth/roles';
import { requireUser } from '@/lib/auth/session';
import type { Severity } from '@/lib/db/generated/enums';
import { RESOLUTION_LABELS } from '@/lib/incidents/lifecycle';
import { loadDashboard } from '@/lib/reports/dashboard';
import { formatDuration } from '@/lib/reports/metrics';
import { listRecentReports } from '@/lib/reports/queries';

export const metadata: Metadata = { title: 'Reports' };
export const dynamic = 'force-dynamic';

const RANGES = [4, 12, 26, 52];
const SEVERITIES: { key: Severity; label: string; color: string }[] = [
  { key: 'critical', label: 'critical', color: 'var(--color-sev-critical)' },
  { key: 'high', label: 'high', color: 'var(--color-sev-high)' },
  { key: 'medium', label: 'medium', color: 'var(--color-sev-medium)' },
  { key: 'low', label: 'low', color: 'var(--color-sev-low)' },
  { key: 'info', label: 'info', color: 'var(--color-sev-info)' },
];
const PALETTE = ['#38bdf8', '#a78bfa', '#f472b6', '#34d399', '#fbbf24', '#fb7185', '#60a5fa', '#c084fc'];
const minutes = (v: number) => formatDuration(v * 60_000);

export default async function ReportsPage({ searchParams }: { searchParams: Promise<{ weeks?: string }> }) {
  const user = await requireUser('/reports');
  const requested = Number((await searchParams).weeks);
  const weeks = RANGES.includes(requested) ? requested : 12;
  const [d, recent] = await Promise.all([loadDashboard({ weeks }), listRecentReports(50)]);
  const techniques = d.byTechnique.slice(0, 8).map((t, i) => ({ key: t.technique, label: t.name ? `${t.technique} ${t.name}` : t.technique, color: PALETTE[i % PALETTE.length]! }));
  const kpis = [
    { key: 'mttd' as const, label: 'MTTD', span: 'first alert → detected' },
    { key: 'mttc' as const, label: 'MTTC', span: 'detected → contained' },
    { key: 'mttr' as const, label: 'MTTR', span: 'detected → resolved' },
  ];

  return (
    <div className="mx-auto max-w-7xl space-y-4 p-3 sm:p-4">
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">Reports</h1>
        <nav aria-label="Range" className="flex gap-1 text-xs">
          {RANGES.map((r) => (
            <Link key={r} href={`/reports?weeks=${r}`} aria-current={r === weeks ? 'page' : undefined} className={`rounded px-2 py-1 ${r === weeks ? 'bg-panel-2 text-white' : 'text-muted hover:text-white'}`}>
              {r} weeks
            </Link>
          ))}
        </nav>
      </header>

      <section aria-label="Key figures" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5" data-testid="kpis">
        <Tile label="Open incidents" value={String(d.open)} />
        <Tile label="Resolved or closed" value={String(d.closed)} />
        {kpis.map((k) => {
          const value = d.overall[k.key];
          const target = d.targets[k.key];
          const met = value === null ? null : value / 60 <= target;
          return (
            <Tile key={k.key} label={`${k.label} (${weeks} weeks)`} value={value === null ? '—' : formatDuration(value * 1000)} note={`${k.span}; target ${minutes(target)}`} tone={met === null ? undefined : met ? 'good' : 'bad'} />
          );
        })}
      </section>
      {can(user.role, 'admin.settings') ? <TargetsForm targets={d.targets} /> : null}

      <div className="grid gap-4 lg:grid-cols-2">
        <Panel title={`Incidents per week by severity (${d.total} in ${weeks} weeks)`}>
          <StackedBars title="Incidents per week by severity" weeks={d.weeks} series={SEVERITIES} value={(w, k) => d.bySeverity[w]?.[k as Severity] ?? 0} />
        </Panel>
        <Panel title="Incidents per week by ATT&CK technique (top 8)">
          {techniques.length ? <StackedBars title="Incidents per week by technique" weeks={d.weeks} series={techniques} value={(w, k) => d.byTechnique.find((t) => t.technique === k)?.perWeek[w] ?? 0} /> : <Empty />}
        </Panel>
        <Panel title="Response times per week (mean; dashed: target)" wide>
          <div className="grid gap-2 sm:grid-cols-3">
            {kpis.map((k, n) => (
              <div key={k.key}>
                <p className="text-xs text-muted">{k.label} · {k.span}</p>
                <LineChart
                  title={`${k.label} per week`}
                  weeks={d.weeks}
                  series={[{ key: k.key, label: k.label, color: ['#38bdf8', '#fbbf24', '#34d399'][n]! }]}
                  values={(w) => {
                    const v = d.times[w]?.[k.key];
                    return v === null || v === undefined ? null : v / 60;
                  }}
                  target={[{ key: k.key, value: d.targets[k.key] }]}
                  format={minutes}
                  compact
                />
              </div>
            ))}
          </div>
        </Panel>
        <Panel title="Opened vs closed per week">
          <LineChart
            title="Incidents opened and closed per week"
            weeks={d.weeks}
            series={[
              { key: 'opened', label: 'opened', color: '#f472b6' },
              { key: 'closed', label: 'closed', color: '#34d399' },
            ]}
            values={(w, k) => d.flow[w]?.[k as 'opened' | 'closed'] ?? 0}
            format={(v) => String(Math.round(v))}
          />
        </Panel>
        <Panel title="Top affected namespaces">
          {d.namespaces.length ? <BarList testId="top-namespaces" rows={d.namespaces.map((n) => ({ label: n.namespace, value: n.incidents, note: n.severe ? `(${n.severe} high+)` : undefined }))} /> : <Empty />}
        </Panel>
        <Panel title="Top ATT&CK techniques">
          {d.byTechnique.length ? <BarList testId="top-techniques" rows={d.byTechnique.map((t) => ({ label: t.name ? `${t.technique} ${t.name}` : t.technique, value: t.total }))} /> : <Empty />}
        </Panel>
      </div>

      <section aria-labelledby="reports-heading" className="rounded border border-line bg-panel p-3">
        <h2 id="reports-heading" className="mb-2 text-xs font-semibold uppercase text-muted">Post-incident reports</h2>
        <table className="w-full text-sm" data-testid="report-table">
          <thead className="text-left text-xs uppercase text-muted">
            <tr><th className="py-1">#</th><th>Severity</th><th>Title</th><th>Resolution</th><th>Report</th></tr>
          </thead>
          <tbody>
            {recent.map((i) => (
              <tr key={i.id} className="border-t border-line">
                <td className="py-1.5 font-mono text-muted">{i.id}</td>
                <td><SeverityBadge severity={i.severity} /></td>
                <td><Link className="hover:text-accent" href={`/reports/${i.id}`}>{i.title}</Link></td>
                <td>{i.resolution ? RESOLUTION_LABELS[i.resolution] : i.status}</td>
                <td className="text-xs text-muted">{i.hasReport ? 'written' : 'not started'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {recent.length === 0 ? <p className="text-sm text-muted">No resolved incident yet.</p> : null}
      </section>
    </div>
  );
}

function Tile({ label, value, note, tone }: { label: string; value: string; note?: string; tone?: 'good' | 'bad' }) {
  return (
    <div className="rounded border border-line bg-panel p-3">
      <div className="text-xs text-muted">{label}</div>
      <div className={`font-mono text-2xl ${tone === 'good' ? 'text-emerald-300' : tone === 'bad' ? 'text-rose-300' : 'text-slate-100'}`}>{value}</div>
      {note ? <div className="text-xs text-muted">{note}</div> : null}
    </div>
  );
}

function Panel({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  return (
    <section className={`rounded border border-line bg-panel p-3 ${wide ? 'lg:col-span-2' : ''}`}>
      <h2 className="mb-2 text-xs font-semibold uppercase text-muted">{title}</h2>
      {children}
    </section>
  );
}

function Empty() {
  return <p className="text-sm text-muted">No data in this range.</p>;
}
