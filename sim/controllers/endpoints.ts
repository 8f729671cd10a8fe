import { K } from '../api/known-types.js';
import type { KubeObject, Pod, Service } from '../api/types.js';
import type { SimContext } from '../context.js';
import { matchesLabelSelector } from '../store/selectors.js';
import { clone, deepEqual } from '../util/json.js';
import { internalWrite, keyOf } from './controller-kit.js';
import { isPodReady } from './pod-helpers.js';
import { splitKey, WorkQueue } from './work-queue.js';

const COMPONENT = 'endpoint-controller';

/** Resolves a Service targetPort (number or a container port name) on one pod. */
export function resolveTargetPort(pod: Pod, targetPort: number | string | undefined, port: number): number | undefined {
  if (targetPort === undefined) return port;
  if (typeof targetPort === 'number') return targetPort;
  for (const c of pod.spec.containers) for (const p of c.ports ?? []) if (p.name === targetPort) return p.containerPort;
  return /^\d+$/.test(targetPort) ? Number(targetPort) : undefined;
}

/** core/v1 Endpoints for every Service with a selector: ready and not-ready pod addresses. */
export function startEndpointsController(sim: SimContext, onError: (n: string, k: string, e: unknown) => void): WorkQueue {
  const queue = new WorkQueue(COMPONENT, reconcile, onError);
  sim.store.subscribe(K.Service, (e) => queue.add(keyOf(e.object)));
  sim.store.subscribe(K.Pod, (e) => {
    const labelsNow = e.object.metadata.labels;
    const labelsBefore = e.previous?.metadata.labels;
    for (const svc of sim.store.list(K.Service, e.object.metadata.namespace) as Service[]) {
      const selector = svc.spec.selector;
      if (!selector) continue;
      if (matchesLabelSelector(labelsNow, { matchLabels: selector }) || matchesLabelSelector(labelsBefore, { matchLabels: selector })) queue.add(keyOf(svc));
    }
  });

  function reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const svc = sim.store.get(K.Service, namespace, name) as Service | undefined;
    const existing = sim.store.get(K.Endpoints, namespace, name);
    if (!svc) {
      if (existing) sim.store.remove(K.Endpoints, namespace, name);
      return;
    }
    const selector = svc.spec.selector;
    if (!selector) return;
    const pods = (sim.store.list(K.Pod, namespace) as Pod[]).filter((p) => p.status?.podIP && !p.metadata.deletionTimestamp && matchesLabelSelector(p.metadata.labels, { matchLabels: selector }));
    const address = (p: Pod) => ({ ip: p.status?.podIP as string, nodeName: p.spec.nodeName, targetRef: { kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid } });
    const ready = pods.filter(isPodReady);
    const notReady = pods.filter((p) => !isPodReady(p));
    const sample = pods[0];
    const ports = (svc.spec.ports ?? []).map((p) => {
      const port: Record<string, unknown> = { port: (sample && resolveTargetPort(sample, p.targetPort, p.port)) ?? p.port, protocol: p.protocol ?? 'TCP' };
      if (p.name) port.name = p.name;
      return port;
    });
    const subsets = pods.length === 0 ? undefined : [{ ...(ready.length ? { addresses: ready.map(address) } : {}), ...(notReady.length ? { notReadyAddresses: notReady.map(address) } : {}), ports }];
    if (existing) {
      if (deepEqual(existing.subsets, subsets)) return;
      const next = clone(existing);
      if (subsets) next.subsets = subsets;
      else delete next.subsets;
      sim.store.update(K.Endpoints, next);
      return;
    }
    const body: KubeObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace, labels: { ...(svc.metadata.labels ?? {}) } } };
    if (subsets) body.subsets = subsets;
    sim.registry.create(K.Endpoints, namespace, body, internalWrite(sim, COMPONENT), { creationTimestamp: svc.metadata.creationTimestamp });
  }
  return queue;
}
