'use client';

import { formText } from '@/lib/forms';
import { useState, useTransition, type FormEvent } from 'react';
import { createApiTokenAction, revokeApiTokenAction } from '@/app/(console)/settings/actions';
import { INGEST_SOURCES } from '@/lib/settings/schemas';

interface TokenRow {
  id: string;
  name: string;
  source: string;
  prefix: string;
  cluster: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function TokenManager({ tokens, clusters }: { tokens: TokenRow[]; clusters: { id: string; name: string }[] }) {
  const [pending, startTransition] = useTransition();
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const form = event.currentTarget;
    startTransition(async () => {
      const result = await createApiTokenAction({
        name: formText(data, 'name', ''),
        source: formText(data, 'source') as (typeof INGEST_SOURCES)[number],
        clusterId: formText(data, 'clusterId', '') || null,
      });
      if (result.ok) {
        form.reset();
        setError(null);
        setCreated(result.data.token);
      } else {
        setError(result.message);
      }
    });
  }

  const input = 'rounded border border-line bg-surface px-2 py-1.5';
  return (
    <div className="space-y-3 text-sm">
      <table className="w-full" data-testid="token-table">
        <thead className="text-left text-xs uppercase text-muted">
          <tr><th className="py-1">Name</th><th>Source</th><th>Token</th><th>Cluster</th><th>Last used</th><th /></tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id} className="border-t border-line">
              <td className="py-1.5">{t.name}</td>
              <td>{t.source}</td>
              <td className="font-mono text-xs">{t.prefix}…</td>
              <td>{t.cluster ?? '—'}</td>
              <td className="text-muted">{t.lastUsedAt?.slice(0, 19).replace('T', ' ') ?? 'never'}</td>
              <td className="text-right">
                {t.revokedAt ? (
                  <span className="text-muted">revoked</span>
                ) : (
                  <button
                    type="button"
                    disabled={pending}
                    className="rounded border border-line px-2 py-0.5 text-rose-300 hover:border-rose-400"
                    onClick={() => startTransition(async () => void (await revokeApiTokenAction({ tokenId: t.id })))}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={onCreate} className="flex flex-wrap items-end gap-2 rounded border border-line bg-panel p-3" aria-label="Create ingest token">
        <label className="flex flex-col">
          <span className="text-xs text-muted">Name</span>
          <input name="name" required className={input} placeholder="falcosidekick prod" />
        </label>
        <label className="flex flex-col">
          <span className="text-xs text-muted">Source</span>
          <select name="source" className={input}>
            {INGEST_SOURCES.map((s) => <option key={s}>{s}</option>)}
          </select>
        </label>
        <label className="flex flex-col">
          <span className="text-xs text-muted">Cluster</span>
          <select name="clusterId" className={input} defaultValue="">
            <option value="">(from the event)</option>
            {clusters.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
        <button type="submit" disabled={pending} className="rounded bg-accent px-3 py-1.5 font-medium text-slate-950 disabled:opacity-60">
          Create token
        </button>
      </form>
      {error ? <p role="alert" className="text-rose-300">{error}</p> : null}
      {created ? (
        <div role="status" className="rounded border border-emerald-500/40 bg-emerald-500/10 p-3">
          <p className="mb-1">Copy this token now; it is not shown again.</p>
          <code className="block break-all font-mono text-xs" data-testid="new-token">{created}</code>
        </div>
      ) : null}
    </div>
  );
}
