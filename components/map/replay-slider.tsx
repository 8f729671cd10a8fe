'use client';

import { useMemo, useState } from 'react';
import type { MapIncidentOption } from './network-map';

const STEP_MS = 60_000;

/** Steps through the incident's time, minute by minute; "Live" returns to the present. */
export function ReplaySlider({ incident, at, onChange }: { incident: MapIncidentOption; at: string | null; onChange: (at: string | null) => void }) {
  // "Now" is when the slider was shown; the range of an open incident ends there.
  const [openedAt] = useState(() => Date.now());
  const range = useMemo(() => {
    const start = new Date(incident.firstSeenAt).getTime() - 5 * STEP_MS;
    const end = incident.resolvedAt ? new Date(incident.resolvedAt).getTime() + 5 * STEP_MS : openedAt;
    return { start, end: Math.max(end, start + STEP_MS) };
  }, [incident, openedAt]);
  const steps = Math.max(1, Math.round((range.end - range.start) / STEP_MS));
  const current = at ? Math.round((new Date(at).getTime() - range.start) / STEP_MS) : steps;
  const [draft, setDraft] = useState<number | null>(null);
  const value = draft ?? current;
  const label = new Date(range.start + value * STEP_MS).toLocaleString();
  return (
    <div className="flex items-center gap-2 border-b border-line px-2 py-1 text-xs" data-testid="replay">
      <span className="text-muted">Replay #{incident.id}</span>
      <input
        type="range"
        aria-label="Replay time"
        min={0}
        max={steps}
        value={value}
        onChange={(e) => setDraft(Number(e.target.value))}
        onPointerUp={() => draft !== null && (onChange(draft >= steps ? null : new Date(range.start + draft * STEP_MS).toISOString()), setDraft(null))}
        onKeyUp={() => draft !== null && (onChange(draft >= steps ? null : new Date(range.start + draft * STEP_MS).toISOString()), setDraft(null))}
        className="w-full max-w-xl"
      />
      <span className="w-44 font-mono">{at || draft !== null ? label : 'live'}</span>
      {at ? (
        <button type="button" className="rounded border border-line px-2 py-0.5" onClick={() => onChange(null)}>
          Live
        </button>
      ) : null}
    </div>
  );
}
