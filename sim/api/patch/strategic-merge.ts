import { errors } from '../status.js';
import { isPlainObject } from '../../util/json.js';
import { listStrategy } from './merge-keys.js';

type Obj = Record<string, unknown>;

/**
 * Strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch) for built-in kinds: maps
 * merge, null deletes, keyed lists merge element by element, `$patch: replace|delete|merge`,
 * `$deleteFromPrimitiveList/<field>` and `$retainKeys`; `$setElementOrder` is accepted and ignored.
 */
export function applyStrategicMergePatch(kind: string, original: Obj, patch: unknown): Obj {
  if (!isPlainObject(patch)) throw errors.badRequest('strategic merge patch body must be a JSON object');
  return mergeMap(kind, original, patch, []) ?? {};
}

function mergeMap(kind: string, original: Obj | undefined, patch: Obj, path: string[]): Obj | undefined {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') return stripDirectives(patch) as Obj;
  const result: Obj = { ...(original ?? {}) };
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value)) result[field] = current.filter((v) => !value.includes(v));
      continue;
    }
    if (value === null) {
      delete result[key];
    } else if (isPlainObject(value)) {
      const merged = mergeMap(kind, isPlainObject(result[key]) ? result[key] : undefined, value, [...path, key]);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else if (Array.isArray(value)) {
      result[key] = mergeList(kind, result[key], value, path, key);
    } else {
      result[key] = value;
    }
  }
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) {
    for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  }
  return result;
}

function mergeList(kind: string, original: unknown, patch: unknown[], path: string[], field: string): unknown[] {
  const strategy = listStrategy(kind, path, field);
  const replaceMarker = patch.some((p) => isPlainObject(p) && p.$patch === 'replace' && Object.keys(p).length === 1);
  if (!strategy || replaceMarker) {
    return patch.filter((p) => !(isPlainObject(p) && p.$patch === 'replace' && Object.keys(p).length === 1)).map(stripDirectives);
  }
  const current: unknown[] = Array.isArray(original) ? [...(original as unknown[])] : [];
  if (strategy.mergeKey === undefined) {
    // A set of primitives (finalizers): union, keeping the original order.
    for (const item of patch) if (!current.includes(item)) current.push(item);
    return current;
  }
  const key = strategy.mergeKey;
  for (const item of patch) {
    if (!isPlainObject(item)) {
      current.push(item);
      continue;
    }
    const index = current.findIndex((c) => isPlainObject(c) && c[key] === item[key]);
    if (item.$patch === 'delete') {
      if (index >= 0) current.splice(index, 1);
      continue;
    }
    if (item[key] === undefined) throw errors.badRequest(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`);
    const merged = mergeMap(kind, index >= 0 ? (current[index] as Obj) : undefined, item, [...path, field]);
    if (merged === undefined) {
      if (index >= 0) current.splice(index, 1);
    } else if (index >= 0) current[index] = merged;
    else current.push(merged);
  }
  return current;
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isPlainObject(value)) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$')) continue;
    out[k] = stripDirectives(v);
  }
  return out;
}
