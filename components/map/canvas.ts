// The Cytoscape instance behind the map and the only code that touches it. It keeps the map's
// data (nodes and raw edges by id) next to what is drawn, so a live delta changes exactly the
// elements it names: no relayout, positions kept, the changed elements flash.
import type { Core, EdgeSingular, ElementDefinition, EventObject, NodeSingular } from 'cytoscape';
import type { MapDelta, MapEdge, MapGraph, MapNode } from '@/lib/map/types';
import { aggregate, edgeWidth, nodeClasses, nodeLabel, visualEdgeId, type VisualEdge } from './elements';
import type { Focus } from './focus';
import { layoutGraph, placeNewNode, type Point } from './layout';
import { MAP_STYLE } from './style';

export interface CanvasEvents {
  onSelect(nodeId: string | null): void;
}

export interface MapStats {
  nodes: number;
  workloads: number;
  edges: number;
  drawnEdges: number;
}

const EDGE_KEEP = 'edge-members';

export class MapCanvas {
  private readonly nodes = new Map<string, MapNode>();
  private readonly edges = new Map<string, MapEdge>();
  /** visual edge id → ids of the raw edges drawn by it */
  private readonly members = new Map<string, Set<string>>();
  private readonly positions = new Map<string, Point>();
  private collapsed = false;
  /** Duration of the last delta applied, in ms (read by the benchmark and shown in the footer). */
  lastApplyMs: number | null = null;

  private constructor(private readonly cy: Core) {}

  static async create(container: HTMLElement, events: CanvasEvents): Promise<MapCanvas> {
    const { default: cytoscape } = await import('cytoscape');
    const cy = cytoscape({
      container,
      style: MAP_STYLE,
      layout: { name: 'preset' },
      minZoom: 0.03,
      maxZoom: 3,
      wheelSensitivity: 0.3,
      boxSelectionEnabled: false,
      // Large clusters: draw edges only when the view rests, render at device pixel 1.
      hideEdgesOnViewport: true,
      textureOnViewport: false,
      pixelRatio: 1,
      motionBlur: false,
    });
    const canvas = new MapCanvas(cy);
    cy.on('tap', 'node', (event: EventObject) => {
      const id = (event.target as NodeSingular).id();
      events.onSelect(canvas.nodes.has(id) && canvas.nodes.get(id)!.kind !== 'namespace' ? id : null);
    });
    cy.on('dbltap', 'node.namespace.collapsed', () => canvas.setCollapsed(false));
    cy.on('tap', (event: EventObject) => {
      if (event.target === cy) events.onSelect(null);
    });
    cy.on('mouseover', 'edge', (event: EventObject) => void (event.target as EdgeSingular).addClass('hover'));
    cy.on('mouseout', 'edge', (event: EventObject) => void (event.target as EdgeSingular).removeClass('hover'));
    return canvas;
  }

  destroy(): void {
    this.cy.destroy();
  }

  /** Replaces everything (a new cluster, filter or replay moment). `keepPositions` keeps known nodes where they are. */
  load(graph: MapGraph, options: { keepPositions?: boolean } = {}): void {
    const previous = options.keepPositions ? new Map(this.positions) : new Map<string, Point>();
    this.nodes.clear();
    this.edges.clear();
    this.members.clear();
    this.positions.clear();
    for (const node of graph.nodes) this.nodes.set(node.id, node);
    for (const edge of graph.edges) if (this.nodes.has(edge.source) && this.nodes.has(edge.target)) this.edges.set(edge.id, edge);
    const fresh = layoutGraph(graph.nodes);
    for (const [id, point] of fresh) this.positions.set(id, previous.get(id) ?? point);
    this.draw();
    if (!options.keepPositions || previous.size === 0) this.cy.fit(undefined, 30);
  }

