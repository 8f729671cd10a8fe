import Link from 'next/link';
import type { IncidentWorkspace } from '@/lib/incidents/workspace';

const LABELS: Record<string, string> = {
  cluster: 'Cluster',
  namespace: 'Namespaces',
  workload: 'Workloads',
  pod: 'Pods',
  node: 'Nodes',
  service_account: 'Service accounts',
  user: 'Users',
  image: 'Images',
  ip: 'External addresses',
  domain: 'Domains',
};

export function EntitiesPanel({ incident }: { incident: IncidentWorkspace }) {
  const groups = new Map<string, IncidentWorkspace['entities']>();
  for (const entity of incident.entities) groups.set(entity.kind, [...(groups.get(entity.kind) ?? []), entity]);
  return (
    <section aria-labelledby="entities-heading" className="rounded border border-line bg-panel p-3">
      <h2 id="entities-heading" className="mb-2 text-xs font-semibold uppercase text-muted">Affected entities</h2>
      {incident.cluster ? (
        <p className="mb-2 text-sm">
          <span className="text-muted">Cluster </span>
          <Link className="font-mono hover:text-accent" href={`/map?cluster=${encodeURIComponent(incident.cluster.name)}&incident=${incident.id}`}>
            {incident.cluster.displayName}
          </Link>
        </p>
      ) : null}
      {groups.size === 0 ? <p className="text-sm text-muted">None recorded.</p> : null}
      <dl className="space-y-2 text-sm" data-testid="entities">
        {[...groups.entries()].map(([kind, entities]) => (
          <div key={kind}>
            <dt className="text-xs text-muted">{LABELS[kind] ?? kind}</dt>
            <dd className="flex flex-wrap gap-1">
              {entities.map((e) => (
                <Link
                  key={e.id}
                  href={`/map?incident=${incident.id}&focus=${encodeURIComponent(`${e.kind}:${e.key}`)}`}
                  className={`rounded border px-1.5 py-0.5 font-mono text-xs hover:border-accent ${e.isPrimary ? 'border-accent/60' : 'border-line'}`}
                  title={e.isPrimary ? 'What the incident is about (correlation key)' : 'Show on the map'}
                >
                  {e.kind === 'workload' || e.kind === 'pod' ? e.key : e.name}
                </Link>
              ))}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function TechniquesPanel({ incident }: { incident: IncidentWorkspace }) {
  return (
    <section aria-labelledby="attack-heading" className="rounded border border-line bg-panel p-3">
      <h2 id="attack-heading" className="mb-2 text-xs font-semibold uppercase text-muted">MITRE ATT&amp;CK</h2>
      {incident.techniques.length === 0 ? <p className="text-sm text-muted">No technique mapped.</p> : null}
      <ul className="space-y-1 text-sm" data-testid="techniques">
        {incident.techniques.map((t) => (
          <li key={t.id}>
            <Link href={`/incidents?technique=${encodeURIComponent(t.id)}&view=all`} className="font-mono text-accent">
              {t.id}
            </Link>{' '}
            {t.name ?? ''}
            {t.tactics.length ? <span className="text-xs text-muted"> · {t.tactics.join(', ')}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function RelatedPanel({ incident }: { incident: IncidentWorkspace }) {
  return (
    <section aria-labelledby="related-heading" className="rounded border border-line bg-panel p-3">
      <h2 id="related-heading" className="mb-2 text-xs font-semibold uppercase text-muted">Related incidents</h2>
      {incident.related.length === 0 ? <p className="text-sm text-muted">None sharing an entity or technique.</p> : null}
      <ul className="space-y-1 text-sm" data-testid="related">
        {incident.related.map((r) => (
          <li key={r.id}>
            <Link href={`/incidents/${r.id}`} className="hover:text-accent">
              <span className="font-mono text-muted">#{r.id}</span> {r.title}
            </Link>
            <div className="text-xs text-muted">
              {r.status} · {r.via}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function DeliveriesPanel({ incident }: { incident: IncidentWorkspace }) {
  if (incident.deliveries.length === 0) return null;
  return (
    <section aria-labelledby="deliveries-heading" className="rounded border border-line bg-panel p-3">
      <h2 id="deliveries-heading" className="mb-2 text-xs font-semibold uppercase text-muted">Notifications</h2>
      <ul className="space-y-1 text-sm">
        {incident.deliveries.map((d) => (
          <li key={d.id}>
            {d.target.name} <span className="text-muted">({d.target.kind})</span> · {d.event} ·{' '}
            <span className={d.status === 'sent' ? 'text-emerald-300' : d.status === 'failed' ? 'text-rose-300' : 'text-amber-300'}>{d.status}</span>
            {d.lastError ? <div className="text-xs text-muted">{d.lastError}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
