'use client';

import { useEffect, useState } from 'react';
import { RelativeTime } from '@/components/ui/relative-time';
import type { IncidentWorkspace } from '@/lib/incidents/workspace';

export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return '<1 min';
  if (minutes < 120) return `${minutes} min`;
  const hours = minutes / 60;
  return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} d`;
}

/** Time to acknowledge / contain / resolve so far — the figures MTTA, MTTC and MTTR are made of. */
type Times = Pick<IncidentWorkspace, 'firstSeenAt' | 'detectedAt' | 'acknowledgedAt' | 'containedAt' | 'resolvedAt'>;

export function LifecycleFacts({ incident }: { incident: Times }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const detected = Date.parse(incident.detectedAt);
  const since = (iso: string | null, label: string) =>
    iso ? (
      <span>
        {label} in <strong className="text-slate-200">{formatDuration(Date.parse(iso) - detected)}</strong>
      </span>
    ) : (
      <span>
        not {label.toLowerCase()} yet · <strong className="text-slate-200">{formatDuration(now - detected)}</strong> open
      </span>
    );
  return (
    <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm text-muted" data-testid="lifecycle-facts">
      <div>
        <dt className="sr-only">Age</dt>
        <dd>
          first alert <RelativeTime iso={incident.firstSeenAt} /> · detected <RelativeTime iso={incident.detectedAt} />
        </dd>
      </div>
      <div>
        <dt className="sr-only">Time to acknowledge</dt>
        <dd>{since(incident.acknowledgedAt, 'Acknowledged')}</dd>
      </div>
      <div>
        <dt className="sr-only">Time to contain</dt>
        <dd>{since(incident.containedAt, 'Contained')}</dd>
      </div>
      {incident.resolvedAt ? (
        <div>
          <dt className="sr-only">Time to resolve</dt>
          <dd>{since(incident.resolvedAt, 'Resolved')}</dd>
        </div>
      ) : null}
    </dl>
  );
}
