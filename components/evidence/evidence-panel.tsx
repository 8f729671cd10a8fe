'use client';

import type { EvidenceItem } from '@/lib/evidence/queries';
import { EvidenceRow } from './evidence-row';
import { ExportBundle } from './export-bundle';
import { UploadForm } from './upload-form';

export function EvidencePanel({ incidentId, items, viewable, canUpload, canExport, role }: {
  incidentId: number;
  items: EvidenceItem[];
  /** Ids of the items shown as text (decided on the server). */
  viewable: string[];
  canUpload: boolean;
  canExport: boolean;
  role: string;
}) {
  const failed = items.filter((i) => i.integrityFailed).length;
  return (
    <section id="evidence" aria-labelledby="evidence-heading" className="space-y-3 rounded border border-line bg-panel p-3">
      <div className="flex items-center justify-between">
        <h2 id="evidence-heading" className="text-xs font-semibold uppercase text-muted">
          Evidence <span className="font-mono">({items.length})</span>
        </h2>
        {failed > 0 ? (
          <span role="status" className="rounded border border-sev-critical/60 px-1.5 text-xs text-rose-300">
            {failed} failed integrity
          </span>
        ) : null}
      </div>
      {items.length === 0 ? <p className="text-sm text-muted">No evidence collected yet.</p> : null}
      <ul className="space-y-2" data-testid="evidence-list">
        {items.map((item) => (
          <EvidenceRow key={item.id} item={item} viewable={viewable.includes(item.id)} canVerify={canUpload} />
        ))}
      </ul>
      {canUpload ? <UploadForm incidentId={incidentId} /> : null}
      {canExport ? <ExportBundle incidentId={incidentId} disabled={items.length === 0} /> : null}
      {!canUpload ? <p className="text-xs text-muted">Uploading, verifying and exporting evidence need the analyst role; you are {role}.</p> : null}
    </section>
  );
}
