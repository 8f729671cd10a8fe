import type { ResourceType } from '../../api/resources.js';
import { errors } from '../../api/status.js';
import type { StoredObject, Workload } from '../../api/types.js';
import { applyMergePatch } from '../../api/patch/merge-patch.js';
import { applyJsonPatch } from '../../api/patch/json-patch.js';
import { selectorToString } from '../../store/selectors.js';
import { isPlainObject } from '../../util/json.js';
import type { RequestContext } from '../request-context.js';
import { patchTypeOf, writeContext } from './write.js';

/** autoscaling/v1 Scale view of a Deployment, ReplicaSet or StatefulSet. */
export function toScale(obj: StoredObject): Record<string, unknown> {
  const w = obj as Workload;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: w.spec.replicas ?? 0 },
    status: { replicas: (w.status?.replicas as number | undefined) ?? 0, selector: selectorToString(w.spec.selector) },
  };
}

export function handleGetScale(rc: RequestContext, type: ResourceType): void {
  rc.respond(200, toScale(rc.sim.registry.get(type, rc.namespace, rc.info.name as string)));
}

function setReplicas(rc: RequestContext, type: ResourceType, replicas: unknown, resourceVersion?: string): void {
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw errors.invalid('Scale', 'autoscaling', rc.info.name as string, [
      { reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, field: 'spec.replicas' },
    ]);
  }
  const name = rc.info.name as string;
  const current = rc.sim.registry.get(type, rc.namespace, name) as Workload;
  if (resourceVersion && resourceVersion !== current.metadata.resourceVersion) throw errors.conflict(type, name);
  const next = structuredClone(current);
  next.spec.replicas = replicas;
  const updated = rc.sim.registry.update(type, rc.namespace, name, next, { ...writeContext(rc, 'scale') });
  rc.respond(200, toScale(updated));
}

export async function handleUpdateScale(rc: RequestContext, type: ResourceType): Promise<void> {
  const body = await rc.body();
  rc.requestObject = body;
  if (!isPlainObject(body)) throw errors.badRequest('Scale body must be an object');
  const scale = body as { metadata?: { resourceVersion?: string }; spec?: { replicas?: unknown } };
  setReplicas(rc, type, scale.spec?.replicas ?? 0, scale.metadata?.resourceVersion);
}

export async function handlePatchScale(rc: RequestContext, type: ResourceType): Promise<void> {
  const patchType = patchTypeOf(rc);
  const body = await rc.body();
  rc.requestObject = body;
  const current = toScale(rc.sim.registry.get(type, rc.namespace, rc.info.name as string));
  let patched: Record<string, unknown>;
  if (patchType === 'json') patched = applyJsonPatch(current, body);
  else patched = applyMergePatch(current, body) as Record<string, unknown>;
  const spec = patched.spec as { replicas?: unknown } | undefined;
  const rv = (patched.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
  setReplicas(rc, type, spec?.replicas, rv === (current.metadata as { resourceVersion?: string }).resourceVersion ? undefined : rv);
}