  /** Applies a live delta in place and returns how long it took (ms). */
  applyDelta(delta: MapDelta): number {
    const started = performance.now();
    const touched = new Set<string>();
    const changed: string[] = [];
    this.cy.batch(() => {
      for (const id of delta.removeEdges) {
        const edge = this.edges.get(id);
        if (!edge) continue;
        this.edges.delete(id);
        this.members.get(visualEdgeId(edge))?.delete(id);
        touched.add(visualEdgeId(edge));
      }
      for (const id of delta.removeNodes) {
        this.nodes.delete(id);
        this.positions.delete(id);
        for (const [edgeId, edge] of this.edges) {
          if (edge.source === id || edge.target === id) {
            this.edges.delete(edgeId);
            this.members.get(visualEdgeId(edge))?.delete(edgeId);
            touched.add(visualEdgeId(edge));
          }
        }
        this.cy.getElementById(id).remove();
      }
      for (const node of delta.upsertNodes) {
        const known = this.nodes.has(node.id);
        this.nodes.set(node.id, node);
        if (this.collapsed && node.kind === 'workload') continue;
        const element = this.cy.getElementById(node.id);
        if (known && element.nonempty()) {
          element.data('label', nodeLabel(node));
          element.classes(nodeClasses(node));
        } else {
          if (node.parent && !this.nodes.has(node.parent)) continue;
          const siblings = [...this.nodes.values()].filter((n) => n.parent === node.parent && n.id !== node.id && this.positions.has(n.id)).map((n) => this.positions.get(n.id)!);
          const position = placeNewNode(node, this.positions, siblings);
          this.positions.set(node.id, position);
          this.cy.add(this.nodeElement(node));
        }
        changed.push(node.id);
      }
      for (const edge of delta.upsertEdges) {
        if (!this.nodes.has(edge.source) || !this.nodes.has(edge.target)) continue;
        this.edges.set(edge.id, edge);
        const visualId = visualEdgeId(edge);
        let ids = this.members.get(visualId);
        if (!ids) this.members.set(visualId, (ids = new Set()));
        ids.add(edge.id);
        touched.add(visualId);
      }
      if (!this.collapsed) for (const id of touched) this.redrawVisualEdge(id, changed);
    });
    if (this.collapsed && (touched.size > 0 || delta.upsertNodes.length > 0)) this.draw();
    const elements = this.cy.collection();
    for (const id of changed) elements.merge(this.cy.getElementById(id));
    elements.flashClass('changed', 1_200);
    this.lastApplyMs = performance.now() - started;
    return this.lastApplyMs;
  }

  /** Namespaces as single boxes with the traffic between them (for very large clusters). */
  setCollapsed(collapsed: boolean): void {
    if (this.collapsed === collapsed) return;
    this.collapsed = collapsed;
    this.draw();
  }

  isCollapsed(): boolean {
    return this.collapsed;
  }

  setFocus(focus: Focus | null): void {
    this.cy.batch(() => {
      this.cy.elements().removeClass('dim focus blast exposure');
      if (!focus || focus.nodes.size === 0) return;
      const keep = new Set([...focus.nodes, ...focus.blastNodes, ...focus.exposureNodes]);
      this.cy.nodes().forEach((node) => {
        const id = node.id();
        if (focus.nodes.has(id)) node.addClass('focus');
        else if (!keep.has(id) && !node.isParent()) node.addClass('dim');
      });
      this.cy.edges().forEach((element) => {
        const ids = (element.scratch(EDGE_KEEP) as Set<string> | undefined) ?? new Set<string>();
        const exposure = [...ids].some((id) => focus.exposureEdges.has(id));
        const blast = [...ids].some((id) => focus.blastEdges.has(id));
        if (exposure) element.addClass('exposure');
        else if (blast) element.addClass('blast');
        else element.addClass('dim');
      });
    });
    if (!focus) return;
    const focused = this.cy.nodes('.focus');
    if (focused.nonempty()) this.cy.animate({ fit: { eles: focused.union(this.cy.nodes().filter((n) => keep(n.id(), focus))), padding: 60 } }, { duration: 300 });
  }

