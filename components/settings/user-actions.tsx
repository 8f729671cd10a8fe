'use client';

import { useState, useTransition } from 'react';
import { setUserDisabledAction, unlockUserAction } from '@/app/(console)/settings/actions';

/** Disable / enable and unlock buttons for one row of the users table. */
export function UserActions({ userId, email, disabled, locked, isSelf }: { userId: string; email: string; disabled: boolean; locked: boolean; isSelf: boolean }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const button = 'rounded border border-line px-2 py-0.5 hover:border-accent disabled:opacity-50';

  const run = (action: () => Promise<{ ok: true } | { ok: false; message: string }>) =>
    startTransition(async () => {
      const result = await action();
      setError(result.ok ? null : result.message);
    });

  return (
    <span className="inline-flex items-center gap-2">
      {locked ? (
        <button type="button" className={button} disabled={pending} aria-label={`Unlock ${email}`} onClick={() => run(() => unlockUserAction({ userId }))}>
          Unlock
        </button>
      ) : null}
      {isSelf ? null : (
        <button
          type="button"
          className={`${button} ${disabled ? '' : 'text-rose-300'}`}
          disabled={pending}
          aria-label={`${disabled ? 'Enable' : 'Disable'} ${email}`}
          title={disabled ? undefined : 'Also ends every session the user has'}
          onClick={() => run(() => setUserDisabledAction({ userId, disabled: !disabled }))}
        >
          {disabled ? 'Enable' : 'Disable'}
        </button>
      )}
      {error ? <span role="alert" className="text-xs text-rose-300">{error}</span> : null}
    </span>
  );
}
