import type { ManagedFieldsEntry, StoredObject } from '../types.js';
import { errors } from '../status.js';
import type { ResourceType } from '../resources.js';
import { deepEqual } from '../../util/json.js';
import { rfc3339 } from '../../util/time.js';
import { changedFieldPaths, collectFieldPaths, describePath, fromFieldsV1, keyToPath, removeAt, toFieldsV1, valueAt } from './field-set.js';
import { applyStrategicMergePatch } from './strategic-merge.js';

export interface ApplyResult {
  object: Record<string, unknown>;
}

/**
 * Server-side apply, simplified: the applied configuration is merged into the live object by the
 * built-in list keys; fields this manager applied before and no longer applies are removed unless
 * another manager also owns them; conflicts are detected against other *Apply* managers only
 * (fields last written by Update operations are transferred silently, as with force=true).
 */
export function serverSideApply(
  type: ResourceType,
  live: StoredObject | undefined,
  applied: Record<string, unknown>,
  manager: string,
  force: boolean,
): ApplyResult {
  const kind = type.kind;
  const apiVersion = type.group ? `${type.group}/${type.version}` : type.version;
  const appliedPaths = collectFieldPaths(kind, applied);
  const entries = (live?.metadata.managedFields ?? []).map((e) => ({ ...e, paths: fromFieldsV1(e.fieldsV1) }));

  if (live) {
    const conflicts: { manager: string; path: string }[] = [];
    for (const entry of entries) {
      if (entry.manager === manager || entry.operation !== 'Apply') continue;
      for (const key of appliedPaths) {
        if (!entry.paths.has(key) || key.endsWith('.')) continue;
        const path = keyToPath(key);
        if (!deepEqual(valueAt(live, path), valueAt(applied, path))) conflicts.push({ manager: entry.manager, path: key });
      }
    }
    if (conflicts.length > 0 && !force) throw conflictError(type, live.metadata.name, conflicts, apiVersion);
    for (const c of conflicts) for (const entry of entries) if (entry.manager === c.manager) entry.paths.delete(c.path);
  }

  const appliedBody = structuredClone(applied);
  delete (appliedBody as { status?: unknown }).status;
  const merged = live ? applyStrategicMergePatch(kind, structuredClone(live), appliedBody) : appliedBody;

  const previous = entries.find((e) => e.manager === manager && e.operation === 'Apply');
  if (previous) {
    const ownedElsewhere = new Set<string>();
    for (const e of entries) if (e !== previous) for (const p of e.paths) ownedElsewhere.add(p);
    const dropped = [...previous.paths].filter((p) => !appliedPaths.has(p) && !ownedElsewhere.has(p));
    // Deepest first, so removing a list element does not strand a removal of one of its fields.
    dropped.sort((a, b) => keyToPath(b).length - keyToPath(a).length);
    for (const key of dropped) removeAt(merged, keyToPath(key));
  }

  const now = rfc3339();
  const others = entries.filter((e) => !(e.manager === manager && e.operation === 'Apply') && e.paths.size > 0);
  const managedFields: ManagedFieldsEntry[] = [
    ...others.map((e) => toEntry(e.manager, e.operation, e.apiVersion, e.time, e.paths, e.subresource)),
    toEntry(manager, 'Apply', apiVersion, now, appliedPaths),
  ];
  (merged.metadata as Record<string, unknown>).managedFields = managedFields;
  return { object: merged };
}

/** Records an Update operation: the manager now owns what it changed, taken from everyone else. */
export function recordUpdate(
  type: ResourceType,
  before: StoredObject | undefined,
  after: StoredObject,
  manager: string,
  subresource?: string,
): void {
  const kind = type.kind;
  const apiVersion = type.group ? `${type.group}/${type.version}` : type.version;
  const changed = changedFieldPaths(kind, before, after);
  if (changed.size === 0 && before) {
    after.metadata.managedFields = before.metadata.managedFields;
    return;
  }
  const entries = (before?.metadata.managedFields ?? []).map((e) => ({ ...e, paths: fromFieldsV1(e.fieldsV1) }));
  for (const e of entries) if (e.manager !== manager || e.operation !== 'Update') for (const p of changed) e.paths.delete(p);
  const mine = entries.find((e) => e.manager === manager && e.operation === 'Update' && e.subresource === subresource);
  const mergedPaths = new Set([...(mine?.paths ?? []), ...changed]);
  const now = rfc3339();
  const result = entries.filter((e) => e !== mine && e.paths.size > 0).map((e) => toEntry(e.manager, e.operation, e.apiVersion, e.time, e.paths, e.subresource));
  result.push(toEntry(manager, 'Update', apiVersion, now, mergedPaths, subresource));
  after.metadata.managedFields = result;
}

function toEntry(manager: string, operation: 'Apply' | 'Update', apiVersion: string, time: string, paths: Set<string>, subresource?: string): ManagedFieldsEntry {
  const entry: ManagedFieldsEntry = { manager, operation, apiVersion, time, fieldsType: 'FieldsV1', fieldsV1: toFieldsV1(paths) };
  if (subresource) entry.subresource = subresource;
  return entry;
}

function conflictError(type: ResourceType, name: string, conflicts: { manager: string; path: string }[], apiVersion: string) {
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with "${c.manager}" using ${apiVersion}`, field: describePath(keyToPath(c.path)) }));
  const head = conflicts.length === 1 ? 'Apply failed with 1 conflict' : `Apply failed with ${conflicts.length} conflicts`;
  const managers = [...new Set(conflicts.map((c) => c.manager))];
  const body =
    conflicts.length === 1
      ? `${head}: conflict with "${conflicts[0]?.manager}" using ${apiVersion}: ${causes[0]?.field}`
      : `${head}: conflicts with ${managers.map((m) => `"${m}"`).join(', ')} using ${apiVersion}:\n${causes.map((c) => `- ${c.field}`).join('\n')}`;
  const err = errors.conflict(type, name);
  err.status.message = body;
  err.status.details = { ...err.status.details, causes };
  return err;
}
