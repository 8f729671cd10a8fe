'use client';

// The live network map: the cluster's namespaces and workloads with the traffic between them,
// their state (incidents, isolation, exposure, privilege, unknown registries), focus on an
// incident with its blast radius and exposure path, replay of the incident's timeline, and a side
// panel to act on a workload. Data: GET /api/map (snapshot), /api/map/changes (live deltas).
import { useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLiveListener } from '@/components/live/live-provider';
import type { MapDelta, MapGraph } from '@/lib/map/types';
import { MapCanvas, type MapStats } from './canvas';
import { focusIncident, type Focus } from './focus';
import { MAP_WINDOWS, mapFetchUrl, mapViewUrl, windowKeyOf } from './graph-url';
import { MapLegend } from './legend';
import { ReplaySlider } from './replay-slider';
import { SidePanel } from './side-panel';

export interface MapCluster {
  id: string;
  name: string;
  displayName: string;
}

export interface MapIncidentOption {
  id: number;
  title: string;
  severity: string;
  firstSeenAt: string;
  resolvedAt: string | null;
}

export interface MapViewer {
  canAct: boolean;
  canApprove: boolean;
  canAttach: boolean;
  role: string;
  email: string;
}

declare global {
  interface Window {
    /** The map's canvas, for the benchmark and for debugging from the console. */
    __cordonMap?: MapCanvas;
  }
}

