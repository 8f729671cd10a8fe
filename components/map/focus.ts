// What "focus an incident" shows, computed on the map's data (no Cytoscape needed, so it is tested
// as plain functions): the incident's nodes, its blast radius (what the compromised workloads
// talked to, and what reached them) and the exposure path (how the internet gets to them).
import type { MapEdge, MapNode } from '@/lib/map/types';

export interface Focus {
  nodes: Set<string>;
  blastEdges: Set<string>;
  blastNodes: Set<string>;
  exposureEdges: Set<string>;
  exposureNodes: Set<string>;
  /** The internet reaches a focused node through a Service or Ingress (no flow needed). */
  exposedDirectly: string[];
}

const INTERNET = 'world';

export function focusIncident(incidentId: number, nodes: MapNode[], edges: MapEdge[]): Focus {
  const focused = new Set(nodes.filter((n) => n.state.incidents.ids.includes(incidentId)).map((n) => n.id));
  return focusNodes(focused, nodes, edges);
}

export function focusNodes(focused: Set<string>, nodes: MapNode[], edges: MapEdge[]): Focus {
  const blastEdges = new Set<string>();
  const blastNodes = new Set<string>();
  for (const edge of edges) {
    if (edge.verdict !== 'forwarded') continue;
    if (focused.has(edge.source) || focused.has(edge.target)) {
      blastEdges.add(edge.id);
      blastNodes.add(edge.source);
      blastNodes.add(edge.target);
    }
  }
  for (const id of focused) blastNodes.delete(id);

  // Exposure: shortest paths over allowed flows from the internet (and from every node exposed by
  // a Service or Ingress, which the internet reaches without a flow being seen) to a focused node.
  const exposed = nodes.filter((n) => n.state.exposure.length > 0).map((n) => n.id);
  const exposedDirectly = exposed.filter((id) => focused.has(id));
  const incoming = new Map<string, MapEdge[]>();
  for (const edge of edges) {
    if (edge.verdict !== 'forwarded') continue;
    let list = incoming.get(edge.target);
    if (!list) incoming.set(edge.target, (list = []));
    list.push(edge);
  }
  // Breadth-first from the focused nodes backwards, so every path found ends at one of them.
  const via = new Map<string, MapEdge | null>();
  const queue: string[] = [];
  for (const id of focused) {
    via.set(id, null);
    queue.push(id);
  }
  const entries = new Set([INTERNET, ...exposed]);
  const reachedEntries: string[] = [];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (entries.has(id)) reachedEntries.push(id);
    for (const edge of incoming.get(id) ?? []) {
      if (via.has(edge.source)) continue;
      via.set(edge.source, edge);
      queue.push(edge.source);
    }
  }
  const exposureEdges = new Set<string>();
  const exposureNodes = new Set<string>();
  for (const entry of reachedEntries) {
    let current: string | undefined = entry;
    while (current !== undefined) {
      exposureNodes.add(current);
      const edge = via.get(current);
      if (!edge) break;
      exposureEdges.add(edge.id);
      current = edge.target;
    }
  }
  return { nodes: focused, blastEdges, blastNodes, exposureEdges, exposureNodes, exposedDirectly };
}
