'use client';

import { useState, useTransition } from 'react';
import { verifyAuditLogAction } from '@/app/(console)/settings/actions';
import type { ChainReport } from '@/lib/audit/verify-chain';

const REASONS: Record<ChainReport['problems'][number]['reason'], string> = {
  content_changed: 'its content no longer matches its hash (the row was modified)',
  chain_broken: 'it does not follow the row before it (a row was modified, deleted or inserted)',
};

/** Admin button: walk the audit log's hash chain now and show where it breaks. */
export function AuditLogVerify() {
  const [pending, startTransition] = useTransition();
  const [report, setReport] = useState<ChainReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const verify = () =>
    startTransition(async () => {
      const result = await verifyAuditLogAction({});
      if (result.ok) {
        setReport(result.data);
        setError(null);
      } else setError(result.message);
    });

  return (
    <div className="space-y-2 text-sm" data-testid="audit-verify">
      <button type="button" className="rounded border border-line px-3 py-1 hover:border-accent disabled:opacity-50" disabled={pending} onClick={verify}>
        {pending ? 'Verifying…' : 'Verify the audit log'}
      </button>
      {error ? <p role="alert" className="text-rose-300">{error}</p> : null}
      {report?.ok ? (
        <p role="status" className="text-emerald-300">Intact: {report.checked} entries checked, every hash matches and follows the one before it.</p>
      ) : null}
      {report && !report.ok ? (
        <div role="alert" className="text-rose-300">
          <p>Tampering detected: {report.problems.length} problem(s) in {report.checked} entries.</p>
          <ul className="ml-4 list-disc font-mono text-xs">
            {report.problems.slice(0, 50).map((p) => (
              <li key={`${p.id}-${p.reason}`}>row {p.id}: {REASONS[p.reason]}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
