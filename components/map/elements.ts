// From the map's data to what Cytoscape draws. Edges are drawn one per source → target and verdict
// (the ports they carry are listed on it), so a pair of workloads talking on three ports is one
// line, not three on top of each other.
import type { MapEdge, MapNode } from '@/lib/map/types';

export interface VisualEdge {
  id: string;
  source: string;
  target: string;
  verdict: MapEdge['verdict'];
  count: number;
  ports: string[];
  lastSeenAt: string;
  isNew: boolean;
}

export const visualEdgeId = (edge: Pick<MapEdge, 'source' | 'target' | 'verdict'>) => `${edge.source}>${edge.target}>${edge.verdict}`;

/** One line for these raw edges; `endpoints` draws it between other nodes (their namespaces, say). */
export function aggregate(members: MapEdge[], endpoints?: { source: string; target: string }): VisualEdge | null {
  const first = members[0];
  if (!first) return null;
  let count = 0;
  let lastSeenAt = first.lastSeenAt;
  let isNew = false;
  const ports = new Set<string>();
  for (const edge of members) {
    count += edge.count;
    if (edge.lastSeenAt > lastSeenAt) lastSeenAt = edge.lastSeenAt;
    isNew ||= edge.new;
    ports.add(`${edge.protocol.toLowerCase()}/${edge.port}`);
  }
  const { source, target } = endpoints ?? first;
  return { id: visualEdgeId({ source, target, verdict: first.verdict }), source, target, verdict: first.verdict, count, ports: [...ports].sort(), lastSeenAt, isNew };
}

export function edgeDetail(visual: VisualEdge): string {
  return `${visual.ports.slice(0, 4).join(', ')}${visual.ports.length > 4 ? '…' : ''} · ${visual.count} · ${visual.verdict}`;
}

export function edgeClasses(visual: VisualEdge): string {
  return `${visual.verdict}${visual.isNew ? ' new' : ''}`;
}

export function nodeClasses(node: MapNode): string {
  const classes: string[] = [node.kind];
  if (node.id === 'world') classes.push('world');
  const { state } = node;
  if (state.incidents.maxSeverity) classes.push(`sev-${state.incidents.maxSeverity}`);
  if (state.isolated) classes.push('isolated');
  if (state.exposure.length > 0) classes.push('exposed');
  if (state.privileged || state.wideServiceAccount) classes.push('privileged');
  if (state.unknownRegistries.length > 0) classes.push('unknown-registry');
  if (state.new) classes.push('new');
  return classes.join(' ');
}

/** The short markers under a workload's name; the side panel says the rest. */
export function nodeLabel(node: MapNode): string {
  const name = node.id === 'world' ? 'internet' : node.id === 'metadata' ? 'cloud metadata 169.254.169.254' : node.label;
  if (node.kind !== 'workload') return name;
  const marks: string[] = [];
  if (node.state.incidents.open > 0) marks.push(`${node.state.incidents.open} incident${node.state.incidents.open > 1 ? 's' : ''}`);
  if (node.state.isolated) marks.push('isolated');
  if (node.state.exposure.length > 0) marks.push('exposed');
  if (node.state.privileged) marks.push('privileged');
  if (node.state.wideServiceAccount) marks.push('wide SA');
  if (node.state.unknownRegistries.length > 0) marks.push('unknown registry');
  return marks.length > 0 ? `${name}\n${marks.join(' · ')}` : name;
}

export function edgeWidth(count: number): number {
  return Math.min(8, 1 + Math.log10(Math.max(1, count)) * 1.5);
}
