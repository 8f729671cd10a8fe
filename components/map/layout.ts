// A deterministic layout for the map, computed in one pass instead of a force simulation: a force
// layout of thousands of nodes takes seconds and moves everything when one node arrives. Namespaces
// are boxes packed in rows (sorted by name; the rows about as wide as a screen is wide compared to
// its height, so a large cluster fits the view), workloads sit on a grid inside their namespace,
// and external endpoints stand in a column to the left, the internet first. Live changes never move a
// node already placed: a node that arrives later takes the next slot of its namespace (placeNewNode).

export interface LayoutNode {
  id: string;
  kind: 'namespace' | 'workload' | 'external';
  parent: string | null;
  label: string;
}

export interface Point {
  x: number;
  y: number;
}

export const CELL = { width: 150, height: 70 } as const;
const NAMESPACE_PADDING = 40;
const NAMESPACE_GAP = 60;
const MIN_ROW_WIDTH = 4_000;
/** Width ÷ height the rows aim at (a wide screen). */
const ASPECT = 1.8;
const EXTERNAL_COLUMN_X = -260;

function columnsFor(count: number): number {
  return Math.max(1, Math.ceil(Math.sqrt(count * 1.6)));
}

/** Positions for workloads and externals (namespaces are compound nodes: their box follows their children). */
export function layoutGraph(nodes: LayoutNode[]): Map<string, Point> {
  const positions = new Map<string, Point>();
  const byNamespace = new Map<string, LayoutNode[]>();
  const externals: LayoutNode[] = [];
  for (const node of nodes) {
    if (node.kind === 'workload') {
      const key = node.parent ?? 'ns:';
      let list = byNamespace.get(key);
      if (!list) byNamespace.set(key, (list = []));
      list.push(node);
    } else if (node.kind === 'external') externals.push(node);
    else if (!byNamespace.has(node.id)) byNamespace.set(node.id, []);
  }

  // Namespaces in rows: shelf packing, left to right, then the next row.
  const sizes = new Map<string, { columns: number; width: number; height: number }>();
  let area = 0;
  for (const [namespace, members] of byNamespace) {
    const columns = columnsFor(members.length);
    const rows = Math.max(1, Math.ceil(members.length / columns));
    const size = { columns, width: columns * CELL.width + NAMESPACE_PADDING, height: rows * CELL.height + NAMESPACE_PADDING };
    sizes.set(namespace, size);
    area += (size.width + NAMESPACE_GAP) * (size.height + NAMESPACE_GAP);
  }
  const rowWidth = Math.max(MIN_ROW_WIDTH, Math.sqrt(area * ASPECT));
  let cursorX = 0;
  let cursorY = 0;
  let rowHeight = 0;
  for (const namespace of [...byNamespace.keys()].sort()) {
    const members = byNamespace.get(namespace)!.sort((a, b) => a.label.localeCompare(b.label));
    const { columns, width, height } = sizes.get(namespace)!;
    if (cursorX > 0 && cursorX + width > rowWidth) {
      cursorX = 0;
      cursorY += rowHeight + NAMESPACE_GAP;
      rowHeight = 0;
    }
    const origin = { x: cursorX + NAMESPACE_PADDING / 2 + CELL.width / 2, y: cursorY + NAMESPACE_PADDING / 2 + CELL.height / 2 };
    if (members.length === 0) positions.set(namespace, origin); // an empty namespace is a plain box
    members.forEach((member, slot) => {
      positions.set(member.id, { x: origin.x + (slot % columns) * CELL.width, y: origin.y + Math.floor(slot / columns) * CELL.height });
    });
    cursorX += width + NAMESPACE_GAP;
    rowHeight = Math.max(rowHeight, height);
  }

  const order = (node: LayoutNode) => (node.id === 'world' ? 0 : node.id === 'metadata' ? 1 : 2);
  externals.sort((a, b) => order(a) - order(b) || a.label.localeCompare(b.label));
  // Many externals stand in several columns (growing leftwards) no taller than the namespaces.
  const perColumn = Math.max(10, Math.floor((cursorY + rowHeight) / CELL.height));
  externals.forEach((node, index) => positions.set(node.id, { x: EXTERNAL_COLUMN_X - Math.floor(index / perColumn) * CELL.width, y: (index % perColumn) * CELL.height }));
  return positions;
}

/** Where a node that arrives later goes: next to its namespace's last member, or below the externals. */
export function placeNewNode(node: LayoutNode, existing: ReadonlyMap<string, Point>, siblings: Point[]): Point {
  if (node.kind === 'external') {
    const ys = [...existing.values()].filter((p) => p.x === EXTERNAL_COLUMN_X).map((p) => p.y); // the first column grows
    return { x: EXTERNAL_COLUMN_X, y: (ys.length ? Math.max(...ys) : -CELL.height) + CELL.height };
  }
  if (siblings.length === 0) {
    const maxY = Math.max(0, ...[...existing.values()].map((p) => p.y));
    return { x: CELL.width / 2 + NAMESPACE_PADDING / 2, y: maxY + CELL.height * 2 + NAMESPACE_GAP };
  }
  const minX = Math.min(...siblings.map((p) => p.x));
  const maxX = Math.max(...siblings.map((p) => p.x));
  const maxY = Math.max(...siblings.map((p) => p.y));
  const lastRow = siblings.filter((p) => p.y === maxY);
  const rightmost = Math.max(...lastRow.map((p) => p.x));
  return rightmost + CELL.width <= maxX ? { x: rightmost + CELL.width, y: maxY } : { x: minX, y: maxY + CELL.height };
}

/** A namespace's box: its centre and size. */
export interface Box extends Point {
  width: number;
  height: number;
}

/**
 * The box drawn for a namespace around its workloads' positions. Namespaces are plain nodes drawn
 * behind their workloads, not Cytoscape compound nodes: with compound nodes every style property
 * applied to any element walks its parents, descendants and their edges, which alone took seconds
 * on a cluster of 3,000 workloads.
 */
export function namespaceBox(members: Iterable<Point>): Box | null {
  const b = boundsOf(members);
  if (!b) return null;
  // Room for the workloads' labels below them, as the compound node's padding gave.
  return { x: (b.x1 + b.x2) / 2, y: (b.y1 + b.y2) / 2 + 10, width: b.x2 - b.x1 + CELL.width, height: b.y2 - b.y1 + CELL.height + 20 };
}

/** The smallest rectangle holding these points; null when there are none. */
export function boundsOf(points: Iterable<Point>): { x1: number; y1: number; x2: number; y2: number } | null {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const p of points) {
    x1 = Math.min(x1, p.x);
    y1 = Math.min(y1, p.y);
    x2 = Math.max(x2, p.x);
    y2 = Math.max(y2, p.y);
  }
  return x1 === Infinity ? null : { x1, y1, x2, y2 };
}
