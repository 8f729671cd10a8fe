import type { WriteContext } from './admission.js';
import type { Registry } from './registry.js';
import type { ResourceType } from './resources.js';
import { RESOURCE_TYPES } from './resources.js';
import { errors } from './status.js';
import type { StoredObject } from './types.js';
import { clone } from '../util/json.js';
import { rfc3339 } from '../util/time.js';

export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

export interface DeleteOptions {
  propagationPolicy?: PropagationPolicy;
  orphanDependents?: boolean;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export const OWNER_INDEX = 'owner-uid';

/** Which stored objects name `owner` in their ownerReferences (all types). */
export function dependentsOf(registry: Registry, owner: StoredObject): { type: ResourceType; object: StoredObject }[] {
  const out: { type: ResourceType; object: StoredObject }[] = [];
  for (const type of RESOURCE_TYPES) {
    for (const object of registry.store.byIndex(type, OWNER_INDEX, owner.metadata.uid)) out.push({ type, object });
  }
  return out;
}

/**
 * DELETE semantics: preconditions, graceful pod termination, finalizers, and the
 * propagation policy, which the garbage collector then carries out through the finalizers
 * `foregroundDeletion` and `orphan` exactly as the real one does.
 */
export function deleteObject(
  registry: Registry,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  options: DeleteOptions,
  ctx: WriteContext,
): StoredObject {
  const current = registry.get(type, namespace, name);
  const pre = options.preconditions;
  if (pre?.uid && pre.uid !== current.metadata.uid) {
    throw errors.conflict(type, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
    throw errors.conflict(type, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
  }
  registry.admitDelete(type, current, ctx);

  const policy: PropagationPolicy = options.propagationPolicy ?? (options.orphanDependents ? 'Orphan' : 'Background');
  const next = clone(current);
  const finalizers = new Set(next.metadata.finalizers ?? []);
  if (policy !== 'Background' && dependentsOf(registry, current).length > 0) {
    finalizers.add(policy === 'Orphan' ? 'orphan' : 'foregroundDeletion');
  }

  const grace = gracePeriodFor(type, current, options);
  if (current.metadata.deletionTimestamp) {
    // Already terminating: only a shorter grace period (e.g. --force) changes anything.
    if (grace === 0 && finalizers.size === 0 && !ctx.dryRun) return registry.store.remove(type, namespace, name) ?? current;
    if (finalizers.size === (current.metadata.finalizers ?? []).length) return current;
  }

  const isGracefulPod = type.kind === 'Pod' && grace > 0 && Boolean((current.spec as { nodeName?: string }).nodeName);
  const isNamespace = type.kind === 'Namespace';
  if (finalizers.size === 0 && !isGracefulPod && !isNamespace) {
    if (ctx.dryRun) return current;
    return registry.store.remove(type, namespace, name) ?? current;
  }

  next.metadata.finalizers = [...finalizers];
  if (next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
  next.metadata.deletionTimestamp ??= rfc3339(Date.now() + (isGracefulPod ? grace * 1000 : 0));
  next.metadata.deletionGracePeriodSeconds ??= isGracefulPod ? grace : 0;
  if (isNamespace) next.status = { ...(next.status as object), phase: 'Terminating' };
  if (ctx.dryRun) return next;
  return registry.store.update(type, next);
}

function gracePeriodFor(type: ResourceType, obj: StoredObject, options: DeleteOptions): number {
  if (options.gracePeriodSeconds !== undefined) return Math.max(0, options.gracePeriodSeconds);
  if (type.kind !== 'Pod') return 0;
  const spec = obj.spec as { terminationGracePeriodSeconds?: number };
  return spec.terminationGracePeriodSeconds ?? 30;
}
