'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { updateReportTargetsAction } from '@/app/(console)/reports/actions';

export function TargetsForm({ targets }: { targets: { mttd: number; mttc: number; mttr: number } }) {
  const router = useRouter();
  const [values, setValues] = useState(targets);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      const result = await updateReportTargetsAction(values);
      setMessage(result.ok ? 'Saved.' : result.message);
      if (result.ok) router.refresh();
    });
  };
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-xs text-muted hover:text-white">Edit targets (admin)</summary>
      <form onSubmit={submit} className="mt-2 flex flex-wrap items-end gap-3" aria-label="Response-time targets">
        {(['mttd', 'mttc', 'mttr'] as const).map((key) => (
          <label key={key} className="text-xs text-muted">
            {key.toUpperCase()} (minutes)
            <input
              type="number"
              min={1}
              value={values[key]}
              onChange={(e) => setValues({ ...values, [key]: Number(e.target.value) })}
              className="mt-0.5 block w-24 rounded border border-line bg-surface p-1 text-sm text-slate-200"
            />
          </label>
        ))}
        <button type="submit" disabled={pending} className="rounded bg-accent px-3 py-1 text-xs font-medium text-slate-950">
          Save targets
        </button>
        {message ? <span role="status" className="text-xs text-muted">{message}</span> : null}
      </form>
    </details>
  );
}
