import type { CustodyEventDto } from '@/lib/evidence/queries';

const ACTION_CLASS: Record<string, string> = {
  verify_failed: 'text-rose-300',
  verified: 'text-emerald-300',
};

export function CustodyLog({ events }: { events: CustodyEventDto[] }) {
  return (
    <ol className="mt-1 space-y-0.5 border-l border-line pl-2 text-xs" data-testid="custody-log">
      {events.map((event, index) => (
        <li key={`${event.at}-${index}`}>
          <span className={`font-medium ${ACTION_CLASS[event.action] ?? 'text-slate-300'}`}>{event.action.replace('_', ' ')}</span>{' '}
          <span className="text-muted">
            by {event.actorLabel} at <time dateTime={event.at}>{event.at.replace('T', ' ').slice(0, 19)}Z</time>
          </span>
        </li>
      ))}
    </ol>
  );
}
