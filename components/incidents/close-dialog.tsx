'use client';

import { useState, type FormEvent } from 'react';
import { Dialog } from '@/components/ui/dialog';

export interface CloseChoice {
  resolution: 'resolved' | 'false_positive' | 'duplicate';
  summary: string;
}

/** Closing needs a resolution and a summary (NIST post-incident record); the server checks too. */
export function CloseDialog({ count, defaultResolution = 'false_positive', error, pending, onConfirm, onCancel }: {
  count: number;
  defaultResolution?: CloseChoice['resolution'];
  error?: string | null;
  pending?: boolean;
  onConfirm: (choice: CloseChoice) => void;
  onCancel: () => void;
}) {
  const [resolution, setResolution] = useState<CloseChoice['resolution']>(defaultResolution);
  const [summary, setSummary] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onConfirm({ resolution, summary });
  };
  return (
    <Dialog title={count === 1 ? 'Close incident' : `Close ${count} incidents`} onClose={onCancel}>
      <form onSubmit={submit} className="space-y-3 text-sm" aria-label="Close incidents">
        <fieldset className="space-y-1">
          <legend className="text-xs uppercase text-muted">Resolution</legend>
          {(['resolved', 'false_positive', 'duplicate'] as const).map((value) => (
            <label key={value} className="mr-4 inline-flex items-center gap-1">
              <input type="radio" name="resolution" value={value} checked={resolution === value} onChange={() => setResolution(value)} />
              {value.replace('_', ' ')}
            </label>
          ))}
        </fieldset>
        <label className="block">
          <span className="text-xs uppercase text-muted">Summary</span>
          <textarea
            required
            autoFocus
            rows={3}
            value={summary}
            onChange={(event) => setSummary(event.target.value)}
            className="mt-1 w-full rounded border border-line bg-surface p-2"
            placeholder="What it was, and why it can be closed"
          />
        </label>
        {error ? (
          <p role="alert" className="text-rose-300">
            {error}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={onCancel} className="rounded border border-line px-3 py-1">
            Cancel
          </button>
          <button type="submit" disabled={pending} className="rounded bg-accent px-3 py-1 font-medium text-slate-950 disabled:opacity-60">
            {pending ? 'Closing…' : 'Close'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
