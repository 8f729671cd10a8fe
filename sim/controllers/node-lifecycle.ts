import { deleteObject } from '../api/deletion.js';
import { K } from '../api/known-types.js';
import type { NodeObject, Pod, Taint } from '../api/types.js';
import type { SimContext } from '../context.js';
import { clone } from '../util/json.js';
import { rfc3339 } from '../util/time.js';
import { internalWrite, isTerminating } from './controller-kit.js';
import { recordEvent } from './pod-helpers.js';
import { NODE_INDEX } from './scheduler.js';
import { tolerates } from './scheduling.js';
import { WorkQueue } from './work-queue.js';

const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';

/**
 * Node lifecycle: mirrors `spec.unschedulable` as the node.kubernetes.io/unschedulable:NoSchedule
 * taint (cordon/uncordon), and evicts pods that do not tolerate a NoExecute taint. Cordoning
 * alone never evicts anything, as on a real cluster.
 */
export function startNodeLifecycleController(sim: SimContext, onError: (n: string, k: string, e: unknown) => void): WorkQueue {
  const queue = new WorkQueue('node-lifecycle-controller', reconcile, onError);
  sim.store.subscribe(K.Node, (e) => {
    if (e.type !== 'DELETED') queue.add(e.object.metadata.name);
  });

  function reconcile(name: string): void {
    const node = sim.store.get(K.Node, undefined, name) as NodeObject | undefined;
    if (!node) return;
    const taints = node.spec.taints ?? [];
    const hasTaint = taints.some((t) => t.key === UNSCHEDULABLE_TAINT && t.effect === 'NoSchedule');
    const cordoned = Boolean(node.spec.unschedulable);
    if (cordoned !== hasTaint) {
      const next = clone(node);
      next.spec.taints = cordoned ? [...taints, { key: UNSCHEDULABLE_TAINT, effect: 'NoSchedule', timeAdded: rfc3339() }] : taints.filter((t) => t.key !== UNSCHEDULABLE_TAINT);
      if (next.spec.taints.length === 0) delete next.spec.taints;
      sim.store.update(K.Node, next);
      recordEvent(sim, next, cordoned ? 'NodeNotSchedulable' : 'NodeSchedulable', `Node ${name} status is now: ${cordoned ? 'NodeNotSchedulable' : 'NodeSchedulable'}`, 'kubelet', 'Normal', name);
      return;
    }
    const noExecute = taints.filter((t): t is Taint => t.effect === 'NoExecute');
    if (noExecute.length === 0) return;
    for (const pod of sim.store.byIndex(K.Pod, NODE_INDEX, name) as Pod[]) {
      if (isTerminating(pod) || noExecute.every((t) => tolerates(pod.spec.tolerations, t))) continue;
      recordEvent(sim, pod, 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`, 'taint-eviction-controller');
      deleteObject(sim.registry, K.Pod, pod.metadata.namespace, pod.metadata.name, {}, internalWrite(sim, 'taint-eviction-controller'));
    }
  }
  return queue;
}
