import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ContainmentPanel } from '@/components/containment/containment-panel';
import { LifecycleBar } from '@/components/incidents/workspace/lifecycle-bar';
import { LifecycleFacts } from '@/components/incidents/workspace/lifecycle-facts';
import { DeliveriesPanel, EntitiesPanel, RelatedPanel, TechniquesPanel } from '@/components/incidents/workspace/entities-panel';
import { Markdown } from '@/components/incidents/workspace/markdown';
import { NotesPanel } from '@/components/incidents/workspace/notes-panel';
import { Timeline } from '@/components/incidents/workspace/timeline';
import { EvidencePanel } from '@/components/evidence/evidence-panel';
import { LiveRefresh } from '@/components/live/live-provider';
import { SeverityBadge, StatusBadge } from '@/components/ui/badges';
import { requireUser } from '@/lib/auth/session';
import { can } from '@/lib/auth/roles';
import { db } from '@/lib/db/client';
import { isViewableAsText, listIncidentEvidence } from '@/lib/evidence/queries';
import { PHASE_LABELS, RESOLUTION_LABELS } from '@/lib/incidents/lifecycle';
import { incidentIdSchema } from '@/lib/incidents/schemas';
import { loadIncidentWorkspace } from '@/lib/incidents/workspace';
import { suggestedEgressCidrs, targetsFromEntities } from '@/lib/containment/targets';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Incident ${(await params).id}` };
}

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const parsed = incidentIdSchema.safeParse(id);
  if (!parsed.success) notFound();
  const user = await requireUser(`/incidents/${id}`);
  const [incident, users, evidence] = await Promise.all([
    loadIncidentWorkspace(parsed.data),
    db.user.findMany({ where: { disabled: false, role: { not: 'viewer' } }, select: { id: true, email: true }, orderBy: { email: 'asc' } }),
    listIncidentEvidence(parsed.data),
  ]);
  if (!incident) notFound();
  const canTriage = can(user.role, 'incident.triage');
  const rendered = Object.fromEntries(incident.notes.map((note) => [note.id, <Markdown key={note.id}>{note.body}</Markdown>]));

  return (
    <div className="mx-auto max-w-7xl space-y-4 p-3 sm:p-4">
      <LiveRefresh topic="incidents" id={incident.id} />
      <header className="space-y-2 border-b border-line pb-4">
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <Link href="/incidents" className="text-muted hover:text-white">
            ← queue
          </Link>
          <span className="font-mono text-muted">#{incident.id}</span>
          <SeverityBadge severity={incident.severity} />
          <StatusBadge status={incident.status} />
          <span className="text-muted" data-testid="incident-phase">
            · {PHASE_LABELS[incident.phase]}
          </span>
          {incident.reopenCount > 0 ? <span className="text-xs text-amber-300">reopened ×{incident.reopenCount}</span> : null}
          <Link href={`/reports/${incident.id}`} className="ml-auto rounded border border-line px-2 py-0.5 text-xs text-muted hover:text-white">
            Report
          </Link>
        </div>
        <h1 className="text-lg font-semibold sm:text-xl" data-testid="incident-title">
          {incident.title}
        </h1>
        {incident.mergedInto ? (
          <p className="rounded border border-amber-500/40 bg-amber-500/10 px-3 py-2 text-sm">
            Merged into <Link href={`/incidents/${incident.mergedInto}`} className="text-accent">#{incident.mergedInto}</Link>.
          </p>
        ) : null}
        {incident.resolution ? (
          <p className="text-sm text-muted">
            {RESOLUTION_LABELS[incident.resolution]}: {incident.resolutionSummary}
          </p>
        ) : null}
        <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm text-muted">
          <div>
            <dt className="inline">Cluster </dt>
            <dd className="inline font-mono text-slate-300">{incident.cluster?.displayName ?? '—'}</dd>
          </div>
          {incident.namespace ? (
            <div>
              <dt className="inline">Namespace </dt>
              <dd className="inline font-mono text-slate-300">{incident.namespace}</dd>
            </div>
          ) : null}
          <div>
            <dt className="inline">Assignee </dt>
            <dd className="inline text-slate-300" data-testid="incident-assignee">
              {incident.assignee?.email ?? 'unassigned'}
            </dd>
          </div>
          <div>
            <dt className="inline">Alerts </dt>
            <dd className="inline font-mono text-slate-300">{incident.alertCount}</dd>
          </div>
        </dl>
        <LifecycleFacts
          incident={{
            firstSeenAt: incident.firstSeenAt,
            detectedAt: incident.detectedAt,
            acknowledgedAt: incident.acknowledgedAt,
            containedAt: incident.containedAt,
            resolvedAt: incident.resolvedAt,
          }}
        />
        <LifecycleBar
          incidentId={incident.id}
          status={incident.status}
          phase={incident.phase}
          assigneeId={incident.assignee?.id ?? null}
          me={user.id}
          users={users}
          canTriage={canTriage}
          role={user.role}
        />
      </header>

      <div className="grid gap-4 lg:grid-cols-[1fr_20rem]">
        <div className="min-w-0 space-y-6">
          <section id="containment" aria-labelledby="containment-heading" className="rounded border border-line bg-panel p-3">
            <h2 id="containment-heading" className="mb-2 text-xs font-semibold uppercase text-muted">Containment</h2>
            <ContainmentPanel
              clusterId={incident.cluster?.id ?? null}
              incidentId={incident.id}
              targets={targetsFromEntities(incident.entities)}
              suggestedCidrs={suggestedEgressCidrs(incident.entities)}
              canAct={can(user.role, 'containment.execute')}
              canApprove={can(user.role, 'containment.approve')}
              role={user.role}
              me={user.email}
            />
          </section>
          <Timeline incidentId={incident.id} items={incident.timeline} truncated={incident.timeline.length >= 1_000} />
          <NotesPanel incidentId={incident.id} notes={incident.notes} canWrite={can(user.role, 'incident.note')} role={user.role} rendered={rendered} />
        </div>
        <aside className="space-y-4">
          <EntitiesPanel incident={incident} />
          <TechniquesPanel incident={incident} />
          <RelatedPanel incident={incident} />
          <DeliveriesPanel incident={incident} />
          <EvidencePanel
            incidentId={incident.id}
            items={evidence}
            viewable={evidence.filter(isViewableAsText).map((item) => item.id)}
            canUpload={can(user.role, 'evidence.upload')}
            canExport={can(user.role, 'evidence.export')}
            role={user.role}
          />
        </aside>
      </div>
    </div>
  );
}
