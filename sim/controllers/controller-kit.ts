import type { WriteContext } from '../api/admission.js';
import type { OwnerReference, StoredObject } from '../api/types.js';
import type { SimContext } from '../context.js';
import { rfc3339 } from '../util/time.js';

export function internalWrite(sim: SimContext, component: string): WriteContext {
  return { user: sim.controllerUser(component), dryRun: false };
}

/** creationTimestamp for objects a controller makes: backdated during bootstrap. */
export function creationTime(sim: SimContext): string | undefined {
  if (!sim.phase.bootstrapping) return undefined;
  return rfc3339(sim.phase.bootstrapStartedMs - 3 * 86_400_000 + Math.floor(sim.random.next() * 3_600_000));
}

export function controllerRef(owner: StoredObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
}

export function controllerOf(obj: StoredObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}

export function isTerminating(obj: StoredObject): boolean {
  return Boolean(obj.metadata.deletionTimestamp);
}

export function keyOf(obj: StoredObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

/**
 * A copy of `obj` with a new status, sharing everything else. Stored objects are never mutated,
 * so this is enough (and far cheaper than a deep clone) for status writes.
 */
export function withStatus<T extends StoredObject>(obj: T, status: unknown): T {
  return { ...obj, metadata: { ...obj.metadata }, status };
}
