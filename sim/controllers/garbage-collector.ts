import { deleteObject, dependentsOf } from '../api/deletion.js';
import { RESOURCE_TYPES, typeKey } from '../api/resources.js';
import type { ResourceType } from '../api/resources.js';
import type { StoredObject } from '../api/types.js';
import type { SimContext } from '../context.js';
import { clone } from '../util/json.js';
import { internalWrite } from './controller-kit.js';
import { WorkQueue } from './work-queue.js';

const COMPONENT = 'generic-garbage-collector';
const byKey = new Map(RESOURCE_TYPES.map((t) => [typeKey(t), t]));

/**
 * The garbage collector: dependents whose owners are gone are deleted (Background);
 * `foregroundDeletion` deletes dependents first and then releases the owner; `orphan` strips the
 * ownerReference from dependents and then releases the owner.
 */
export function startGarbageCollector(sim: SimContext, onError: (n: string, k: string, e: unknown) => void): WorkQueue {
  const queue = new WorkQueue(COMPONENT, reconcile, onError);
  const pending = new Map<string, { type: ResourceType; object: StoredObject; deleted: boolean }>();
  sim.store.subscribeAll((e) => {
    const type = byKey.get(e.typeKey);
    if (!type) return;
    const finalizers = e.object.metadata.finalizers ?? [];
    // A dependent changed or went away: its foreground owner may now be free to go.
    for (const ref of e.object.metadata.ownerReferences ?? []) if (pending.has(ref.uid)) queue.add(ref.uid);
    const interesting = e.type === 'DELETED' || (e.object.metadata.deletionTimestamp && (finalizers.includes('foregroundDeletion') || finalizers.includes('orphan')));
    if (!interesting) return;
    pending.set(e.object.metadata.uid, { type, object: e.object, deleted: e.type === 'DELETED' });
    queue.add(e.object.metadata.uid);
  });

  function reconcile(uid: string): void {
    const item = pending.get(uid);
    if (!item) return;
    const ctx = internalWrite(sim, COMPONENT);
    const dependents = dependentsOf(sim.registry, item.object);
    if (item.deleted) {
      pending.delete(uid);
      for (const d of dependents) {
        const liveOwners = (d.object.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
        if (liveOwners.length > 0 || d.object.metadata.deletionTimestamp) continue;
        deleteObject(sim.registry, d.type, d.object.metadata.namespace, d.object.metadata.name, { propagationPolicy: 'Background' }, ctx);
      }
      return;
    }
    const owner = sim.store.get(item.type, item.object.metadata.namespace, item.object.metadata.name);
    if (!owner || owner.metadata.uid !== uid) {
      pending.delete(uid);
      return;
    }
    const finalizers = owner.metadata.finalizers ?? [];
    if (finalizers.includes('orphan')) {
      for (const d of dependents) {
        const next = clone(d.object);
        next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
        if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
        sim.store.update(d.type, next);
      }
      release(item.type, owner, 'orphan');
      return;
    }
    if (finalizers.includes('foregroundDeletion')) {
      for (const d of dependents) {
        if (!d.object.metadata.deletionTimestamp) deleteObject(sim.registry, d.type, d.object.metadata.namespace, d.object.metadata.name, { propagationPolicy: 'Foreground' }, ctx);
      }
      const blocking = dependentsOf(sim.registry, owner).filter((d) => d.object.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion));
      if (blocking.length === 0) release(item.type, owner, 'foregroundDeletion');
    }
  }

  function release(type: ResourceType, owner: StoredObject, finalizer: string): void {
    pending.delete(owner.metadata.uid);
    const next = clone(owner);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    if (next.metadata.finalizers.length === 0) {
      sim.store.remove(type, owner.metadata.namespace, owner.metadata.name);
      return;
    }
    sim.store.update(type, next);
  }
  return queue;
}
