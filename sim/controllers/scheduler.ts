import { K } from '../api/known-types.js';
import type { NodeObject, Pod } from '../api/types.js';
import type { SimContext } from '../context.js';
import { rfc3339 } from '../util/time.js';
import { isTerminating, keyOf } from './controller-kit.js';
import { recordEvent } from './pod-helpers.js';
import type { FitResult } from './scheduling.js';
import { podFitsNode, unschedulableMessage } from './scheduling.js';
import { splitKey, WorkQueue } from './work-queue.js';

const COMPONENT = 'default-scheduler';
export const NODE_INDEX = 'spec.nodeName';

/**
 * default-scheduler: places pending pods on the least-loaded Ready node that passes the filters
 * (never a cordoned node or one with an untolerated NoSchedule/NoExecute taint). Pods that fit
 * nowhere stay Pending with a FailedScheduling event and are retried when nodes change.
 */
export function startScheduler(sim: SimContext, onError: (n: string, k: string, e: unknown) => void): WorkQueue {
  const queue = new WorkQueue(COMPONENT, reconcile, onError);
  const failed = new Set<string>();
  sim.store.addIndex(K.Pod, NODE_INDEX, (p) => {
    const node = (p as Pod).spec?.nodeName;
    return node ? [node] : [];
  });
  sim.store.subscribe(K.Pod, (e) => {
    const pod = e.object as Pod;
    if (e.type !== 'DELETED' && !pod.spec.nodeName && !isTerminating(pod)) queue.add(keyOf(pod));
    if (e.type === 'DELETED') failed.delete(keyOf(pod));
  });
  sim.store.subscribe(K.Node, () => {
    for (const key of failed) queue.add(key);
  });

  function reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const pod = sim.store.get(K.Pod, namespace, name) as Pod | undefined;
    if (!pod || pod.spec.nodeName || isTerminating(pod)) return;
    if ((pod.spec.schedulerName ?? COMPONENT) !== COMPONENT) return;
    const nodes = sim.store.list(K.Node) as NodeObject[];
    const results: FitResult[] = [];
    let best: { node: NodeObject; load: number } | undefined;
    for (const node of nodes) {
      const fit = podFitsNode(pod.spec, node);
      results.push(fit);
      if (!fit.fits) continue;
      const load = sim.store.countByIndex(K.Pod, NODE_INDEX, node.metadata.name);
      if (!best || load < best.load) best = { node, load };
    }
    const next: Pod = { ...pod, metadata: { ...pod.metadata }, spec: { ...pod.spec }, status: { ...pod.status } };
    const conditions = (next.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    if (!best) {
      const message = unschedulableMessage(results);
      const already = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
      failed.add(key);
      if (already && (already as { message?: string }).message === message) return;
      next.status = { ...next.status, phase: 'Pending', conditions: [...conditions, { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: rfc3339(), reason: 'Unschedulable', message } as never] };
      sim.store.update(K.Pod, next);
      recordEvent(sim, pod, 'FailedScheduling', message, COMPONENT, 'Warning');
      return;
    }
    failed.delete(key);
    next.spec.nodeName = best.node.metadata.name;
    next.status = { ...next.status, conditions: [...conditions, { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339() }] };
    sim.store.update(K.Pod, next);
    recordEvent(sim, next, 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${best.node.metadata.name}`, COMPONENT);
  }
  return queue;
}
