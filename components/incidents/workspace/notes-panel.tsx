'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { addNoteAction } from '@/app/(console)/incidents/actions';
import { RelativeTime } from '@/components/ui/relative-time';
import type { ReactNode } from 'react';

export function NotesPanel({ incidentId, notes, canWrite, role, rendered }: {
  incidentId: number;
  notes: { id: string; author: string; createdAt: string }[];
  canWrite: boolean;
  role: string;
  /** Server-rendered Markdown of each note, by id (rendering stays on the server). */
  rendered: Record<string, ReactNode>;
}) {
  const router = useRouter();
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    startTransition(async () => {
      const result = await addNoteAction({ incidentId, body });
      if (!result.ok) {
        setError(result.fieldErrors?.body?.[0] ?? result.message);
        return;
      }
      setBody('');
      router.refresh();
    });
  };

  return (
    <section aria-labelledby="notes-heading" className="space-y-2">
      <h2 id="notes-heading" className="text-xs font-semibold uppercase text-muted">
        Notes
      </h2>
      <ol className="space-y-2" data-testid="notes">
        {notes.map((note) => (
          <li key={note.id} className="rounded border border-line bg-panel p-3">
            <div className="mb-1 text-xs text-muted">
              {note.author} · <RelativeTime iso={note.createdAt} />
            </div>
            {rendered[note.id]}
          </li>
        ))}
      </ol>
      {canWrite ? (
        <form onSubmit={submit} className="space-y-2" aria-label="Add a note">
          <textarea
            id="note-body"
            value={body}
            onChange={(event) => setBody(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) event.currentTarget.form?.requestSubmit();
            }}
            rows={3}
            placeholder="Markdown. Mention pods (ns/pod-name, @ns/name) and addresses; Ctrl+Enter to save."
            aria-label="Note"
            className="w-full rounded border border-line bg-surface p-2 text-sm"
          />
          {error ? (
            <p role="alert" className="text-sm text-rose-300">
              {error}
            </p>
          ) : null}
          <button type="submit" disabled={pending || !body.trim()} className="rounded bg-accent px-3 py-1 text-sm font-medium text-slate-950 disabled:opacity-60">
            {pending ? 'Saving…' : 'Add note'}
          </button>
        </form>
      ) : (
        <p className="text-xs text-muted">Notes need the analyst role; you are {role}.</p>
      )}
    </section>
  );
}
