'use client';

import type { QueueCounters as Counters } from '@/lib/incidents/queue';
import type { QueueFilter } from '@/lib/incidents/queue-filter';

export function QueueCounters({ counters, onFilter }: { counters: Counters; onFilter: (change: Partial<QueueFilter>) => void }) {
  const tiles: { label: string; value: number; change?: Partial<QueueFilter>; tone: string; testId: string }[] = [
    { label: 'New', value: counters.new, change: { status: ['new'], page: 1 }, tone: 'text-sky-300', testId: 'counter-new' },
    { label: 'Unassigned', value: counters.unassigned, change: { assignee: 'none', page: 1 }, tone: 'text-violet-300', testId: 'counter-unassigned' },
    { label: 'In containment', value: counters.inContainment, change: { phase: ['containment', 'eradication'], page: 1 }, tone: 'text-amber-300', testId: 'counter-containment' },
    { label: 'Overdue', value: counters.breaching, tone: counters.breaching > 0 ? 'text-rose-300' : 'text-muted', testId: 'counter-overdue' },
  ];
  return (
    <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
      {tiles.map((tile) => (
        <button
          key={tile.label}
          type="button"
          disabled={!tile.change}
          onClick={() => tile.change && onFilter(tile.change)}
          className="rounded border border-line bg-panel px-3 py-2 text-left enabled:hover:border-accent"
          title={tile.label === 'Overdue' ? 'Open incidents not acknowledged within their response target' : `Show ${tile.label.toLowerCase()} incidents`}
        >
          <div className={`text-2xl font-semibold ${tile.tone}`} data-testid={tile.testId}>
            {tile.value}
          </div>
          <div className="text-xs uppercase text-muted">{tile.label}</div>
        </button>
      ))}
    </div>
  );
}
