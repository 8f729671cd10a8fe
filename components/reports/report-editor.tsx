'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { updateReportAction } from '@/app/(console)/reports/actions';
import type { FollowUp } from '@/lib/reports/types';

export interface EditableReport {
  summary: string;
  impact: string;
  rootCause: string;
  lessonsLearned: string;
  followUps: FollowUp[];
}

const SECTIONS = [
  { key: 'summary', label: 'Summary', hint: 'What happened, in two or three sentences for a manager.' },
  { key: 'impact', label: 'Impact', hint: 'Affected services and data, customers, duration.' },
  { key: 'rootCause', label: 'Root cause', hint: 'Why it was possible.' },
  { key: 'lessonsLearned', label: 'Lessons learned', hint: 'What went well, what did not, what changes.' },
] as const;

export function ReportEditor({ incidentId, initial }: { incidentId: number; initial: EditableReport }) {
  const router = useRouter();
  const [report, setReport] = useState(initial);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [pending, startTransition] = useTransition();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      const result = await updateReportAction({ incidentId, ...report, followUps: report.followUps.filter((f) => f.text.trim()) });
      if (!result.ok) {
        setFieldErrors(result.fieldErrors ?? {});
        return setMessage({ ok: false, text: result.message });
      }
      setFieldErrors({});
      setMessage({ ok: true, text: result.data.changed.length ? `Saved: ${result.data.changed.join(', ')}.` : 'Nothing changed.' });
      router.refresh();
    });
  };

  const setFollowUp = (index: number, patch: Partial<FollowUp>) =>
    setReport({ ...report, followUps: report.followUps.map((f, i) => (i === index ? { ...f, ...patch } : f)) });

  return (
    <form onSubmit={submit} className="space-y-3" aria-label="Edit the report">
      {SECTIONS.map((section) => (
        <label key={section.key} className="block">
          <span className="text-xs font-semibold uppercase text-muted">{section.label}</span>
          <textarea
            value={report[section.key]}
            onChange={(e) => setReport({ ...report, [section.key]: e.target.value })}
            rows={section.key === 'summary' ? 3 : 4}
            placeholder={section.hint}
            maxLength={20_000}
            className="mt-1 block w-full rounded border border-line bg-surface p-2 text-sm"
          />
          {fieldErrors[section.key]?.[0] ? <span className="text-xs text-rose-300">{fieldErrors[section.key]?.[0]}</span> : null}
        </label>
      ))}
      <fieldset className="space-y-1">
        <legend className="text-xs font-semibold uppercase text-muted">Follow-up items</legend>
        {report.followUps.map((f, i) => (
          <div key={i} className="flex flex-wrap items-center gap-2" data-testid="follow-up">
            <input type="checkbox" checked={f.done} onChange={(e) => setFollowUp(i, { done: e.target.checked })} aria-label={`Follow-up ${i + 1} done`} />
            <input value={f.text} onChange={(e) => setFollowUp(i, { text: e.target.value })} placeholder="What needs doing" aria-label={`Follow-up ${i + 1}`} className="min-w-0 flex-1 rounded border border-line bg-surface p-1 text-sm" />
            <input value={f.owner} onChange={(e) => setFollowUp(i, { owner: e.target.value })} placeholder="Owner" aria-label={`Follow-up ${i + 1} owner`} className="w-32 rounded border border-line bg-surface p-1 text-sm" />
            <button type="button" onClick={() => setReport({ ...report, followUps: report.followUps.filter((_, n) => n !== i) })} className="text-xs text-muted hover:text-rose-300" aria-label={`Remove follow-up ${i + 1}`}>
              ✕
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setReport({ ...report, followUps: [...report.followUps, { text: '', owner: '', done: false }] })} className="text-xs text-accent">
          + Add follow-up
        </button>
      </fieldset>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className="rounded bg-accent px-3 py-1 text-sm font-medium text-slate-950 disabled:opacity-60">
          {pending ? 'Saving…' : 'Save report'}
        </button>
        {message ? (
          <span role={message.ok ? 'status' : 'alert'} className={`text-sm ${message.ok ? 'text-emerald-300' : 'text-rose-300'}`}>
            {message.text}
          </span>
        ) : null}
      </div>
    </form>
  );
}
