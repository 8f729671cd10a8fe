import { K } from '../api/known-types.js';
import type { KubeObject, Pod, PodTemplate, StoredObject, Workload } from '../api/types.js';
import type { SimContext } from '../context.js';
import { safeEncodeHash } from '../util/random.js';
import { controllerRef, creationTime, internalWrite } from './controller-kit.js';

export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return !pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

/** Stable JSON (sorted keys) so equal templates hash equally. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const hashes = new WeakMap<PodTemplate, string>();

/** pod-template-hash; cached per template object (stored objects are never mutated). */
export function templateHash(template: PodTemplate): string {
  const cached = hashes.get(template);
  if (cached) return cached;
  const labels = { ...(template.metadata?.labels ?? {}) };
  delete labels['pod-template-hash'];
  const hash = safeEncodeHash(stableStringify({ ...template, metadata: { ...template.metadata, labels } }), 10);
  hashes.set(template, hash);
  return hash;
}

/** A pod for a workload, named and labelled the way its controller does it. */
export function createPodFromTemplate(
  sim: SimContext,
  owner: StoredObject,
  template: PodTemplate,
  component: string,
  naming: { name?: string; generateName?: string },
  extraLabels: Record<string, string>,
  specPatch: Partial<Pod['spec']> = {},
): Pod {
  const body: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...naming,
      namespace: owner.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}), ...extraLabels },
      annotations: template.metadata?.annotations ? { ...template.metadata.annotations } : undefined,
      ownerReferences: [controllerRef(owner)],
    },
    spec: { ...structuredClone(template.spec), ...specPatch },
  };
  if (!body.metadata.annotations) delete body.metadata.annotations;
  return sim.registry.create(K.Pod, owner.metadata.namespace, body, internalWrite(sim, component), { creationTimestamp: creationTime(sim), owned: true }) as Pod;
}

export function desiredReplicas(w: Workload): number {
  return w.spec.replicas ?? 1;
}

export function recordEvent(sim: SimContext, obj: StoredObject, reason: string, message: string, component: string, type: 'Normal' | 'Warning' = 'Normal', host?: string, fieldPath?: string): void {
  sim.events.record(obj, type, reason, message, { component, host }, fieldPath);
}
