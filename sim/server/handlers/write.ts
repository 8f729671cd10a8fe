import type { DeleteOptions, PropagationPolicy } from '../../api/deletion.js';
import { deleteObject } from '../../api/deletion.js';
import type { WriteContext } from '../../api/admission.js';
import { PATCH_CONTENT_TYPES } from '../../api/registry.js';
import type { ResourceType } from '../../api/resources.js';
import { apiVersionOf } from '../../api/resources.js';
import { errors } from '../../api/status.js';
import type { KubeObject } from '../../api/types.js';
import { isPlainObject } from '../../util/json.js';
import { boolParam, intParam } from '../http-util.js';
import type { RequestContext } from '../request-context.js';
import { selectorFilter } from './read.js';

export function writeContext(rc: RequestContext, subresource?: string): WriteContext {
  const values = rc.url.searchParams.getAll('dryRun');
  for (const v of values) if (v !== 'All' && v !== '') throw errors.badRequest(`Invalid dryRun value: "${v}": supported values: "All"`);
  return { user: rc.user, dryRun: rc.dryRun, fieldManager: rc.fieldManager, subresource };
}

function requireObjectBody(body: unknown): KubeObject {
  if (!isPlainObject(body)) throw errors.badRequest('Object \'Kind\' is missing in request body');
  return body as KubeObject;
}

export async function handleCreate(rc: RequestContext, type: ResourceType): Promise<void> {
  const body = requireObjectBody(await rc.body());
  rc.requestObject = body;
  rc.objectName = body.metadata?.name;
  const created = rc.sim.registry.create(type, rc.namespace, body, writeContext(rc));
  rc.objectName = created.metadata.name;
  rc.respond(201, created);
}

export async function handleUpdate(rc: RequestContext, type: ResourceType, subresource?: string): Promise<void> {
  const body = requireObjectBody(await rc.body());
  rc.requestObject = body;
  const updated = rc.sim.registry.update(type, rc.namespace, rc.info.name as string, body, writeContext(rc, subresource));
  rc.respond(200, updated);
}

export function patchTypeOf(rc: RequestContext) {
  const contentType = String(rc.req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const patchType = PATCH_CONTENT_TYPES[contentType];
  if (!patchType) throw errors.unsupportedMediaType(contentType);
  return patchType;
}

export async function handlePatch(rc: RequestContext, type: ResourceType, subresource?: string): Promise<void> {
  const patchType = patchTypeOf(rc);
  const body = await rc.body();
  rc.requestObject = body;
  const ctx = writeContext(rc, subresource);
  const result = rc.sim.registry.patch(type, rc.namespace, rc.info.name as string, patchType, body, ctx, boolParam(rc.url, 'force'));
  rc.respond(result.created ? 201 : 200, result.object);
}

export async function deleteOptionsOf(rc: RequestContext): Promise<DeleteOptions> {
  const body = await rc.body();
  const fromBody = isPlainObject(body) ? (body as DeleteOptions & { dryRun?: string[] }) : {};
  if (Array.isArray(fromBody.dryRun) && fromBody.dryRun.includes('All')) rc.url.searchParams.append('dryRun', 'All');
  const policy = rc.url.searchParams.get('propagationPolicy') ?? fromBody.propagationPolicy;
  if (policy !== undefined && policy !== null && !['Foreground', 'Background', 'Orphan'].includes(policy)) {
    throw errors.invalid('DeleteOptions', '', '', [{ reason: 'FieldValueNotSupported', message: `Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`, field: 'propagationPolicy' }]);
  }
  const orphanParam = rc.url.searchParams.get('orphanDependents');
  return {
    propagationPolicy: (policy ?? undefined) as PropagationPolicy | undefined,
    orphanDependents: orphanParam !== null ? orphanParam === 'true' : fromBody.orphanDependents,
    gracePeriodSeconds: intParam(rc.url, 'gracePeriodSeconds') ?? fromBody.gracePeriodSeconds,
    preconditions: fromBody.preconditions,
  };
}

export async function handleDelete(rc: RequestContext, type: ResourceType): Promise<void> {
  const options = await deleteOptionsOf(rc);
  const result = deleteObject(rc.sim.registry, type, rc.namespace, rc.info.name as string, options, writeContext(rc));
  rc.objectUid = result.metadata.uid;
  rc.respond(200, result);
}

export async function handleDeleteCollection(rc: RequestContext, type: ResourceType): Promise<void> {
  const options = await deleteOptionsOf(rc);
  const { filter } = selectorFilter(rc, type);
  const ctx = writeContext(rc);
  const items = rc.sim.store.list(type, type.namespaced ? rc.namespace : undefined).filter(filter);
  const deleted = items.map((o) => deleteObject(rc.sim.registry, type, o.metadata.namespace, o.metadata.name, options, ctx));
  rc.respond(200, { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata: { resourceVersion: String(rc.sim.store.resourceVersion) }, items: deleted });
}
