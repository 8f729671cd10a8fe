import type { IncidentStatus, Severity } from '@/lib/db/generated/enums';

const SEVERITY_CLASS: Record<Severity, string> = {
  critical: 'bg-sev-critical/15 text-rose-300 border-sev-critical/50',
  high: 'bg-sev-high/15 text-orange-300 border-sev-high/50',
  medium: 'bg-sev-medium/10 text-yellow-200 border-sev-medium/40',
  low: 'bg-sev-low/10 text-blue-200 border-sev-low/40',
  info: 'bg-sev-info/10 text-slate-300 border-sev-info/40',
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`inline-block rounded border px-1.5 py-0.5 text-xs font-medium uppercase ${SEVERITY_CLASS[severity]}`}>
      {severity}
    </span>
  );
}

const STATUS_CLASS: Record<IncidentStatus, string> = {
  new: 'text-sky-300',
  acknowledged: 'text-indigo-300',
  investigating: 'text-violet-300',
  contained: 'text-amber-300',
  resolved: 'text-emerald-300',
  closed: 'text-slate-400',
};

export function StatusBadge({ status }: { status: IncidentStatus }) {
  return <span className={`text-xs font-medium ${STATUS_CLASS[status]}`}>{status}</span>;
}
