import { deepEqual, isPlainObject } from '../../util/json.js';
import { listStrategy } from './merge-keys.js';

/**
 * Field paths in the managedFields `FieldsV1` vocabulary: `f:<field>` for a map key,
 * `k:{"name":"web"}` for a keyed list element, `v:"x"` for a set member, `.` for "the element itself".
 */
export type FieldPath = readonly string[];

const SEPARATOR = '\u0001';
const IGNORED_METADATA = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds']);

export function pathKey(path: FieldPath): string {
  return path.join(SEPARATOR);
}

export function keyToPath(key: string): string[] {
  return key.split(SEPARATOR);
}

/** Every leaf field set in `obj` (status excluded: it belongs to the status subresource). */
export function collectFieldPaths(kind: string, obj: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  for (const [key, value] of Object.entries(obj)) {
    if (key === 'apiVersion' || key === 'kind' || key === 'status') continue;
    if (key === 'metadata' && isPlainObject(value)) {
      const meta = Object.fromEntries(Object.entries(value).filter(([k]) => !IGNORED_METADATA.has(k)));
      walk(kind, meta, ['f:metadata'], ['metadata'], out);
      continue;
    }
    walkValue(kind, value, [`f:${key}`], [key], out, key, []);
  }
  return out;
}

function walk(kind: string, obj: Record<string, unknown>, path: string[], keys: string[], out: Set<string>): void {
  for (const [key, value] of Object.entries(obj)) walkValue(kind, value, [...path, `f:${key}`], [...keys, key], out, key, keys);
}

function walkValue(kind: string, value: unknown, path: string[], keys: string[], out: Set<string>, field: string, parentKeys: string[]): void {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    walk(kind, value, path, keys, out);
  } else if (Array.isArray(value)) {
    const strategy = listStrategy(kind, parentKeys, field);
    if (!strategy) {
      out.add(pathKey(path));
      return;
    }
    for (const item of value) {
      if (strategy.mergeKey !== undefined && isPlainObject(item)) {
        const element = [...path, elementKey(item, strategy.listMapKeys ?? [strategy.mergeKey])];
        out.add(pathKey([...element, '.']));
        walk(kind, item, element, keys, out);
      } else {
        out.add(pathKey([...path, `v:${JSON.stringify(item)}`]));
      }
    }
  } else {
    out.add(pathKey(path));
  }
}

function elementKey(item: Record<string, unknown>, keys: readonly string[]): string {
  const id: Record<string, unknown> = {};
  for (const k of keys) if (item[k] !== undefined) id[k] = item[k];
  return `k:${JSON.stringify(id)}`;
}

export function toFieldsV1(paths: Iterable<string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const key of paths) {
    let node = root;
    for (const part of keyToPath(key)) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
  }
  return root;
}

export function fromFieldsV1(tree: unknown, prefix: string[] = [], out = new Set<string>()): Set<string> {
  if (!isPlainObject(tree)) return out;
  for (const [part, child] of Object.entries(tree)) {
    const path = [...prefix, part];
    if (isPlainObject(child) && Object.keys(child).length > 0) fromFieldsV1(child, path, out);
    else out.add(pathKey(path));
  }
  return out;
}

/** Navigates to the value a field path names; `undefined` if absent. */
export function valueAt(obj: unknown, path: FieldPath): unknown {
  let current: unknown = obj;
  for (const part of path) {
    if (part === '.') return current;
    if (part.startsWith('f:')) {
      if (!isPlainObject(current)) return undefined;
      current = current[part.slice(2)];
    } else if (part.startsWith('k:')) {
      if (!Array.isArray(current)) return undefined;
      const id = JSON.parse(part.slice(2)) as Record<string, unknown>;
      current = current.find((item) => isPlainObject(item) && Object.entries(id).every(([k, v]) => deepEqual(item[k], v)));
    } else if (part.startsWith('v:')) {
      if (!Array.isArray(current)) return undefined;
      const wanted = JSON.parse(part.slice(2)) as unknown;
      return current.some((item) => deepEqual(item, wanted)) ? wanted : undefined;
    }
  }
  return current;
}

/** Removes the field (or list element) a path names, in place. */
export function removeAt(obj: Record<string, unknown>, path: FieldPath): void {
  const last = path[path.length - 1];
  if (last === undefined) return;
  if (last === '.') {
    removeAt(obj, path.slice(0, -1));
    return;
  }
  const parent = valueAt(obj, path.slice(0, -1));
  if (last.startsWith('f:') && isPlainObject(parent)) delete parent[last.slice(2)];
  else if ((last.startsWith('k:') || last.startsWith('v:')) && Array.isArray(parent)) {
    const target = valueAt(obj, path);
    const index = parent.indexOf(target);
    if (index >= 0) parent.splice(index, 1);
  }
}

/** Leaf paths whose values differ between two versions of an object. */
export function changedFieldPaths(kind: string, before: Record<string, unknown> | undefined, after: Record<string, unknown>): Set<string> {
  const afterPaths = collectFieldPaths(kind, after);
  if (!before) return afterPaths;
  const changed = new Set<string>();
  for (const key of afterPaths) {
    const path = keyToPath(key);
    if (!deepEqual(valueAt(before, path), valueAt(after, path))) changed.add(key);
  }
  return changed;
}

/** `.spec.replicas`, `.spec.template.spec.containers[name="web"].image`: how conflicts name fields. */
export function describePath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (part.startsWith('f:')) out += `.${part.slice(2)}`;
    else if (part.startsWith('k:')) {
      const id = JSON.parse(part.slice(2)) as Record<string, unknown>;
      out += `[${Object.entries(id).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    } else if (part.startsWith('v:')) out += `[${part.slice(2)}]`;
  }
  return out;
}
