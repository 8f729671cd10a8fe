'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { exportEvidenceAction } from '@/app/(console)/incidents/[id]/evidence/actions';
import { formatSize } from './format';

interface Exported {
  bundleId: string;
  sha256: string;
  size: number;
  items: number;
  signed: boolean;
  keyFingerprint: string | null;
}

export function ExportBundle({ incidentId, disabled }: { incidentId: number; disabled: boolean }) {
  const router = useRouter();
  const [result, setResult] = useState<Exported | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const exportBundle = () =>
    startTransition(async () => {
      setError(null);
      const answer = await exportEvidenceAction({ incidentId });
      if (!answer.ok) return setError(answer.message);
      setResult(answer.data);
      router.refresh();
    });

  return (
    <div className="space-y-1">
      <button type="button" onClick={exportBundle} disabled={disabled || pending} className="rounded border border-accent/60 px-3 py-1 text-xs text-accent hover:bg-accent/10 disabled:opacity-50">
        {pending ? 'Exporting…' : 'Export bundle (zip)'}
      </button>
      {error ? (
        <p role="alert" className="text-xs text-rose-300">
          {error}
        </p>
      ) : null}
      {result ? (
        <div role="status" className="space-y-1 rounded border border-emerald-500/40 bg-emerald-500/5 p-2 text-xs" data-testid="export-result">
          <p>
            {result.items} item(s), {formatSize(result.size)}, {result.signed ? 'signed' : 'unsigned'}.
          </p>
          <p className="text-muted">Bundle SHA-256</p>
          <p className="break-all font-mono" data-testid="bundle-sha256">{result.sha256}</p>
          {result.keyFingerprint ? <p className="break-all text-muted">Signing key {result.keyFingerprint}</p> : null}
          <a href={`/api/evidence/${result.bundleId}/download`} download className="inline-block rounded bg-accent px-2 py-0.5 font-medium text-slate-950">
            Download bundle
          </a>
          <p className="text-muted">
            Check it with <code>sha256sum -c manifest.sha256</code> after unzipping.
          </p>
        </div>
      ) : null}
    </div>
  );
}
