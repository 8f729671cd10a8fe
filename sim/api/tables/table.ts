import type { StoredObject } from '../types.js';
import { columnsFor } from './columns.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableRow {
  cells: unknown[];
  object?: unknown;
}

export function partialObjectMetadata(obj: StoredObject): Record<string, unknown> {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/** meta.k8s.io/v1 Table, what `kubectl get` asks for and prints. */
export function toTable(kind: string, objects: StoredObject[], listMeta: Record<string, unknown>, include: IncludeObject, withColumns = true): Record<string, unknown> {
  const columns = columnsFor(kind);
  const now = Date.now();
  const rows: TableRow[] = objects.map((obj) => {
    const row: TableRow = { cells: columns.map((c) => c.cell(obj, now)) };
    if (include === 'Metadata') row.object = partialObjectMetadata(obj);
    else if (include === 'Object') row.object = obj;
    return row;
  });
  const table: Record<string, unknown> = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: listMeta };
  if (withColumns) {
    table.columnDefinitions = columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description ?? '', priority: c.priority ?? 0 }));
  } else table.columnDefinitions = null;
  table.rows = rows;
  return table;
}

export type ResponseShape = 'object' | 'table' | 'partial';

/** Reads the Accept header the way the API server negotiates Table and PartialObjectMetadata. */
export function negotiateShape(accept: string | undefined): ResponseShape {
  if (!accept) return 'object';
  for (const clause of accept.split(',')) {
    const params = clause.split(';').map((p) => p.trim());
    const as = params.find((p) => p.startsWith('as='))?.slice(3);
    const group = params.find((p) => p.startsWith('g='))?.slice(2);
    const version = params.find((p) => p.startsWith('v='))?.slice(2);
    if (group !== 'meta.k8s.io' || (version !== 'v1' && version !== 'v1beta1')) continue;
    if (as === 'Table') return 'table';
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return 'partial';
  }
  return 'object';
}
