'use client';

import { useState, useTransition } from 'react';
import { updateContainmentSettingsAction } from '@/app/(console)/settings/actions';

export function ContainmentSettingsForm({ requireSecondApprover }: { requireSecondApprover: boolean }) {
  const [checked, setChecked] = useState(requireSecondApprover);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <label className="flex items-center gap-2 text-sm">
      <input
        type="checkbox"
        checked={checked}
        disabled={pending}
        onChange={(event) => {
          const next = event.target.checked;
          setChecked(next);
          startTransition(async () => {
            const result = await updateContainmentSettingsAction({ requireSecondApprover: next });
            setMessage(result.ok ? 'Saved.' : result.message);
            if (!result.ok) setChecked(!next);
          });
        }}
      />
      Destructive actions (delete, scale to zero, redeploy, drain, revoke) wait for a second responder&apos;s approval
      {message ? (
        <span role="status" className="text-xs text-muted">
          {message}
        </span>
      ) : null}
    </label>
  );
}