  /** Shows only what matches (by id or label, case-insensitive) and its neighbours; '' shows all. */
  search(term: string): string[] {
    const needle = term.trim().toLowerCase();
    this.cy.elements().removeClass('filtered');
    if (!needle) return [];
    const matches = [...this.nodes.values()].filter(
      (n) => n.kind !== 'namespace' && (n.id.toLowerCase().includes(needle) || n.label.toLowerCase().includes(needle) || (n.kind === 'workload' && needle.startsWith(`${n.label.toLowerCase()}-`))),
    );
    if (matches.length > 0) {
      const collection = this.cy.collection();
      for (const m of matches) collection.merge(this.cy.getElementById(m.id));
      this.cy.animate({ fit: { eles: collection, padding: 80 } }, { duration: 300 });
      collection.select();
    }
    return matches.map((m) => m.id);
  }

  center(id: string): void {
    const element = this.cy.getElementById(id);
    if (element.nonempty()) this.cy.animate({ center: { eles: element }, zoom: Math.max(this.cy.zoom(), 1) }, { duration: 300 });
  }

  png(): Blob {
    return this.cy.png({ output: 'blob', full: true, bg: '#0b1120', scale: 1, maxWidth: 6_000, maxHeight: 6_000 });
  }

  node(id: string): MapNode | undefined {
    return this.nodes.get(id);
  }

  allNodes(): MapNode[] {
    return [...this.nodes.values()];
  }

  allEdges(): MapEdge[] {
    return [...this.edges.values()];
  }

  /** The raw edges into and out of a node (for the side panel). */
  edgesOf(id: string): { outbound: MapEdge[]; inbound: MapEdge[] } {
    const outbound: MapEdge[] = [];
    const inbound: MapEdge[] = [];
    for (const edge of this.edges.values()) {
      if (edge.source === id) outbound.push(edge);
      else if (edge.target === id) inbound.push(edge);
    }
    return { outbound, inbound };
  }

  stats(): MapStats {
    let workloads = 0;
    for (const node of this.nodes.values()) if (node.kind === 'workload') workloads += 1;
    return { nodes: this.nodes.size, workloads, edges: this.edges.size, drawnEdges: this.cy.edges().length };
  }

  /** For the benchmark: the Cytoscape core (panning, frame counting). */
  core(): Core {
    return this.cy;
  }

  private nodeElement(node: MapNode): ElementDefinition {
    const isCompound = node.kind === 'namespace' && !this.collapsed;
    return {
      group: 'nodes',
      data: { id: node.id, label: nodeLabel(node), ...(node.parent && !this.collapsed ? { parent: node.parent } : {}) },
      classes: nodeClasses(node) + (node.kind === 'namespace' && this.collapsed ? ' collapsed' : ''),
      ...(isCompound && [...this.nodes.values()].some((n) => n.parent === node.id) ? {} : { position: { ...(this.positions.get(node.id) ?? { x: 0, y: 0 }) } }),
    };
  }

  private edgeElement(visual: VisualEdge, ids: Set<string>): ElementDefinition {
    return {
      group: 'edges',
      data: {
        id: visual.id,
        source: visual.source,
        target: visual.target,
        width: edgeWidth(visual.count),
        detail: edgeDetail(visual),
      },
      classes: `${visual.verdict}${visual.isNew ? ' new' : ''}`,
      scratch: { [EDGE_KEEP]: ids },
    };
  }

  private redrawVisualEdge(visualId: string, changed: string[]): void {
    const ids = this.members.get(visualId) ?? new Set<string>();
    const visual = aggregate([...ids].map((id) => this.edges.get(id)!));
    const element = this.cy.getElementById(visualId);
    if (!visual) {
      element.remove();
      this.members.delete(visualId);
      return;
    }
    if (element.nonempty()) {
      element.data({ width: edgeWidth(visual.count), detail: edgeDetail(visual) });
      element.classes(`${visual.verdict}${visual.isNew ? ' new' : ''}`);
      element.scratch(EDGE_KEEP, ids);
    } else {
      this.cy.add(this.edgeElement(visual, ids));
    }
    changed.push(visualId);
  }

