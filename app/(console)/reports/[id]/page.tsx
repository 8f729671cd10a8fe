import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { MapSnapshotUpload } from '@/components/reports/map-snapshot-upload';
import { ReportEditor } from '@/components/reports/report-editor';
import { Actions, EvidenceTable, ImpactLists, KeyEvents, ReadOnlyText, ResponseTimes, Section, Techniques } from '@/components/reports/report-sections';
import { SeverityBadge, StatusBadge } from '@/components/ui/badges';
import { can } from '@/lib/auth/roles';
import { requireUser } from '@/lib/auth/session';
import { PHASE_LABELS, RESOLUTION_LABELS } from '@/lib/incidents/lifecycle';
import { incidentIdSchema } from '@/lib/incidents/schemas';
import { loadReportModel } from '@/lib/reports/model';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Report · incident ${(await params).id}` };
}

export default async function ReportPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const parsed = incidentIdSchema.safeParse(id);
  if (!parsed.success) notFound();
  const user = await requireUser(`/reports/${id}`);
  const model = await loadReportModel(parsed.data);
  if (!model) notFound();
  const i = model.incident;
  const canEdit = can(user.role, 'report.edit');

  return (
    <div className="mx-auto max-w-5xl space-y-4 p-3 sm:p-4">
      <header className="space-y-2 border-b border-line pb-4">
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <Link href="/reports" className="text-muted hover:text-white">← reports</Link>
          <Link href={`/incidents/${i.id}`} className="font-mono text-muted hover:text-white">incident #{i.id}</Link>
          <SeverityBadge severity={i.severity} />
          <StatusBadge status={i.status} />
          <span className="text-muted">· {PHASE_LABELS[i.phase]}</span>
          <span className="ml-auto flex gap-2">
            <a href={`/api/reports/${i.id}/export?format=pdf`} download className="rounded border border-accent/60 px-2 py-0.5 text-xs text-accent hover:bg-accent/10">Export PDF</a>
            <a href={`/api/reports/${i.id}/export?format=md`} download className="rounded border border-accent/60 px-2 py-0.5 text-xs text-accent hover:bg-accent/10">Export Markdown</a>
          </span>
        </div>
        <h1 className="text-lg font-semibold sm:text-xl" data-testid="report-title">Post-incident report: {i.title}</h1>
        <p className="text-sm text-muted">
          {i.cluster ? `${i.cluster} · ` : ''}
          {i.alertCount} alerts · assignee {i.assignee ?? 'none'}
          {i.resolution ? ` · ${RESOLUTION_LABELS[i.resolution]}${i.resolutionSummary ? `: ${i.resolutionSummary}` : ''}` : ''}
        </p>
        {model.updatedBy ? <p className="text-xs text-muted">Last edited by {model.updatedBy} at {model.updatedAt?.replace('T', ' ').slice(0, 16)}Z</p> : null}
      </header>

      <Section title="Detection, containment and recovery times">
        <ResponseTimes times={model.times} />
      </Section>

      {canEdit ? (
        <Section title="Analysis" id="analysis">
          <ReportEditor
            incidentId={i.id}
            initial={{ summary: model.summary, impact: model.impact.text, rootCause: model.rootCause, lessonsLearned: model.lessonsLearned, followUps: model.followUps }}
          />
          <ImpactLists impact={model.impact} />
        </Section>
      ) : (
        <>
          <p className="text-xs text-muted">Editing the report needs the analyst role; you are {user.role}.</p>
          <Section title="Summary"><ReadOnlyText text={model.summary} /></Section>
          <Section title="Impact">
            <ReadOnlyText text={model.impact.text} empty="No impact statement yet." />
            <ImpactLists impact={model.impact} />
          </Section>
          <Section title="Root cause"><ReadOnlyText text={model.rootCause} /></Section>
          <Section title="Lessons learned"><ReadOnlyText text={model.lessonsLearned} /></Section>
          <Section title="Follow-up items">
            {model.followUps.length === 0 ? <p className="text-sm text-muted">None.</p> : null}
            <ul className="space-y-1 text-sm" data-testid="follow-ups">
              {model.followUps.map((f, n) => (
                <li key={n} className={f.done ? 'text-muted line-through' : ''}>
                  {f.text}{f.owner ? <span className="text-xs text-muted"> · {f.owner}</span> : null}
                </li>
              ))}
            </ul>
          </Section>
        </>
      )}

      <Section title="Timeline of key events"><KeyEvents events={model.timeline} /></Section>
      <Section title="Containment actions"><Actions actions={model.actions} /></Section>
      <Section title="Evidence"><EvidenceTable evidence={model.evidence} /></Section>
      <Section title="MITRE ATT&CK techniques"><Techniques techniques={model.techniques} /></Section>
      <Section title="Network map snapshot">
        {model.mapSnapshot ? (
          <p className="text-sm" data-testid="map-snapshot">
            Attached (included in the PDF): <a href={`/api/evidence/${model.mapSnapshot.evidenceId}/download`} download className="text-accent">download</a>{' '}
            <span className="break-all font-mono text-xs text-muted">sha256 {model.mapSnapshot.sha256}</span>
          </p>
        ) : (
          <p className="text-sm text-muted">No map snapshot attached.</p>
        )}
        {canEdit ? <MapSnapshotUpload incidentId={i.id} /> : null}
      </Section>
    </div>
  );
}
