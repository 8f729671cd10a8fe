import { deleteObject, OWNER_INDEX } from '../api/deletion.js';
import { K } from '../api/known-types.js';
import type { NodeObject, Pod, Toleration, Workload } from '../api/types.js';
import type { SimContext } from '../context.js';
import { deepEqual } from '../util/json.js';
import { controllerOf, internalWrite, isTerminating, keyOf, withStatus } from './controller-kit.js';
import { createPodFromTemplate, isPodReady, recordEvent, templateHash } from './pod-helpers.js';
import { podFitsNode } from './scheduling.js';
import { splitKey, WorkQueue } from './work-queue.js';

const COMPONENT = 'daemonset-controller';

/** Tolerations the DaemonSet controller adds to every daemon pod (so cordoned nodes keep them). */
const DAEMON_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

export function targetNodeOf(pod: Pod): string | undefined {
  if (pod.spec.nodeName) return pod.spec.nodeName;
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  return terms[0]?.matchFields?.find((f) => f.key === 'metadata.name')?.values?.[0];
}

/** One pod per eligible node, pinned there with node affinity and placed by the scheduler. */
export function startDaemonSetController(sim: SimContext, onError: (n: string, k: string, e: unknown) => void): WorkQueue {
  const queue = new WorkQueue(COMPONENT, reconcile, onError);
  sim.store.subscribe(K.DaemonSet, (e) => queue.add(keyOf(e.object)));
  sim.store.subscribe(K.Pod, (e) => {
    const owner = controllerOf(e.object);
    if (owner?.kind === 'DaemonSet') queue.add(`${e.object.metadata.namespace}/${owner.name}`);
  });
  sim.store.subscribe(K.Node, () => {
    for (const ds of sim.store.list(K.DaemonSet)) queue.add(keyOf(ds));
  });

  function reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const ds = sim.store.get(K.DaemonSet, namespace, name) as Workload | undefined;
    if (!ds || isTerminating(ds)) return;
    const hash = templateHash(ds.spec.template);
    const template = structuredClone(ds.spec.template);
    template.spec.tolerations = [...(template.spec.tolerations ?? []), ...DAEMON_TOLERATIONS.filter((t) => !(template.spec.tolerations ?? []).some((x) => x.key === t.key))];
    const nodes = sim.store.list(K.Node) as NodeObject[];
    const pods = (sim.store.byIndex(K.Pod, OWNER_INDEX, ds.metadata.uid) as Pod[]).filter((p) => controllerOf(p)?.uid === ds.metadata.uid);
    const podsByNode = new Map<string, Pod[]>();
    for (const p of pods) {
      const node = targetNodeOf(p) ?? '';
      podsByNode.set(node, [...(podsByNode.get(node) ?? []), p]);
    }
    const eligible = new Set<string>();
    let rolled = false;
    for (const node of nodes) {
      const fit = podFitsNode(template.spec, node);
      if (!fit.fits && fit.reason !== 'notReady') continue;
      eligible.add(node.metadata.name);
      const existing = (podsByNode.get(node.metadata.name) ?? []).filter((p) => !isTerminating(p));
      if (existing.length === 0) {
        const pod = createPodFromTemplate(sim, ds, template, COMPONENT, { generateName: `${ds.metadata.name}-` }, { 'controller-revision-hash': hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) }, {
          affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node.metadata.name] }] }] } } },
        });
        recordEvent(sim, ds, 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, COMPONENT);
      } else if (!rolled && existing[0] && existing[0].metadata.labels?.['controller-revision-hash'] !== hash) {
        // RollingUpdate with maxUnavailable 1: replace one outdated daemon pod at a time.
        rolled = true;
        deleteObject(sim.registry, K.Pod, existing[0].metadata.namespace, existing[0].metadata.name, {}, internalWrite(sim, COMPONENT));
      }
    }
    for (const [node, list] of podsByNode) {
      if (eligible.has(node)) continue;
      for (const p of list.filter((x) => !isTerminating(x))) {
        deleteObject(sim.registry, K.Pod, p.metadata.namespace, p.metadata.name, {}, internalWrite(sim, COMPONENT));
        recordEvent(sim, ds, 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, COMPONENT);
      }
    }
    const live = pods.filter((p) => !isTerminating(p) && eligible.has(targetNodeOf(p) ?? ''));
    const ready = live.filter(isPodReady).length;
    const status = {
      currentNumberScheduled: live.filter((p) => p.spec.nodeName).length,
      desiredNumberScheduled: eligible.size,
      numberMisscheduled: 0,
      numberReady: ready,
      numberAvailable: ready,
      updatedNumberScheduled: live.filter((p) => p.metadata.labels?.['controller-revision-hash'] === hash).length,
      observedGeneration: ds.metadata.generation ?? 1,
    };
    if (!deepEqual(ds.status, status)) sim.store.update(K.DaemonSet, withStatus(ds, status));
  }
  return queue;
}
