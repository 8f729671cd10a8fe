import { K } from '../api/known-types.js';
import type { LabelSelector, Pod, StoredObject } from '../api/types.js';
import type { SimContext } from '../context.js';
import { matchesLabelSelector } from '../store/selectors.js';
import { clone, deepEqual } from '../util/json.js';
import { keyOf } from './controller-kit.js';
import { isPodReady } from './pod-helpers.js';
import { splitKey, WorkQueue } from './work-queue.js';

function resolve(value: number | string | undefined, total: number, roundUp: boolean): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  const percent = Number(value.replace('%', ''));
  const exact = (percent * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** PodDisruptionBudget status (currentHealthy, desiredHealthy, disruptionsAllowed) for evictions. */
export function startDisruptionController(sim: SimContext, onError: (n: string, k: string, e: unknown) => void): WorkQueue {
  const queue = new WorkQueue('disruption-controller', reconcile, onError);
  sim.store.subscribe(K.PodDisruptionBudget, (e) => queue.add(keyOf(e.object)));
  sim.store.subscribe(K.Pod, (e) => {
    for (const pdb of sim.store.list(K.PodDisruptionBudget, e.object.metadata.namespace)) queue.add(keyOf(pdb));
  });

  function reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const pdb = sim.store.get(K.PodDisruptionBudget, namespace, name);
    if (!pdb) return;
    const spec = (pdb.spec ?? {}) as { selector?: LabelSelector; minAvailable?: number | string; maxUnavailable?: number | string };
    const pods = (sim.store.list(K.Pod, namespace) as Pod[]).filter((p) => !p.metadata.deletionTimestamp && matchesLabelSelector(p.metadata.labels, spec.selector));
    const previous = (pdb.status ?? {}) as { disruptedPods?: Record<string, string> };
    const disrupted = Object.fromEntries(Object.entries(previous.disruptedPods ?? {}).filter(([pod]) => pods.some((p) => p.metadata.name === pod)));
    const expected = pods.length;
    const healthy = pods.filter((p) => isPodReady(p) && !(p.metadata.name in disrupted)).length;
    const min = resolve(spec.minAvailable, expected, true);
    const maxUnavailable = resolve(spec.maxUnavailable, expected, true);
    const desiredHealthy = min ?? Math.max(0, expected - (maxUnavailable ?? 0));
    const allowed = Math.max(0, healthy - desiredHealthy);
    const status: Record<string, unknown> = {
      observedGeneration: pdb.metadata.generation ?? 1,
      currentHealthy: healthy,
      desiredHealthy,
      disruptionsAllowed: allowed,
      expectedPods: expected,
      conditions: [{ type: 'DisruptionAllowed', status: allowed > 0 ? 'True' : 'False', reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods', message: '', observedGeneration: pdb.metadata.generation ?? 1, lastTransitionTime: (pdb.metadata.creationTimestamp) }],
    };
    if (Object.keys(disrupted).length > 0) status.disruptedPods = disrupted;
    if (deepEqual(pdb.status, status)) return;
    const next: StoredObject = clone(pdb);
    next.status = status;
    sim.store.update(K.PodDisruptionBudget, next);
  }
  return queue;
}
