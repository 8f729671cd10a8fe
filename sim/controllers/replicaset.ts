import { deleteObject, OWNER_INDEX } from '../api/deletion.js';
import { K } from '../api/known-types.js';
import type { Pod, Workload } from '../api/types.js';
import type { SimContext } from '../context.js';
import { deepEqual } from '../util/json.js';
import { controllerOf, internalWrite, isTerminating, keyOf, withStatus } from './controller-kit.js';
import { createPodFromTemplate, desiredReplicas, isPodActive, isPodReady, recordEvent } from './pod-helpers.js';
import { splitKey, WorkQueue } from './work-queue.js';

const COMPONENT = 'replicaset-controller';

/** Pods a controller owns (by controller ownerReference), still counted as replicas. */
export function activePodsOf(sim: SimContext, ownerUid: string): Pod[] {
  return (sim.store.byIndex(K.Pod, OWNER_INDEX, ownerUid) as Pod[]).filter((p) => isPodActive(p) && controllerOf(p)?.uid === ownerUid);
}

/** Deletion order of the real controller: unscheduled, pending, not ready, then the youngest. */
function deletionRank(pod: Pod): number[] {
  return [pod.spec.nodeName ? 1 : 0, pod.status?.phase === 'Running' ? 1 : 0, isPodReady(pod) ? 1 : 0, -Date.parse(pod.metadata.creationTimestamp)];
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if ((a[i] as number) !== (b[i] as number)) return (a[i] as number) - (b[i] as number);
  return 0;
}

export function startReplicaSetController(sim: SimContext, onError: (n: string, k: string, e: unknown) => void): WorkQueue {
  const queue = new WorkQueue(COMPONENT, reconcile, onError);
  sim.store.subscribe(K.ReplicaSet, (e) => queue.add(keyOf(e.object)));
  sim.store.subscribe(K.Pod, (e) => {
    const owner = controllerOf(e.object);
    if (owner?.kind === 'ReplicaSet') queue.add(`${e.object.metadata.namespace}/${owner.name}`);
  });

  function reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const rs = sim.store.get(K.ReplicaSet, namespace, name) as Workload | undefined;
    if (!rs || isTerminating(rs)) return;
    const pods = activePodsOf(sim, rs.metadata.uid);
    const desired = desiredReplicas(rs);
    if (pods.length < desired) {
      for (let i = pods.length; i < desired; i++) {
        const pod = createPodFromTemplate(sim, rs, rs.spec.template, COMPONENT, { generateName: `${rs.metadata.name}-` }, {});
        recordEvent(sim, rs, 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, COMPONENT);
        pods.push(pod);
      }
    } else if (pods.length > desired) {
      const victims = [...pods].sort((a, b) => compareRank(deletionRank(a), deletionRank(b))).slice(0, pods.length - desired);
      for (const pod of victims) {
        deleteObject(sim.registry, K.Pod, pod.metadata.namespace, pod.metadata.name, {}, internalWrite(sim, COMPONENT));
        recordEvent(sim, rs, 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, COMPONENT);
      }
    }
    const current = activePodsOf(sim, rs.metadata.uid);
    const ready = current.filter(isPodReady).length;
    const status = {
      replicas: current.length,
      fullyLabeledReplicas: current.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    if (!deepEqual(rs.status, status)) sim.store.update(K.ReplicaSet, withStatus(rs, status));
  }
  return queue;
}
