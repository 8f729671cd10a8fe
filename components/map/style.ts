// The map's look. Colours follow the console's palette; severity is the fill, isolation a dashed
// grey border, internet exposure a sky outline, privilege a double border, new things amber.
import type { StylesheetJson } from 'cytoscape';

const SEVERITY: Record<string, string> = { critical: '#e11d48', high: '#f97316', medium: '#eab308', low: '#38bdf8', info: '#64748b' };

export const MAP_STYLE: StylesheetJson = [
  { selector: 'node', style: { 'background-color': '#1e293b', 'border-width': 1, 'border-color': '#475569' } },
  // Labels: every style property costs each element it applies to (~10 µs a node here), and a
  // workload's name is legible only from zoom ~0.65 (11 px, hidden below 7): on large maps a workload
  // is labelled once it is in view at the detail zoom (canvas.ts), not all 3,000 at load.
  {
    selector: 'node.namespace, node.external, node.labelled',
    style: {
      label: 'data(label)',
      color: '#cbd5e1',
      'font-size': 11,
      'text-wrap': 'wrap',
      'text-max-width': '130px',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'min-zoomed-font-size': 7,
    },
  },
  {
    selector: 'node.namespace',
    style: {
      shape: 'round-rectangle',
      'background-color': '#0f172a',
      'background-opacity': 0.6,
      'border-color': '#334155',
      'text-valign': 'top',
      'text-halign': 'center',
      'text-margin-y': -4,
      'font-size': 14,
      'font-weight': 'bold',
      color: '#94a3b8',
      // A plain node behind its workloads (not a compound node: see namespaceBox in layout.ts).
      'z-compound-depth': 'bottom',
    },
  },
  { selector: 'node.namespace[w]', style: { width: 'data(w)', height: 'data(h)' } },
  { selector: 'node.namespace.collapsed', style: { width: 90, height: 50, 'text-valign': 'center', 'text-margin-y': 0, 'background-color': '#1e293b' } },
  { selector: 'node.workload', style: { shape: 'round-rectangle', width: 34, height: 22 } },
  { selector: 'node.external', style: { shape: 'diamond', width: 22, height: 22, 'background-color': '#334155' } },
  { selector: 'node.world', style: { shape: 'star', width: 36, height: 36, 'background-color': '#0ea5e9' } },
  ...Object.entries(SEVERITY).map(([severity, color]) => ({ selector: `node.sev-${severity}`, style: { 'background-color': color } })),
  { selector: 'node.isolated', style: { 'border-width': 3, 'border-style': 'dashed' as const, 'border-color': '#94a3b8', 'background-opacity': 0.55 } },
  { selector: 'node.exposed', style: { 'outline-width': 3, 'outline-color': '#38bdf8', 'outline-offset': 2 } },
  { selector: 'node.privileged', style: { 'border-width': 4, 'border-style': 'double' as const, 'border-color': '#f472b6' } },
  { selector: 'node.unknown-registry', style: { 'border-color': '#fbbf24' } },
  { selector: 'node.new', style: { 'underlay-color': '#f59e0b', 'underlay-opacity': 0.35, 'underlay-padding': 6 } },
  // Every style property costs per element when a large map is drawn: lines between namespaces
  // (large maps zoomed out, where arrows would be a pixel) keep Cytoscape's cheapest defaults
  // (haystack: straight, centre to centre, no arrow); lines between workloads are directed.
  { selector: 'edge', style: { width: 'data(width)', 'line-color': '#64748b', 'line-opacity': 0.55 } },
  {
    selector: 'edge.directed',
    style: { 'curve-style': 'straight', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#64748b', 'arrow-scale': 0.7 },
  },
  { selector: 'edge.dropped', style: { 'line-color': '#f43f5e', 'target-arrow-color': '#f43f5e', 'line-style': 'dashed', 'line-opacity': 0.85 } },
  { selector: 'edge.new', style: { 'line-color': '#f59e0b', 'target-arrow-color': '#f59e0b', 'line-opacity': 0.9 } },
  { selector: 'edge.dropped.new', style: { 'line-color': '#f43f5e', 'target-arrow-color': '#f43f5e' } },
  // Focus: everything else dims; the blast radius and the exposure path stand out.
  { selector: '.dim', style: { opacity: 0.15 } },
  { selector: 'node.focus', style: { 'overlay-color': '#f43f5e', 'overlay-opacity': 0.25, 'overlay-padding': 8, 'z-index': 20 } },
  { selector: 'edge.blast', style: { 'line-color': '#fb7185', 'target-arrow-color': '#fb7185', 'line-opacity': 1, 'z-index': 10 } },
  { selector: 'edge.exposure', style: { 'line-color': '#38bdf8', 'target-arrow-color': '#38bdf8', 'line-opacity': 1, width: 4, 'z-index': 11 } },
  { selector: 'edge.hover, edge:selected', style: { label: 'data(detail)', 'font-size': 10, color: '#e2e8f0', 'text-background-color': '#0f172a', 'text-background-opacity': 0.9, 'text-background-padding': '2px' } },
  { selector: 'node:selected', style: { 'overlay-color': '#38bdf8', 'overlay-opacity': 0.3, 'overlay-padding': 6 } },
  { selector: 'node.changed', style: { 'underlay-color': '#38bdf8', 'underlay-opacity': 0.6, 'underlay-padding': 10 } },
  { selector: 'edge.changed', style: { 'line-opacity': 1, 'underlay-color': '#38bdf8', 'underlay-opacity': 0.4, 'underlay-padding': 4 } },
  { selector: '.filtered', style: { display: 'none' } },
];