export function NetworkMap({
  clusters,
  clusterId,
  incidents,
  viewer,
  initialGraph = null,
}: {
  clusters: MapCluster[];
  clusterId: string | null;
  incidents: MapIncidentOption[];
  viewer: MapViewer;
  /** The snapshot the page preloaded: the view's key and the exact URL fetched. */
  initialGraph?: { key: string; url: string } | null;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const incidentId = params.get('incident') ? Number(params.get('incident')) : null;
  const namespace = params.get('namespace') ?? '';
  const windowKey = windowKeyOf(params.get('window'));
  const verdict = params.get('verdict') ?? '';
  const at = params.get('at');
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [selected, setSelected] = useState<string | null>(null);
  const [stats, setStats] = useState<MapStats | null>(null);
  const [focus, setFocus] = useState<Focus | null>(null);
  const [collapsed, setCollapsed] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);
  const container = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<MapCanvas | null>(null);
  const sinceRef = useRef<string | null>(null);
  // The canvas as state for rendering (side panel, summary); the ref for callbacks.
  const [canvas, setCanvas] = useState<MapCanvas | null>(null);

  const setParam = useCallback(
    (changes: Record<string, string | null>) => {
      const next = new URLSearchParams(params.toString());
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === '') next.delete(key);
        else next.set(key, value);
      }
      router.replace(`${pathname}?${next.toString()}`, { scroll: false });
    },
    [params, pathname, router],
  );

  const graphUrl = useMemo(
    () => (clusterId ? mapViewUrl({ clusterId, at, incidentId, windowKey, namespace, verdict }) : null),
    [clusterId, at, incidentId, windowKey, namespace, verdict],
  );
  // The first snapshot was preloaded by the page (the request runs while the scripts load).
  const preloaded = useRef(initialGraph);

  const graph = useQuery({
    queryKey: ['map-graph', graphUrl],
    enabled: graphUrl !== null,
    staleTime: Infinity,
    queryFn: async (): Promise<MapGraph> => {
      // The window's start is taken when the view loads; live deltas keep it current afterwards.
      const initial = preloaded.current;
      preloaded.current = null;
      const url = initial && initial.key === graphUrl ? initial.url : mapFetchUrl(graphUrl!, Date.now());
      const response = await fetch(url);
      if (!response.ok) throw new Error(((await response.json().catch(() => ({}))) as { error?: string }).error ?? `HTTP ${response.status}`);
      const data = (await response.json()) as MapGraph;
      performance.mark('cordon:map-data');
      return data;
    },
  });

  // One Cytoscape instance for the page's life.
  useEffect(() => {
    let disposed = false;
    let created: MapCanvas | null = null;
    void MapCanvas.create(container.current!, { onSelect: (id) => setSelected(id) }).then((canvas) => {
      if (disposed) return canvas.destroy();
      created = canvas;
      canvasRef.current = canvas;
      window.__cordonMap = canvas;
      performance.mark('cordon:map-canvas-ready');
      setCanvas(canvas);
    });
    return () => {
      disposed = true;
      created?.destroy();
      canvasRef.current = null;
      delete window.__cordonMap;
    };
  }, []);

  // A new snapshot (cluster, filters, replay moment) replaces the picture; positions are kept.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !graph.data) return;
    const started = performance.now();
    canvas.load(graph.data, { keepPositions: true });
    sinceRef.current = graph.data.generatedAt;
    setStats(canvas.stats());
    setRevision((r) => r + 1);
    requestAnimationFrame(() => {
      performance.measure('cordon:map-load', { start: started, end: performance.now() });
      // For the benchmark and the tests: when the picture was first on screen (ms since navigation).
      document.documentElement.dataset.mapRenderedAt ??= String(Math.round(performance.now()));
      document.documentElement.dataset.mapRendered = String(graph.data.nodes.length);
    });
  }, [graph.data, canvas]);

  // Live: fetch what changed since the last snapshot or delta and apply it in place.
  const fetching = useRef(false);
  const again = useRef(false);
  const pullChanges = useCallback(async () => {
    const canvas = canvasRef.current;
    if (!canvas || !clusterId || at || !sinceRef.current) return;
    if (fetching.current) {
      again.current = true;
      return;
    }
    fetching.current = true;
    try {
      do {
        again.current = false;
        const response = await fetch(`/api/map/changes?${new URLSearchParams({ cluster: clusterId, since: sinceRef.current }).toString()}`);
        if (!response.ok) return;
        const delta = (await response.json()) as MapDelta;
        sinceRef.current = delta.until;
        const filtered = filterDelta(delta, namespace, verdict);
        if (filtered.upsertNodes.length + filtered.removeNodes.length + filtered.upsertEdges.length + filtered.removeEdges.length === 0) continue;
        const ms = canvas.applyDelta(filtered);
        performance.measure('cordon:map-delta', { start: performance.now() - ms, end: performance.now() });
        setStats(canvas.stats());
        setRevision((r) => r + 1);
      } while (again.current);
    } finally {
      fetching.current = false;
    }
  }, [clusterId, at, namespace, verdict]);

  useLiveListener((event) => {
    if (['flows', 'inventory', 'actions', 'incidents', 'resync'].includes(event.topic)) void pullChanges();
  });

  // Focus follows the chosen incident and the data.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const next = incidentId ? focusIncident(incidentId, canvas.allNodes(), canvas.allEdges()) : null;
    setFocus(next);
    canvas.setFocus(next);
    // revision: re-run when the data changed
  }, [incidentId, revision]);

  useEffect(() => {
    canvasRef.current?.setCollapsed(collapsed);
    if (canvasRef.current && focus) canvasRef.current.setFocus(focus);
  }, [collapsed, focus]);

  const runSearch = (term: string) => {
    setSearch(term);
    const matches = canvasRef.current?.search(term) ?? [];
    setMessage(term.trim() ? (matches.length ? `${matches.length} match(es)` : `Nothing matches “${term.trim()}”.`) : null);
    // One match, or one whose name is exactly the term: open it.
    const exact = matches.filter((id) => canvasRef.current?.node(id)?.label.toLowerCase() === term.trim().toLowerCase());
    if (matches.length === 1) setSelected(matches[0]!);
    else if (exact.length === 1) setSelected(exact[0]!);
  };

  const exportPng = async (attach: boolean) => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const blob = canvas.png();
    if (!attach) {
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `cordon-map-${clusterId}-${new Date().toISOString().replace(/[:.]/g, '-')}.png`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return;
    }
    const response = await fetch(`/api/reports/${incidentId}/map-snapshot`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: blob });
    setMessage(response.ok ? 'Snapshot attached to the incident report as evidence.' : `Could not attach the snapshot: ${((await response.json().catch(() => ({}))) as { error?: string }).error ?? response.status}`);
  };

  const incident = incidents.find((i) => i.id === incidentId) ?? null;
  const select = 'rounded border border-line bg-surface px-2 py-1 text-sm';

  if (!clusterId) {
    return <p className="p-4 text-sm text-muted">No cluster is connected. An admin adds one in Settings, or `npm start` runs the simulator.</p>;
  }

  return (
    <div className="flex h-[calc(100vh-3rem)] flex-col">
      <div className="flex flex-wrap items-center gap-2 border-b border-line p-2" role="toolbar" aria-label="Map filters">
        {clusters.length > 1 ? (
          <select aria-label="Cluster" className={select} value={clusterId} onChange={(e) => setParam({ cluster: e.target.value, incident: null, at: null, namespace: null })}>
            {clusters.map((c) => (
              <option key={c.id} value={c.id}>
                {c.displayName}
              </option>
            ))}
          </select>
        ) : (
          <span className="font-mono text-sm text-muted">{clusters[0]?.displayName}</span>
        )}
        <select aria-label="Focus incident" className={`${select} max-w-72`} value={incidentId ?? ''} onChange={(e) => setParam({ incident: e.target.value || null, at: null })}>
          <option value="">No incident in focus</option>
          {incidents.map((i) => (
            <option key={i.id} value={i.id}>
              #{i.id} {i.severity} — {i.title}
            </option>
          ))}
        </select>
        <input aria-label="Namespace" placeholder="namespace" className={`${select} w-32`} defaultValue={namespace} onKeyDown={(e) => e.key === 'Enter' && setParam({ namespace: e.currentTarget.value.trim() || null })} />
        <select aria-label="Time window" className={select} value={windowKey} disabled={!!at} onChange={(e) => setParam({ window: e.target.value })}>
          {Object.keys(MAP_WINDOWS).map((w) => (
            <option key={w} value={w}>
              last {w}
            </option>
          ))}
        </select>
        <select aria-label="Verdict" className={select} value={verdict} onChange={(e) => setParam({ verdict: e.target.value || null })}>
          <option value="">all traffic</option>
          <option value="forwarded">forwarded</option>
          <option value="dropped">dropped</option>
        </select>
        <input
          aria-label="Search the map"
          placeholder="workload, pod or IP"
          className={`${select} w-48`}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && runSearch(e.currentTarget.value)}
        />
        <label className="flex items-center gap-1 text-xs text-muted">
          <input type="checkbox" checked={collapsed} onChange={(e) => setCollapsed(e.target.checked)} /> collapse namespaces
        </label>
        <span className="ml-auto flex gap-2">
          <button type="button" className="rounded border border-line px-2 py-1 text-xs" onClick={() => void exportPng(false)}>
            Export PNG
          </button>
          {incidentId && viewer.canAttach ? (
            <button type="button" className="rounded border border-line px-2 py-1 text-xs" onClick={() => void exportPng(true)}>
              Attach to report
            </button>
          ) : null}
        </span>
      </div>
      {incident ? <ReplaySlider incident={incident} at={at} onChange={(value) => setParam({ at: value })} /> : null}
      <div className="relative flex min-h-0 flex-1">
        <div className="relative min-w-0 flex-1">
          {/* Cytoscape's own stylesheet makes its container position: relative (unlayered, so it
              beats Tailwind's utilities): the container fills a positioned wrapper instead. */}
          <div className="absolute inset-0">
            <div ref={container} className="h-full w-full" data-testid="map-canvas" aria-label="Network map" role="img" />
          </div>
          {graph.isLoading ? <p className="absolute left-3 top-3 text-sm text-muted">Loading the map…</p> : null}
          {graph.error ? (
            <p role="alert" className="absolute left-3 top-3 text-sm text-rose-300">
              Could not load the map: {graph.error.message}
            </p>
          ) : null}
          <MapSummary stats={stats} focus={focus} incident={incident} at={at} truncated={graph.data?.truncated ?? null} message={message} canvas={canvas} revision={revision} />
          <MapLegend />
        </div>
        {selected && canvas ? (
          <SidePanel
            key={selected}
            clusterId={clusterId}
            nodeId={selected}
            canvas={canvas}
            revision={revision}
            focusIncidentId={incidentId}
            viewer={viewer}
            onClose={() => setSelected(null)}
          />
        ) : null}
      </div>
    </div>
  );
}

