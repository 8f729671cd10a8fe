'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { revokeSessionAction, signOutEverywhereAction } from '@/app/(console)/account/actions';
import type { SessionView } from '@/lib/sessions/queries';

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export function SessionList({ sessions }: { sessions: SessionView[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function revoke(sessionId: string) {
    startTransition(async () => {
      const result = await revokeSessionAction({ sessionId });
      setError(result.ok ? null : result.message);
    });
  }

  function signOutEverywhere() {
    startTransition(async () => {
      const result = await signOutEverywhereAction({});
      if (!result.ok) return setError(result.message);
      router.replace('/sign-in');
      router.refresh();
    });
  }

  return (
    <div className="space-y-3 text-sm">
      <table className="w-full" data-testid="session-table">
        <thead className="text-left text-xs uppercase text-muted">
          <tr><th className="py-1">Signed in (UTC)</th><th>Last renewed</th><th>Address</th><th>Browser</th><th /></tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id} className="border-t border-line" data-testid="session-row">
              <td className="py-1.5">{when(s.createdAt)}</td>
              <td className="text-muted">{when(s.renewedAt)}</td>
              <td className="font-mono text-xs">{s.ipAddress ?? '—'}</td>
              <td className="max-w-xs truncate text-xs text-muted" title={s.userAgent ?? undefined}>{s.userAgent ?? '—'}</td>
              <td className="text-right">
                {s.current ? (
                  <span className="text-xs text-accent">this session</span>
                ) : (
                  <button
                    type="button"
                    disabled={pending}
                    className="rounded border border-line px-2 py-0.5 text-rose-300 hover:border-rose-400 disabled:opacity-50"
                    onClick={() => revoke(s.id)}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error ? <p role="alert" className="text-rose-300">{error}</p> : null}
      <button
        type="button"
        disabled={pending}
        onClick={signOutEverywhere}
        className="rounded border border-rose-400/60 px-3 py-1 text-rose-200 hover:border-rose-300 disabled:opacity-50"
      >
        Sign out everywhere
      </button>
    </div>
  );
}