  private draw(): void {
    const elements: ElementDefinition[] = [];
    this.members.clear();
    if (!this.collapsed) {
      // Parents before children, as Cytoscape requires.
      for (const node of this.nodes.values()) if (node.kind === 'namespace') elements.push(this.nodeElement(node));
      for (const node of this.nodes.values()) if (node.kind !== 'namespace') elements.push(this.nodeElement(node));
      const groups = new Map<string, MapEdge[]>();
      for (const edge of this.edges.values()) {
        const id = visualEdgeId(edge);
        let list = groups.get(id);
        if (!list) groups.set(id, (list = []));
        list.push(edge);
      }
      for (const [id, list] of groups) {
        const ids = new Set(list.map((e) => e.id));
        this.members.set(id, ids);
        elements.push(this.edgeElement(aggregate(list)!, ids));
      }
    } else {
      elements.push(...this.collapsedElements());
    }
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(elements);
    });
  }

  private collapsedElements(): ElementDefinition[] {
    const elements: ElementDefinition[] = [];
    const owner = (id: string) => {
      const node = this.nodes.get(id);
      return node?.kind === 'workload' && node.parent ? node.parent : id;
    };
    // A namespace box stands where the middle of its workloads was.
    const centres = new Map<string, { x: number; y: number; n: number }>();
    for (const node of this.nodes.values()) {
      if (node.kind !== 'workload' || !node.parent) continue;
      const p = this.positions.get(node.id);
      if (!p) continue;
      const c = centres.get(node.parent) ?? { x: 0, y: 0, n: 0 };
      centres.set(node.parent, { x: c.x + p.x, y: c.y + p.y, n: c.n + 1 });
    }
    for (const node of this.nodes.values()) {
      if (node.kind === 'workload') continue;
      const c = centres.get(node.id);
      const members = [...this.nodes.values()].filter((n) => n.parent === node.id);
      const worst = members.map((m) => m.state.incidents.maxSeverity).find((s) => s === 'critical') ?? members.map((m) => m.state.incidents.maxSeverity).find(Boolean) ?? null;
      const label = node.kind === 'namespace' ? `${node.label}\n${members.length} workload(s)` : nodeLabel(node);
      elements.push({
        group: 'nodes',
        data: { id: node.id, label },
        classes: `${nodeClasses(node)}${node.kind === 'namespace' ? ' collapsed' : ''}${worst ? ` sev-${worst}` : ''}${members.some((m) => m.state.isolated) ? ' isolated' : ''}`,
        position: c ? { x: c.x / c.n, y: c.y / c.n } : { ...(this.positions.get(node.id) ?? { x: 0, y: 0 }) },
      });
    }
    const groups = new Map<string, MapEdge[]>();
    for (const edge of this.edges.values()) {
      const source = owner(edge.source);
      const target = owner(edge.target);
      if (source === target) continue;
      const key = `${source}>${target}>${edge.verdict}`;
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push({ ...edge, source, target });
    }
    for (const [id, list] of groups) {
      const ids = new Set(list.map((e) => e.id));
      this.members.set(id, ids);
      elements.push(this.edgeElement(aggregate(list)!, ids));
    }
    return elements;
  }
}

function edgeDetail(visual: VisualEdge): string {
  return `${visual.ports.slice(0, 4).join(', ')}${visual.ports.length > 4 ? '…' : ''} · ${visual.count} · ${visual.verdict}`;
}

function keep(id: string, focus: Focus): boolean {
  return focus.blastNodes.has(id) || focus.exposureNodes.has(id);
}
