import { deleteObject } from '../../api/deletion.js';
import { K } from '../../api/known-types.js';
import type { ResourceType } from '../../api/resources.js';
import { ApiError, errors, successStatus } from '../../api/status.js';
import type { LabelSelector, Pod, StoredObject } from '../../api/types.js';
import { matchesLabelSelector } from '../../store/selectors.js';
import { clone, isPlainObject } from '../../util/json.js';
import { rfc3339 } from '../../util/time.js';
import type { RequestContext } from '../request-context.js';
import { writeContext } from './write.js';

interface PdbStatus {
  currentHealthy?: number;
  desiredHealthy?: number;
  disruptionsAllowed?: number;
  expectedPods?: number;
  disruptedPods?: Record<string, string>;
}

/**
 * policy/v1 Eviction: deletes the pod unless a PodDisruptionBudget selecting it has no
 * disruption left, in which case the answer is the real 429 with a DisruptionBudget cause.
 */
export async function handleEviction(rc: RequestContext, _type: ResourceType): Promise<void> {
  const body = await rc.body();
  rc.requestObject = body;
  const name = rc.info.name as string;
  const eviction = (isPlainObject(body) ? body : {}) as { metadata?: { name?: string }; deleteOptions?: { dryRun?: string[]; gracePeriodSeconds?: number; preconditions?: { uid?: string } } };
  if (eviction.metadata?.name && eviction.metadata.name !== name) throw errors.badRequest('name in URL does not match name in Eviction object');
  const pod = rc.sim.registry.get(K.Pod, rc.namespace, name) as Pod;
  const ctx = writeContext(rc);
  const dryRun = ctx.dryRun || (eviction.deleteOptions?.dryRun ?? []).includes('All');

  const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed' || pod.status?.phase === 'Pending';
  const pdbs = rc.sim.store
    .list(K.PodDisruptionBudget, pod.metadata.namespace)
    .filter((pdb) => matchesLabelSelector(pod.metadata.labels, (pdb.spec as { selector?: LabelSelector }).selector));
  if (!terminal && pdbs.length > 1) {
    throw new ApiError({ message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.', reason: 'InternalError', code: 500, details: {} });
  }
  const pdb = terminal ? undefined : pdbs[0];
  if (pdb) {
    const status = (pdb.status ?? {}) as PdbStatus;
    if ((status.disruptionsAllowed ?? 0) <= 0) {
      throw errors.tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", [
        { reason: 'DisruptionBudget', message: `The disruption budget ${pdb.metadata.name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently` },
      ]);
    }
    if (!dryRun) consumeDisruption(rc, pdb, pod.metadata.name);
  }
  deleteObject(rc.sim.registry, K.Pod, pod.metadata.namespace, name, { gracePeriodSeconds: eviction.deleteOptions?.gracePeriodSeconds, preconditions: eviction.deleteOptions?.preconditions }, { ...ctx, dryRun });
  rc.respond(201, successStatus(201));
}

function consumeDisruption(rc: RequestContext, pdb: StoredObject, podName: string): void {
  const next = clone(pdb);
  const status = (next.status ?? {}) as PdbStatus;
  status.disruptionsAllowed = Math.max(0, (status.disruptionsAllowed ?? 0) - 1);
  status.disruptedPods = { ...(status.disruptedPods ?? {}), [podName]: rfc3339() };
  next.status = status;
  rc.sim.store.update(K.PodDisruptionBudget, next);
}
