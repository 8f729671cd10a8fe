import { K } from '../../api/known-types.js';
import type { ResourceType } from '../../api/resources.js';
import { errors } from '../../api/status.js';
import type { Pod } from '../../api/types.js';
import { clone, isPlainObject } from '../../util/json.js';
import type { RequestContext } from '../request-context.js';

/** pods/binding: what a scheduler posts to place a pod on a node. */
export async function handleBinding(rc: RequestContext, _type: ResourceType): Promise<void> {
  const body = await rc.body();
  rc.requestObject = body;
  const target = isPlainObject(body) && isPlainObject(body.target) ? (body.target as { name?: string }) : undefined;
  if (!target?.name) throw errors.invalid('Binding', '', rc.info.name as string, [{ reason: 'FieldValueRequired', message: 'Required value', field: 'target.name' }]);
  const pod = rc.sim.registry.get(K.Pod, rc.namespace, rc.info.name as string) as Pod;
  if (pod.spec.nodeName) throw errors.conflict(K.Pod, pod.metadata.name, `pod ${pod.metadata.name} is already assigned to node "${pod.spec.nodeName}"`);
  if (!rc.dryRun) {
    const next = clone(pod);
    next.spec.nodeName = target.name;
    rc.sim.store.update(K.Pod, next);
  }
  rc.respond(201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}

/** namespaces/{name}/finalize: clearing spec.finalizers lets a terminating namespace go. */
export async function handleFinalize(rc: RequestContext, type: ResourceType): Promise<void> {
  const body = await rc.body();
  const current = rc.sim.registry.get(type, undefined, rc.info.name as string);
  const next = clone(current);
  next.spec = { ...(next.spec as object), finalizers: ((isPlainObject(body) && isPlainObject(body.spec) ? body.spec.finalizers : []) as string[]) ?? [] };
  rc.respond(200, rc.dryRun ? next : rc.sim.store.update(type, next));
}
