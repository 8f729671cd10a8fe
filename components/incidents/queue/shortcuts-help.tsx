'use client';

import { Dialog } from '@/components/ui/dialog';

export const QUEUE_SHORTCUTS: [string, string][] = [
  ['j / ↓', 'next incident'],
  ['k / ↑', 'previous incident'],
  ['Enter / o', 'open the incident'],
  ['x', 'select or unselect'],
  ['a', 'assign to me (the selection, or the incident under the cursor)'],
  ['e', 'acknowledge'],
  ['c', 'close… (asks for a resolution and a summary)'],
  ['m', 'merge the selection…'],
  ['/', 'search'],
  ['Esc', 'clear the selection'],
  ['?', 'this help'],
];

export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-1 text-sm" data-testid="shortcuts">
        {QUEUE_SHORTCUTS.map(([keys, what]) => (
          <div key={keys} className="contents">
            <dt>
              <kbd className="rounded border border-line bg-surface px-1.5 font-mono text-xs">{keys}</kbd>
            </dt>
            <dd className="text-muted">{what}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
