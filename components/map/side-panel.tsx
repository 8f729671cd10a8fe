'use client';

// A workload (or external endpoint) clicked on the map: what it is, what it talks to, its open
// incidents and recent alerts, and the containment actions, run in place.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { ContainmentPanel } from '@/components/containment/containment-panel';
import { SeverityBadge } from '@/components/ui/badges';
import { RelativeTime } from '@/components/ui/relative-time';
import { targetsFromEntities, type EntityRef } from '@/lib/containment/targets';
import type { MapEdge, WorkloadDetail } from '@/lib/map/types';
import type { MapCanvas } from './canvas';
import type { MapViewer } from './network-map';

interface Props {
  clusterId: string;
  nodeId: string;
  canvas: MapCanvas;
  revision: number;
  focusIncidentId: number | null;
  viewer: MapViewer;
  onClose: () => void;
}

export function SidePanel({ clusterId, nodeId, canvas, focusIncidentId, viewer, onClose }: Props) {
  const node = canvas.node(nodeId);
  const isWorkload = node?.kind === 'workload';
  const detail = useQuery({
    queryKey: ['map', 'workload', clusterId, nodeId],
    enabled: isWorkload,
    queryFn: async (): Promise<WorkloadDetail> => {
      const response = await fetch(`/api/map/workload?${new URLSearchParams({ cluster: clusterId, key: nodeId }).toString()}`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as WorkloadDetail;
    },
  });
  if (!node) return null;
  const { outbound, inbound } = canvas.edgesOf(nodeId);
  const d = detail.data;

  const entities: EntityRef[] = d
    ? [
        ...d.pods.map((p) => ({ kind: 'pod', key: `${d.namespace}/${p.name}`, name: p.name, namespace: d.namespace })),
        { kind: 'workload', key: d.id, name: d.name, namespace: d.namespace },
        ...(d.serviceAccount ? [{ kind: 'service_account', key: `${d.namespace}/${d.serviceAccount}`, name: d.serviceAccount, namespace: d.namespace }] : []),
        ...d.nodes.map((n) => ({ kind: 'node', key: n, name: n, namespace: null })),
      ]
    : [];
  const incidentId = d ? (d.incidents.some((i) => i.id === focusIncidentId) ? focusIncidentId : (d.incidents[0]?.id ?? null)) : null;
  const externalTargets = outbound.filter((e) => e.target.startsWith('ip:')).map((e) => `${e.target.slice(3)}/32`);

  return (
    <aside className="w-[26rem] shrink-0 space-y-3 overflow-y-auto border-l border-line bg-panel p-3 text-sm" data-testid="map-side-panel" aria-label={`Details of ${node.label}`}>
      <div className="flex items-start gap-2">
        <div className="min-w-0">
          <div className="text-xs uppercase text-muted">{node.kind === 'workload' ? node.workloadKind : 'external endpoint'}</div>
          <h2 className="break-all font-mono text-base" data-testid="side-panel-title">
            {node.namespace ? `${node.namespace}/` : ''}
            {node.label}
          </h2>
        </div>
        <button type="button" onClick={onClose} className="ml-auto rounded border border-line px-2 text-xs" aria-label="Close the panel">
          ✕
        </button>
      </div>
      <ul className="flex flex-wrap gap-1 text-xs" data-testid="node-state">
        {node.state.isolated ? <li className="rounded bg-slate-600/50 px-1.5">isolated</li> : null}
        {node.state.exposure.map((e) => (
          <li key={e} className="rounded bg-sky-500/20 px-1.5">
            exposed: {e}
          </li>
        ))}
        {node.state.privileged ? <li className="rounded bg-pink-500/20 px-1.5">privileged</li> : null}
        {node.state.wideServiceAccount ? <li className="rounded bg-pink-500/20 px-1.5">wide service account {node.state.wideServiceAccount}</li> : null}
        {node.state.unknownRegistries.map((r) => (
          <li key={r} className="rounded bg-amber-500/20 px-1.5">
            unknown registry {r}
          </li>
        ))}
        {node.state.new ? <li className="rounded bg-amber-500/20 px-1.5">new</li> : null}
      </ul>

      {isWorkload ? (
        detail.isLoading ? (
          <p className="text-muted">Loading…</p>
        ) : detail.error ? (
          <p className="text-rose-300">Could not load the workload: {detail.error.message}</p>
        ) : d ? (
          <>
            <dl className="grid grid-cols-[6rem_1fr] gap-x-2 gap-y-1 text-xs">
              <dt className="text-muted">Service account</dt>
              <dd className="font-mono">{d.serviceAccount ?? '—'}</dd>
              <dt className="text-muted">Images</dt>
              <dd className="break-all font-mono">{d.images.join(', ') || '—'}</dd>
              <dt className="text-muted">Nodes</dt>
              <dd className="font-mono">{d.nodes.join(', ') || '—'}</dd>
            </dl>
            <section>
              <h3 className="text-xs uppercase text-muted">Pods ({d.pods.length})</h3>
              <ul className="font-mono text-xs" data-testid="side-panel-pods">
                {d.pods.map((p) => (
                  <li key={p.name}>
                    {p.name} <span className="text-muted">{p.phase ?? '?'} · {p.node ?? 'unscheduled'} · {p.ip ?? 'no IP'}{p.restarts ? ` · ${p.restarts} restarts` : ''}</span>
                  </li>
                ))}
              </ul>
            </section>
            <section>
              <h3 className="text-xs uppercase text-muted">Open incidents</h3>
              {d.incidents.length === 0 ? <p className="text-xs text-muted">None.</p> : null}
              <ul className="space-y-1">
                {d.incidents.map((i) => (
                  <li key={i.id} className="flex items-center gap-2 text-xs">
                    <SeverityBadge severity={i.severity} />
                    <Link href={`/incidents/${i.id}`} className="truncate text-accent">
                      #{i.id} {i.title}
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
            <section>
              <h3 className="text-xs uppercase text-muted">Recent alerts</h3>
              <ul className="space-y-0.5 text-xs">
                {d.recentAlerts.slice(0, 10).map((a, index) => (
                  <li key={`${a.at}-${index}`} className="flex gap-2">
                    <RelativeTime iso={a.at} />
                    <span className="truncate">{a.rule}</span>
                  </li>
                ))}
              </ul>
            </section>
          </>
        ) : null
      ) : null}

      <EdgeList title="Outbound" edges={outbound} other={(e) => e.target} canvas={canvas} testId="edges-out" />
      <EdgeList title="Inbound" edges={inbound} other={(e) => e.source} canvas={canvas} testId="edges-in" />

      {isWorkload && d ? (
        <section className="rounded border border-line p-2">
          <h3 className="mb-2 text-xs uppercase text-muted">Containment</h3>
          <ContainmentPanel
            clusterId={clusterId}
            incidentId={incidentId}
            targets={targetsFromEntities(entities)}
            actionsOf={{ namespace: d.namespace, names: [d.name, ...d.pods.map((p) => p.name), ...(d.serviceAccount ? [d.serviceAccount] : [])] }}
            suggestedCidrs={externalTargets}
            canAct={viewer.canAct}
            canApprove={viewer.canApprove}
            role={viewer.role}
            me={viewer.email}
          />
        </section>
      ) : null}
    </aside>
  );
}

function EdgeList({ title, edges, other, canvas, testId }: { title: string; edges: MapEdge[]; other: (edge: MapEdge) => string; canvas: MapCanvas; testId: string }) {
  if (edges.length === 0) return null;
  const sorted = [...edges].sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt)).slice(0, 30);
  return (
    <section>
      <h3 className="text-xs uppercase text-muted">
        {title} ({edges.length})
      </h3>
      <ul className="space-y-0.5 font-mono text-xs" data-testid={testId}>
        {sorted.map((e) => (
          <li key={e.id} data-verdict={e.verdict} className={e.verdict === 'dropped' ? 'text-rose-300' : ''}>
            <button type="button" className="hover:underline" onClick={() => canvas.center(other(e))}>
              {canvas.node(other(e))?.label ?? other(e)}
            </button>{' '}
            {e.protocol.toLowerCase()}/{e.port} · {e.count} · {e.verdict}
            {e.new ? ' · new' : ''} · <RelativeTime iso={e.lastSeenAt} />
          </li>
        ))}
      </ul>
    </section>
  );
}
