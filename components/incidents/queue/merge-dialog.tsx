'use client';

import { useState } from 'react';
import { Dialog } from '@/components/ui/dialog';
import type { QueueItem } from '@/lib/incidents/queue';

export function MergeDialog({ incidents, pending, onConfirm, onCancel }: {
  incidents: QueueItem[];
  pending: boolean;
  onConfirm: (primaryId: number) => void;
  onCancel: () => void;
}) {
  const oldest = [...incidents].sort((a, b) => a.id - b.id)[0];
  const [primary, setPrimary] = useState<number | undefined>(oldest?.id);
  return (
    <Dialog title={`Merge ${incidents.length} incidents`} onClose={onCancel}>
      <p className="mb-3 text-sm text-muted">
        Alerts, timelines and entities move into the incident you keep; the others are closed as duplicates of it.
      </p>
      <fieldset className="mb-4 space-y-1 text-sm">
        <legend className="text-xs uppercase text-muted">Keep</legend>
        {incidents.map((incident) => (
          <label key={incident.id} className="flex items-center gap-2">
            <input type="radio" name="primary" checked={primary === incident.id} onChange={() => setPrimary(incident.id)} />
            <span className="font-mono text-muted">#{incident.id}</span> {incident.title}
          </label>
        ))}
      </fieldset>
      <div className="flex justify-end gap-2 text-sm">
        <button type="button" onClick={onCancel} className="rounded border border-line px-3 py-1">
          Cancel
        </button>
        <button
          type="button"
          disabled={pending || primary === undefined}
          onClick={() => primary !== undefined && onConfirm(primary)}
          className="rounded bg-accent px-3 py-1 font-medium text-slate-950 disabled:opacity-60"
        >
          {pending ? 'Merging…' : 'Merge'}
        </button>
      </div>
    </Dialog>
  );
}
