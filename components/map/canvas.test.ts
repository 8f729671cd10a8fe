// MapCanvas on real Cytoscape, headless (no container: styles apply, nothing is painted): the level
// of detail of a large map — lines between namespaces and no workload labels when zoomed out,
// workload lines and labels for the part in view once zoomed in — and a small map drawn in full.
import { describe, expect, it } from 'vitest';
import type { MapEdge, MapGraph, MapNode } from '@/lib/map/types';
import cytoscape from 'cytoscape';
import { DETAIL_ZOOM, LOD_MIN_EDGES, MapCanvas } from './canvas';
import { MAP_STYLE } from './style';

const state = (): MapNode['state'] => ({ incidents: { open: 0, maxSeverity: null, ids: [] }, isolated: false, exposure: [], privileged: false, wideServiceAccount: null, unknownRegistries: [], new: false });

function graph(namespaces: number, perNamespace: number, edges: number): MapGraph {
  const nodes: MapNode[] = [];
  const workloads: string[] = [];
  for (let n = 0; n < namespaces; n += 1) {
    const ns = `team-${n}`;
    nodes.push({ id: `ns:${ns}`, kind: 'namespace', parent: null, label: ns, namespace: ns, workloadKind: null, pods: null, state: state() });
    for (let w = 0; w < perNamespace; w += 1) {
      const id = `${ns}/Deployment/svc-${w}`;
      workloads.push(id);
      nodes.push({ id, kind: 'workload', parent: `ns:${ns}`, label: `svc-${w}`, namespace: ns, workloadKind: 'Deployment', pods: null, state: state() });
    }
  }
  const list: MapEdge[] = [];
  for (let i = 0; list.length < edges; i += 1) {
    const source = workloads[i % workloads.length]!;
    const target = workloads[(i * 7 + 3) % workloads.length]!;
    if (source === target) continue;
    const port = 1000 + Math.floor(i / workloads.length);
    list.push({ id: `${source}|${target}|${port}|TCP|forwarded`, source, target, port, protocol: 'TCP', verdict: 'forwarded', count: 1, firstSeenAt: '2026-11-23T10:00:00.000Z', lastSeenAt: '2026-11-23T10:05:00.000Z', new: false });
  }
  return { clusterId: 'c', generatedAt: '2026-11-23T10:06:00.000Z', window: { from: '2026-11-23T09:06:00.000Z', to: '2026-11-23T10:06:00.000Z' }, nodes, edges: list, truncated: null };
}

async function headlessCanvas(): Promise<MapCanvas> {
  // No container: Cytoscape runs headless with its styles (the canvas code is the same).
  return await MapCanvas.create(undefined as unknown as HTMLElement, { onSelect: () => undefined });
}

const labelled = (canvas: MapCanvas) => canvas.core().nodes('.workload.labelled').map((n) => n.id());

describe('[MAP] the canvas on real Cytoscape', () => {
  it('a large map zoomed out draws lines between namespaces and leaves workloads unlabelled; zoomed in, it draws and labels the part in view', async () => {
    const canvas = await headlessCanvas();
    try {
      canvas.load(graph(30, 20, LOD_MIN_EDGES + 1_000));
      const cy = canvas.core();
      cy.zoom(0.1);
      await new Promise((resolve) => setTimeout(resolve, 200)); // the view settles
      expect(canvas.edgeLevel()).toBe('namespace');
      expect(cy.edges().length).toBeGreaterThan(0);
      expect(cy.edges().map((e) => [e.source().hasClass('namespace'), e.target().hasClass('namespace')]).flat().every(Boolean)).toBe(true);
      expect(labelled(canvas)).toEqual([]);

      const target = cy.getElementById('team-3/Deployment/svc-5');
      cy.zoom(DETAIL_ZOOM * 2);
      cy.center(target);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(canvas.edgeLevel()).toBe('workload');
      const names = labelled(canvas);
      expect(names).toContain('team-3/Deployment/svc-5');
      expect(names.length).toBeLessThan(600); // only around the view
      expect(names).not.toContain('team-29/Deployment/svc-19');
      expect(cy.edges().length).toBeGreaterThan(0);
      expect(cy.edges().filter((e) => !e.hasClass('directed')).length).toBe(0);
    } finally {
      canvas.destroy();
    }
  });

  it('a small map labels every workload and draws every workload line', async () => {
    const canvas = await headlessCanvas();
    try {
      const g = graph(3, 5, 40);
      canvas.load(g);
      expect(canvas.edgeLevel()).toBe('workload');
      expect(labelled(canvas)).toHaveLength(15);
      const pairs = new Set(g.edges.map((e) => `${e.source}>${e.target}`));
      expect(canvas.stats()).toMatchObject({ workloads: 15, edges: 40, drawnEdges: pairs.size });
    } finally {
      canvas.destroy();
    }
  });

  it('the stylesheet names namespaces, externals and labelled workloads, and only those', () => {
    const cy = cytoscape({
      headless: true,
      styleEnabled: true,
      style: MAP_STYLE,
      elements: [
        { data: { id: 'ns:shop', label: 'shop' }, classes: 'namespace' },
        { data: { id: 'ip:203.0.113.9', label: '203.0.113.9' }, classes: 'external' },
        { data: { id: 'shop/Deployment/web', label: 'web' }, classes: 'workload labelled' },
        { data: { id: 'shop/Deployment/db', label: 'db' }, classes: 'workload' },
      ],
    });
    const label = (id: string): unknown => cy.getElementById(id).style('label');
    expect([label('ns:shop'), label('ip:203.0.113.9'), label('shop/Deployment/web'), label('shop/Deployment/db')]).toEqual(['shop', '203.0.113.9', 'web', '']);
    cy.destroy();
  });
});