/** The map in words: counts, the focus, the blast radius and the exposure path (for screen readers and tests). */
function MapSummary({ stats, focus, incident, at, truncated, message, canvas }: { stats: MapStats | null; focus: Focus | null; incident: MapIncidentOption | null; at: string | null; truncated: string | null; message: string | null; canvas: MapCanvas | null; revision: number }) {
  const name = (id: string) => canvas?.node(id)?.label ?? id;
  return (
    <div className="pointer-events-none absolute bottom-2 left-2 max-w-md space-y-1 rounded border border-line bg-panel/90 p-2 text-xs" data-testid="map-summary" aria-live="polite">
      {stats ? (
        <p data-testid="map-stats">
          {stats.workloads} workloads · {stats.nodes - stats.workloads} namespaces and endpoints · {stats.edges} flows ({stats.drawnEdges} lines){at ? ` · replay at ${new Date(at).toLocaleString()}` : ''}
        </p>
      ) : null}
      {truncated ? <p className="text-amber-300">{truncated}</p> : null}
      {focus && incident ? (
        <div data-testid="map-focus">
          <p>
            Incident #{incident.id}: <span data-testid="focus-nodes">{[...focus.nodes].map(name).join(', ') || 'no entity on the map'}</span>
          </p>
          <p>
            Blast radius: <span data-testid="blast-count">{focus.blastNodes.size}</span> reachable node(s) over {focus.blastEdges.size} flow(s)
          </p>
          <p data-testid="exposure">
            {focus.exposureNodes.size > 0
              ? `Exposure path: ${[...focus.exposureNodes].map(name).join(' → ')}`
              : 'No path from the internet seen.'}
          </p>
        </div>
      ) : null}
      {message ? <p role="status">{message}</p> : null}
    </div>
  );
}

function filterDelta(delta: MapDelta, namespace: string, verdict: string): MapDelta {
  if (!namespace && !verdict) return delta;
  const inNamespace = (id: string) => !namespace || !id.includes('/') || id.startsWith(`${namespace}/`);
  return {
    ...delta,
    upsertNodes: delta.upsertNodes.filter((n) => !namespace || n.namespace === null || n.namespace === namespace),
    upsertEdges: delta.upsertEdges.filter((e) => (!verdict || e.verdict === verdict) && (inNamespace(e.source) || inNamespace(e.target))),
  };
}
