'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { verifyEvidenceAction, viewEvidenceAction } from '@/app/(console)/incidents/[id]/evidence/actions';
import { Dialog } from '@/components/ui/dialog';
import { RelativeTime } from '@/components/ui/relative-time';
import type { EvidenceItem } from '@/lib/evidence/queries';
import { CustodyLog } from './custody-log';
import { formatSize, sourceText } from './format';

export function EvidenceRow({ item, viewable, canVerify }: { item: EvidenceItem; viewable: boolean; canVerify: boolean }) {
  const router = useRouter();
  const [text, setText] = useState<{ text: string; truncated: boolean } | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const view = () =>
    startTransition(async () => {
      const result = await viewEvidenceAction({ evidenceId: item.id });
      if (!result.ok) return setMessage({ ok: false, text: result.message });
      setText(result.data);
      router.refresh();
    });

  const verify = () =>
    startTransition(async () => {
      const result = await verifyEvidenceAction({ evidenceId: item.id });
      if (!result.ok) return setMessage({ ok: false, text: result.message });
      setMessage(
        result.data.ok
          ? { ok: true, text: 'Verified: the stored bytes match the recorded SHA-256.' }
          : { ok: false, text: `Integrity check FAILED (${result.data.reason}). Alert raised on incident #${result.data.alertIncidentId}.` },
      );
      router.refresh();
    });

  return (
    <li className={`rounded border p-2 text-sm ${item.integrityFailed ? 'border-sev-critical/60' : 'border-line'}`} data-testid="evidence-item" data-evidence-id={item.id}>
      <div className="flex items-start justify-between gap-2">
        <span className="break-all font-mono text-xs text-slate-200">{item.filename}</span>
        <span className="shrink-0 rounded bg-panel-2 px-1 text-[11px] text-muted">{item.kind.replace('_', ' ')}</span>
      </div>
      <div className="mt-0.5 text-xs text-muted">
        {formatSize(item.size)} · {item.collector.label} · <RelativeTime iso={item.collectedAt} />
      </div>
      <div className="mt-0.5 font-mono text-[11px] text-slate-400" title={item.sha256}>
        sha256 {item.sha256.slice(0, 16)}…
      </div>
      <div className="mt-0.5 text-xs" data-testid="integrity">
        {item.integrityFailed ? (
          <span className="text-rose-300">integrity FAILED</span>
        ) : item.lastVerifiedAt ? (
          <span className="text-emerald-300">
            verified <RelativeTime iso={item.lastVerifiedAt} />
          </span>
        ) : (
          <span className="text-muted">not yet re-verified</span>
        )}
      </div>
      <div className="mt-1.5 flex flex-wrap gap-1.5 text-xs">
        {viewable ? (
          <button type="button" onClick={view} disabled={pending} className="rounded border border-line px-2 py-0.5 hover:border-accent">
            View
          </button>
        ) : null}
        <a href={`/api/evidence/${item.id}/download`} download className="rounded border border-line px-2 py-0.5 hover:border-accent" onClick={() => setTimeout(() => router.refresh(), 1_000)}>
          Download
        </a>
        {canVerify ? (
          <button type="button" onClick={verify} disabled={pending} className="rounded border border-line px-2 py-0.5 hover:border-accent">
            {pending ? '…' : 'Verify'}
          </button>
        ) : null}
      </div>
      {message ? (
        <p role={message.ok ? 'status' : 'alert'} className={`mt-1 text-xs ${message.ok ? 'text-emerald-300' : 'text-rose-300'}`}>
          {message.text}
        </p>
      ) : null}
      <details className="mt-1.5">
        <summary className="cursor-pointer text-xs text-muted hover:text-white">Hash, source and custody ({item.custody.length})</summary>
        <dl className="mt-1 space-y-1 text-xs">
          <div>
            <dt className="text-muted">SHA-256</dt>
            <dd className="break-all font-mono" data-testid="evidence-sha256">{item.sha256}</dd>
          </div>
          <div>
            <dt className="text-muted">Source</dt>
            <dd className="font-mono">{sourceText(item.source)}</dd>
          </div>
          {item.description ? (
            <div>
              <dt className="text-muted">Description</dt>
              <dd className="whitespace-pre-wrap">{item.description}</dd>
            </div>
          ) : null}
        </dl>
        <CustodyLog events={item.custody} />
      </details>
      {text ? (
        <Dialog title={item.filename} wide onClose={() => setText(null)}>
          <p className="mb-2 break-all font-mono text-xs text-muted">sha256 {item.sha256}</p>
          {/* Shown as text, never interpreted as HTML. */}
          <pre className="max-h-[60vh] overflow-auto whitespace-pre-wrap break-all rounded bg-surface p-2 font-mono text-xs" data-testid="evidence-text">
            {text.text}
          </pre>
          {text.truncated ? <p className="mt-2 text-xs text-amber-300">Only the first 512 KiB are shown; download the item for the rest.</p> : null}
        </Dialog>
      ) : null}
    </li>
  );
}
