import { deleteObject, OWNER_INDEX } from '../api/deletion.js';
import { K } from '../api/known-types.js';
import type { Pod, Workload } from '../api/types.js';
import type { SimContext } from '../context.js';
import { deepEqual } from '../util/json.js';
import { controllerOf, internalWrite, isTerminating, keyOf, withStatus } from './controller-kit.js';
import { createPodFromTemplate, desiredReplicas, isPodReady, recordEvent, templateHash } from './pod-helpers.js';
import { splitKey, WorkQueue } from './work-queue.js';

const COMPONENT = 'statefulset-controller';

/**
 * StatefulSet pods `<name>-0..n-1`, created in order (OrderedReady: the next only once the
 * previous is Running and Ready), removed from the highest ordinal, and rolled one at a time.
 */
export function startStatefulSetController(sim: SimContext, onError: (n: string, k: string, e: unknown) => void): WorkQueue {
  const queue = new WorkQueue(COMPONENT, reconcile, onError);
  sim.store.subscribe(K.StatefulSet, (e) => queue.add(keyOf(e.object)));
  sim.store.subscribe(K.Pod, (e) => {
    const owner = controllerOf(e.object);
    if (owner?.kind === 'StatefulSet') queue.add(`${e.object.metadata.namespace}/${owner.name}`);
  });

  function reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const sts = sim.store.get(K.StatefulSet, namespace, name) as Workload | undefined;
    if (!sts || isTerminating(sts)) return;
    const revision = `${sts.metadata.name}-${templateHash(sts.spec.template)}`;
    const pods = (sim.store.byIndex(K.Pod, OWNER_INDEX, sts.metadata.uid) as Pod[]).filter((p) => controllerOf(p)?.uid === sts.metadata.uid);
    const byOrdinal = new Map<number, Pod>();
    for (const p of pods) byOrdinal.set(Number(p.metadata.name.slice(sts.metadata.name.length + 1)), p);
    const desired = desiredReplicas(sts);
    const parallel = sts.spec.podManagementPolicy === 'Parallel' || sim.phase.bootstrapping;

    let busy = false;
    for (let ordinal = 0; ordinal < desired; ordinal++) {
      const pod = byOrdinal.get(ordinal);
      if (!pod) {
        if (busy && !parallel) break;
        const podName = `${sts.metadata.name}-${ordinal}`;
        createPodFromTemplate(sim, sts, sts.spec.template, COMPONENT, { name: podName }, {
          'controller-revision-hash': revision,
          'statefulset.kubernetes.io/pod-name': podName,
          'apps.kubernetes.io/pod-index': String(ordinal),
        }, { hostname: podName, subdomain: sts.spec.serviceName as string | undefined });
        recordEvent(sim, sts, 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${sts.metadata.name} successful`, COMPONENT);
        busy = true;
        continue;
      }
      if (!isPodReady(pod) || isTerminating(pod)) busy = true;
    }
    // Scale down from the highest ordinal, one at a time.
    const extra = [...byOrdinal.entries()].filter(([o, p]) => o >= desired && !isTerminating(p)).sort((a, b) => b[0] - a[0]);
    const firstExtra = extra[0];
    if (firstExtra && (parallel || !pods.some((p) => isTerminating(p)))) {
      for (const [, pod] of parallel ? extra : [firstExtra]) {
        deleteObject(sim.registry, K.Pod, pod.metadata.namespace, pod.metadata.name, {}, internalWrite(sim, COMPONENT));
        recordEvent(sim, sts, 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name} successful`, COMPONENT);
      }
    }
    // Rolling update: replace the highest-ordinal pod still on the old revision, once all are ready.
    if (!busy && extra.length === 0) {
      const stale = [...byOrdinal.entries()].filter(([o, p]) => o < desired && p.metadata.labels?.['controller-revision-hash'] !== revision && !isTerminating(p)).sort((a, b) => b[0] - a[0])[0];
      if (stale) deleteObject(sim.registry, K.Pod, stale[1].metadata.namespace, stale[1].metadata.name, {}, internalWrite(sim, COMPONENT));
    }
    const live = (sim.store.byIndex(K.Pod, OWNER_INDEX, sts.metadata.uid) as Pod[]).filter((p) => !isTerminating(p));
    const ready = live.filter(isPodReady).length;
    const updated = live.filter((p) => p.metadata.labels?.['controller-revision-hash'] === revision).length;
    const status = {
      observedGeneration: sts.metadata.generation ?? 1,
      replicas: live.length,
      readyReplicas: ready,
      currentReplicas: updated,
      updatedReplicas: updated,
      availableReplicas: ready,
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
    };
    if (!deepEqual(sts.status, status)) sim.store.update(K.StatefulSet, withStatus(sts, status));
  }
  return queue;
}
