// The Cytoscape instance behind the map and the only code that touches it. It keeps the map's
// data (nodes and raw edges by id) next to what is drawn, so a live delta changes exactly the
// elements it names: no relayout, positions kept, the changed elements flash.
//
// Large maps (see LOD_MIN_EDGES) draw their edges at two levels of detail: zoomed out, one line
// per namespace pair (the traffic inside a namespace is not drawn); zoomed in, one line per
// workload pair, for the part of the map in view. Fifteen thousand edges in a map seen whole are a
// grey haze that costs seconds to style and draw; the lines between namespaces are what can be
// read at that zoom. Smaller maps always draw every edge.
import type { Core, EdgeSingular, ElementDefinition, EventObject, NodeSingular } from 'cytoscape';
import type { MapDelta, MapEdge, MapGraph, MapNode } from '@/lib/map/types';
import { aggregate, edgeClasses, edgeDetail, edgeWidth, nodeClasses, nodeLabel, visualEdgeId, type VisualEdge } from './elements';
import type { Focus } from './focus';
import { boundsOf, layoutGraph, namespaceBox, placeNewNode, type Point } from './layout';
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
/** Maps with more raw edges than this switch to lines between namespaces when zoomed out. */
export const LOD_MIN_EDGES = 2_000;
/** Below this zoom a workload is a few pixels wide: large maps draw lines between namespaces. */
export const DETAIL_ZOOM = 0.5;
const FIT_PADDING = 30;

interface Visual {
  source: string;
  target: string;
  /** The raw edges drawn by this line. */
  ids: Set<string>;
}

interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export class MapCanvas {
  private readonly nodes = new Map<string, MapNode>();
  private readonly edges = new Map<string, MapEdge>();
  /** Every line of the current level, drawn or not (out of view): visual edge id → endpoints and raw edges. */
  private readonly visuals = new Map<string, Visual>();
  private readonly positions = new Map<string, Point>();
  private collapsed = false;
  /** Workload lines, or namespace lines (large maps zoomed out). */
  private level: 'workload' | 'namespace' = 'workload';
  /** Large maps zoomed in: only the lines crossing this part of the map (the view and a margin) are drawn. */
  private region: Rect | null = null;
  private focus: Focus | null = null;
  /** Large maps: the workloads labelled so far (those that have been in view at the detail zoom; see style.ts). */
  private readonly labelled = new Set<string>();
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
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
      // Large clusters: while panning or zooming, move a snapshot of the view (a texture) instead of
      // redrawing thousands of nodes every frame; edges are drawn when the view rests. Device pixel 1.
      hideEdgesOnViewport: true,
      textureOnViewport: true,
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
    // Namespace boxes behave as compound nodes did: dragging one moves its workloads, and a box
    // follows a workload dragged inside it.
    cy.on('grab', 'node.namespace', (event: EventObject) => void (event.target as NodeSingular).scratch('cordonLast', { ...(event.target as NodeSingular).position() }));
    cy.on('drag', 'node.namespace', (event: EventObject) => canvas.moveNamespace(event.target as NodeSingular));
    cy.on('dragfree', 'node.workload, node.external', (event: EventObject) => canvas.nodeMoved(event.target as NodeSingular));
    cy.on('viewport', () => canvas.viewportChanged());
    return canvas;
  }

  destroy(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.cy.destroy();
  }

  /** Replaces everything (a new cluster, filter or replay moment). `keepPositions` keeps known nodes where they are. */
  load(graph: MapGraph, options: { keepPositions?: boolean } = {}): void {
    const previous = options.keepPositions ? new Map(this.positions) : new Map<string, Point>();
    this.nodes.clear();
    this.edges.clear();
    this.positions.clear();
    for (const node of graph.nodes) this.nodes.set(node.id, node);
    for (const edge of graph.edges) if (this.nodes.has(edge.source) && this.nodes.has(edge.target)) this.edges.set(edge.id, edge);
    const fresh = layoutGraph(graph.nodes);
    for (const [id, point] of fresh) this.positions.set(id, previous.get(id) ?? point);
    // The view is known from the layout before anything is drawn: no cy.fit(), which would
    // style and measure every element once more just to find the bounds.
    if (!options.keepPositions || previous.size === 0) this.cy.viewport(this.fitViewport());
    this.chooseLevel();
    this.draw();
  }

  /** Applies a live delta in place and returns how long it took (ms). */
  applyDelta(delta: MapDelta): number {
    const started = performance.now();
    const touched = new Set<string>();
    const changed: string[] = [];
    const boxes = new Set<string>();
    this.cy.batch(() => {
      for (const id of delta.removeEdges) {
        const edge = this.edges.get(id);
        if (!edge) continue;
        this.edges.delete(id);
        this.unlink(edge, touched);
      }
      for (const id of delta.removeNodes) {
        const node = this.nodes.get(id);
        this.nodes.delete(id);
        this.positions.delete(id);
        for (const [edgeId, edge] of this.edges) {
          if (edge.source === id || edge.target === id) {
            this.edges.delete(edgeId);
            this.unlink(edge, touched);
          }
        }
        this.cy.getElementById(id).remove();
        if (node?.parent) boxes.add(node.parent);
      }
      for (const node of delta.upsertNodes) {
        const known = this.nodes.has(node.id);
        this.nodes.set(node.id, node);
        if (this.collapsed && node.kind === 'workload') continue;
        const element = this.cy.getElementById(node.id);
        if (known && element.nonempty()) {
          element.data('label', nodeLabel(node));
          element.classes(this.classesOf(node));
        } else {
          if (node.parent && !this.nodes.has(node.parent)) continue;
          if (node.kind !== 'namespace' || !this.positions.has(node.id)) {
            const siblings = [...this.nodes.values()].filter((n) => n.parent === node.parent && n.id !== node.id && this.positions.has(n.id)).map((n) => this.positions.get(n.id)!);
            this.positions.set(node.id, placeNewNode(node, this.positions, siblings));
          }
          this.cy.add(this.nodeElement(node, this.membersOf(node.id)));
          if (node.parent) boxes.add(node.parent);
        }
        changed.push(node.id);
      }
      for (const edge of delta.upsertEdges) {
        if (!this.nodes.has(edge.source) || !this.nodes.has(edge.target)) continue;
        const old = this.edges.get(edge.id);
        if (old) this.unlink(old, touched);
        this.edges.set(edge.id, edge);
        this.link(edge, touched);
      }
      if (!this.collapsed) for (const id of boxes) this.refreshBox(id);
      for (const id of touched) this.redrawVisual(id, changed);
    });
    if (this.collapsed && delta.upsertNodes.length > 0) this.draw();
    if (this.focus) this.applyFocusClasses();
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
    this.chooseLevel();
    this.draw();
  }

  isCollapsed(): boolean {
    return this.collapsed;
  }

  setFocus(focus: Focus | null): void {
    this.focus = focus && focus.nodes.size > 0 ? focus : null;
    this.applyFocusClasses();
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

  /** Which lines are drawn: 'workload' or 'namespace' (large maps zoomed out, or collapsed). */
  edgeLevel(): 'workload' | 'namespace' {
    return this.level;
  }

  /** For the benchmark: the Cytoscape core (panning, frame counting). */
  core(): Core {
    return this.cy;
  }

  // ── drawing ────────────────────────────────────────────────────────────────────────────────

  private draw(): void {
    const nodes: ElementDefinition[] = [];
    const members = this.membersByNamespace();
    this.labelled.clear();
    // Namespaces first: drawn first, so they sit behind (z-compound-depth does the rest).
    for (const node of this.nodes.values()) if (node.kind === 'namespace') nodes.push(this.nodeElement(node, members.get(node.id) ?? []));
    for (const node of this.nodes.values()) if (node.kind !== 'namespace' && !(this.collapsed && node.kind === 'workload')) nodes.push(this.nodeElement(node, []));
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(nodes);
    });
    performance.mark('cordon:map-nodes-added');
    // Style the nodes before their edges exist: Cytoscape marks every connected edge dirty for
    // each style property it applies to a node, so styling them with the edges in place costs
    // several times more.
    this.cy.batch(() => this.cy.nodes().forEach((node) => void node.numericStyle('width')));
    performance.mark('cordon:map-nodes-styled');
    this.drawEdges();
    performance.mark('cordon:map-edges-added');
  }

  /** Groups the raw edges for the current level and draws the lines in view; `keep` keeps lines already drawn (a pan). */
  private drawEdges(keep = false): void {
    this.visuals.clear();
    for (const edge of this.edges.values()) this.link(edge, null);
    const elements: ElementDefinition[] = [];
    const stale = keep ? this.cy.edges().filter((edge) => !this.visuals.has(edge.id()) || !this.inRegion(this.visuals.get(edge.id())!)) : this.cy.edges();
    for (const [id, visual] of this.visuals) {
      if (!this.inRegion(visual) || (keep && this.cy.getElementById(id).nonempty())) continue;
      const drawn = this.visualEdge(id, visual);
      if (drawn) elements.push(this.edgeElement(drawn, visual.ids));
    }
    this.cy.batch(() => {
      stale.remove();
      this.cy.add(elements);
      this.labelRegion();
    });
    if (this.focus) this.applyFocusClasses();
  }

  /** Large maps zoomed in: labels the workloads in the region that have none yet. */
  private labelRegion(): void {
    if (!this.region) return;
    for (const node of this.nodes.values()) {
      if (node.kind !== 'workload' || this.labelled.has(node.id) || !this.wantsLabel(node.id)) continue;
      this.cy.getElementById(node.id).addClass('labelled');
    }
  }

  /** Small maps label every workload; large ones those in (or once in) the region drawn at the detail zoom. */
  private wantsLabel(id: string): boolean {
    if (!this.isLarge() || this.labelled.has(id)) return true;
    const p = this.positions.get(id);
    if (!this.region || !p || !contains(this.region, p)) return false;
    this.labelled.add(id);
    return true;
  }

  private classesOf(node: MapNode): string {
    const classes = nodeClasses(node);
    return node.kind === 'workload' && this.wantsLabel(node.id) ? `${classes} labelled` : classes;
  }

  /** The line a raw edge belongs to at the current level, or null when it is not drawn (inside one namespace, zoomed out). */
  private visualIdOf(edge: MapEdge): { id: string; source: string; target: string } | null {
    if (this.level === 'workload') return { id: visualEdgeId(edge), source: edge.source, target: edge.target };
    const source = this.owner(edge.source);
    const target = this.owner(edge.target);
    if (source === target) return null;
    return { id: visualEdgeId({ source, target, verdict: edge.verdict }), source, target };
  }

  private owner(id: string): string {
    const node = this.nodes.get(id);
    return node?.kind === 'workload' && node.parent && this.nodes.has(node.parent) ? node.parent : id;
  }

  private link(edge: MapEdge, touched: Set<string> | null): void {
    const key = this.visualIdOf(edge);
    if (!key) return;
    let visual = this.visuals.get(key.id);
    if (!visual) this.visuals.set(key.id, (visual = { source: key.source, target: key.target, ids: new Set() }));
    visual.ids.add(edge.id);
    touched?.add(key.id);
  }

  private unlink(edge: MapEdge, touched: Set<string>): void {
    const key = this.visualIdOf(edge);
    if (!key) return;
    this.visuals.get(key.id)?.ids.delete(edge.id);
    touched.add(key.id);
  }

  private visualEdge(id: string, visual: Visual): VisualEdge | null {
    const members: MapEdge[] = [];
    for (const edgeId of visual.ids) {
      const edge = this.edges.get(edgeId);
      if (edge) members.push(edge);
    }
    const drawn = aggregate(members, visual);
    return drawn && drawn.id === id ? drawn : null;
  }

  private redrawVisual(id: string, changed: string[]): void {
    const visual = this.visuals.get(id);
    const drawn = visual && visual.ids.size > 0 ? this.visualEdge(id, visual) : null;
    const element = this.cy.getElementById(id);
    if (!visual || !drawn) {
      element.remove();
      if (visual && visual.ids.size === 0) this.visuals.delete(id);
      return;
    }
    if (!this.inRegion(visual)) return;
    if (element.nonempty()) {
      element.data({ width: edgeWidth(drawn.count), detail: edgeDetail(drawn) });
      element.classes(this.edgeClassesAtLevel(drawn));
      element.scratch(EDGE_KEEP, visual.ids);
    } else {
      if (this.cy.getElementById(drawn.source).empty() || this.cy.getElementById(drawn.target).empty()) return;
      this.cy.add(this.edgeElement(drawn, visual.ids));
    }
    changed.push(id);
  }

  private nodeElement(node: MapNode, members: readonly MapNode[]): ElementDefinition {
    if (node.kind === 'namespace') {
      if (this.collapsed) return this.collapsedNamespace(node, members);
      const box = namespaceBox(members.map((m) => this.positions.get(m.id)).filter((p): p is Point => p !== undefined));
      return {
        group: 'nodes',
        data: { id: node.id, label: nodeLabel(node), ...(box ? { w: box.width, h: box.height } : {}) },
        classes: nodeClasses(node),
        position: box ? { x: box.x, y: box.y } : { ...(this.positions.get(node.id) ?? { x: 0, y: 0 }) },
      };
    }
    return {
      group: 'nodes',
      data: { id: node.id, label: nodeLabel(node) },
      classes: this.classesOf(node),
      position: { ...(this.positions.get(node.id) ?? { x: 0, y: 0 }) },
    };
  }

  /** A namespace as one box standing where the middle of its workloads is, with their worst state. */
  private collapsedNamespace(node: MapNode, members: readonly MapNode[]): ElementDefinition {
    const points = members.map((m) => this.positions.get(m.id)).filter((p): p is Point => p !== undefined);
    const centre = points.length > 0 ? { x: points.reduce((s, p) => s + p.x, 0) / points.length, y: points.reduce((s, p) => s + p.y, 0) / points.length } : (this.positions.get(node.id) ?? { x: 0, y: 0 });
    const severities = members.map((m) => m.state.incidents.maxSeverity);
    const worst = severities.find((s) => s === 'critical') ?? severities.find(Boolean) ?? null;
    return {
      group: 'nodes',
      data: { id: node.id, label: `${node.label}\n${members.length} workload(s)` },
      classes: `${nodeClasses(node)} collapsed${worst ? ` sev-${worst}` : ''}${members.some((m) => m.state.isolated) ? ' isolated' : ''}`,
      position: { ...centre },
    };
  }

  private edgeElement(visual: VisualEdge, ids: Set<string>): ElementDefinition {
    return {
      group: 'edges',
      data: { id: visual.id, source: visual.source, target: visual.target, width: edgeWidth(visual.count), detail: edgeDetail(visual) },
      classes: this.edgeClassesAtLevel(visual),
      scratch: { [EDGE_KEEP]: ids },
    };
  }

  private edgeClassesAtLevel(visual: VisualEdge): string {
    return this.level === 'workload' ? `${edgeClasses(visual)} directed` : edgeClasses(visual);
  }

  private membersByNamespace(): Map<string, MapNode[]> {
    const members = new Map<string, MapNode[]>();
    for (const node of this.nodes.values()) {
      if (node.kind !== 'workload' || !node.parent) continue;
      let list = members.get(node.parent);
      if (!list) members.set(node.parent, (list = []));
      list.push(node);
    }
    return members;
  }

  private membersOf(namespaceId: string): MapNode[] {
    return [...this.nodes.values()].filter((n) => n.kind === 'workload' && n.parent === namespaceId);
  }

  /** Fits a namespace's box (or collapsed box) to its workloads after one arrived, left or moved. */
  private refreshBox(namespaceId: string): void {
    const node = this.nodes.get(namespaceId);
    const element = this.cy.getElementById(namespaceId);
    if (!node || element.empty()) return;
    const next = this.nodeElement(node, this.membersOf(namespaceId));
    element.data(next.data);
    if (next.position) element.position(next.position);
  }

  // ── focus ──────────────────────────────────────────────────────────────────────────────────

  private applyFocusClasses(): void {
    const focus = this.focus;
    this.cy.batch(() => {
      this.cy.elements().removeClass('dim focus blast exposure');
      if (!focus) return;
      const keepIds = new Set([...focus.nodes, ...focus.blastNodes, ...focus.exposureNodes]);
      this.cy.nodes().forEach((node) => {
        const id = node.id();
        if (focus.nodes.has(id)) node.addClass('focus');
        else if (!keepIds.has(id) && !node.hasClass('namespace')) node.addClass('dim');
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
  }

  // ── viewport and level of detail ───────────────────────────────────────────────────────────

  private isLarge(): boolean {
    return this.edges.size > LOD_MIN_EDGES;
  }

  /** Sets the level and region for the current zoom and view; true when the lines must be redrawn. */
  private chooseLevel(): boolean {
    const level = this.collapsed || (this.isLarge() && this.cy.zoom() < DETAIL_ZOOM) ? 'namespace' : 'workload';
    const changed = level !== this.level;
    this.level = level;
    if (level === 'workload' && this.isLarge()) {
      // The view and an eighth more on each side, so a short pan needs no new lines.
      const e = this.cy.extent();
      this.region = { x1: e.x1 - e.w / 8, y1: e.y1 - e.h / 8, x2: e.x2 + e.w / 8, y2: e.y2 + e.h / 8 };
    } else {
      this.region = null;
    }
    return changed;
  }

  /** Zoomed in on a large map: the lines with an end in the region (a line passing over it from afar is left out). */
  private inRegion(visual: Visual): boolean {
    const region = this.region;
    if (!region) return true;
    const inside = (p: Point | undefined) => !p || contains(region, p);
    return inside(this.positions.get(visual.source)) || inside(this.positions.get(visual.target));
  }

  private viewportChanged(): void {
    if (!this.isLarge() || this.collapsed) return;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => this.viewportSettled(), 150);
  }

  private viewportSettled(): void {
    this.settleTimer = null;
    const before = this.region;
    if (this.chooseLevel()) return this.drawEdges();
    if (this.level !== 'workload' || !this.region) return;
    // Still inside the region drawn: nothing to add.
    const e = this.cy.extent();
    if (before && e.x1 >= before.x1 && e.y1 >= before.y1 && e.x2 <= before.x2 && e.y2 <= before.y2) {
      this.region = before;
      return;
    }
    this.drawEdges(true);
  }

  private fitViewport(): { zoom: number; pan: Point } {
    const b = boundsOf(this.positions.values());
    if (!b) return { zoom: 1, pan: { x: 0, y: 0 } };
    // Half a cell around the outermost nodes for their shapes, labels and the namespace boxes.
    const [x1, y1, x2, y2] = [b.x1 - 100, b.y1 - 80, b.x2 + 100, b.y2 + 80];
    const width = this.cy.width() - 2 * FIT_PADDING;
    const height = this.cy.height() - 2 * FIT_PADDING;
    const zoom = Math.min(this.cy.maxZoom(), Math.max(this.cy.minZoom(), Math.min(width / (x2 - x1), height / (y2 - y1))));
    return { zoom, pan: { x: this.cy.width() / 2 - (zoom * (x1 + x2)) / 2, y: this.cy.height() / 2 - (zoom * (y1 + y2)) / 2 } };
  }

  // ── dragging ───────────────────────────────────────────────────────────────────────────────

  private moveNamespace(box: NodeSingular): void {
    if (this.collapsed) return;
    const last = box.scratch('cordonLast') as Point | undefined;
    const now = box.position();
    box.scratch('cordonLast', { ...now });
    if (!last) return;
    const dx = now.x - last.x;
    const dy = now.y - last.y;
    this.cy.batch(() => {
      for (const member of this.membersOf(box.id())) {
        const p = this.positions.get(member.id);
        if (!p) continue;
        const moved = { x: p.x + dx, y: p.y + dy };
        this.positions.set(member.id, moved);
        this.cy.getElementById(member.id).position(moved);
      }
    });
  }

  private nodeMoved(element: NodeSingular): void {
    this.positions.set(element.id(), { ...element.position() });
    const parent = this.nodes.get(element.id())?.parent;
    if (parent && !this.collapsed) this.refreshBox(parent);
  }
}

function contains(region: Rect, p: Point): boolean {
  return p.x >= region.x1 && p.x <= region.x2 && p.y >= region.y1 && p.y <= region.y2;
}

function keep(id: string, focus: Focus): boolean {
  return focus.blastNodes.has(id) || focus.exposureNodes.has(id);
}
