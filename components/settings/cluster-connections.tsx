'use client';

import { useState, useTransition, type FormEvent } from 'react';
import { connectClusterAction, disconnectClusterAction } from '@/app/(console)/settings/actions';
import { formText } from '@/lib/forms';

/** Admin form: connect a cluster with a pasted kubeconfig (checked by the API server first). */
export function ConnectClusterForm() {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; text: string; fieldErrors?: Record<string, string[]> } | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    startTransition(async () => {
      const response = await connectClusterAction({
        name: formText(data, 'name', ''),
        displayName: formText(data, 'displayName', '') || undefined,
        kubeconfig: formText(data, 'kubeconfig', ''),
        context: formText(data, 'context', '') || undefined,
      });
      if (response.ok) {
        form.reset();
        setResult({ ok: true, text: `Connected to ${response.data.server} as ${response.data.identity}. The inventory watch reports its state below within a few seconds.` });
      } else {
        setResult({ ok: false, text: response.message, fieldErrors: response.fieldErrors });
      }
    });
  }

  const fieldError = (name: string) => result?.fieldErrors?.[name]?.[0];
  const input = 'w-full rounded border border-line bg-surface px-2 py-1.5';
  return (
    <form onSubmit={onSubmit} className="mt-3 grid gap-2 rounded border border-line bg-panel p-3 text-sm sm:grid-cols-3" aria-label="Connect a cluster">
      <label>
        <span className="text-xs text-muted">Name</span>
        <input name="name" required pattern="[a-z0-9]([a-z0-9-]*[a-z0-9])?" placeholder="prod-eu-1" className={input} />
        {fieldError('name') ? <span className="text-xs text-rose-300">{fieldError('name')}</span> : null}
      </label>
      <label>
        <span className="text-xs text-muted">Display name (optional)</span>
        <input name="displayName" className={input} />
      </label>
      <label>
        <span className="text-xs text-muted">Context (optional; default: the current one)</span>
        <input name="context" className={input} />
      </label>
      <label className="sm:col-span-3">
        <span className="text-xs text-muted">
          Kubeconfig with inline credentials (a service-account token bound to the cordon-reader or cordon-responder ClusterRole, and certificate-authority-data). Stored encrypted; never shown again.
        </span>
        <textarea name="kubeconfig" required rows={6} spellCheck={false} className={`${input} font-mono text-xs`} />
        {fieldError('kubeconfig') ? <span className="text-xs text-rose-300">{fieldError('kubeconfig')}</span> : null}
      </label>
      <div className="flex items-center gap-3 sm:col-span-3">
        <button type="submit" disabled={pending} className="rounded bg-accent px-3 py-1.5 font-medium text-slate-950 disabled:opacity-60">
          {pending ? 'Checking the connection…' : 'Connect cluster'}
        </button>
        {result ? (
          <span role={result.ok ? 'status' : 'alert'} className={result.ok ? 'text-emerald-300' : 'text-rose-300'}>
            {result.text}
          </span>
        ) : null}
      </div>
    </form>
  );
}

/** Admin button on a cluster row: forget its credentials, keep its history. */
export function DisconnectClusterButton({ clusterId, name }: { clusterId: string; name: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        disabled={pending}
        aria-label={`Disconnect ${name}`}
        title="Deletes its stored credentials; incidents, actions and evidence stay"
        className="rounded border border-line px-2 py-0.5 text-rose-300 hover:border-accent disabled:opacity-50"
        onClick={() =>
          startTransition(async () => {
            if (!window.confirm(`Disconnect ${name}? Its credentials are deleted; its incidents, actions and evidence stay.`)) return;
            const result = await disconnectClusterAction({ clusterId });
            setError(result.ok ? null : result.message);
          })
        }
      >
        Disconnect
      </button>
      {error ? <span role="alert" className="text-xs text-rose-300">{error}</span> : null}
    </span>
  );
}
