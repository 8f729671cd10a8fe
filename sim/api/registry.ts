import type { ObjectStore } from '../store/object-store.js';
import { clone, deepEqual, isPlainObject } from '../util/json.js';
import { newUid } from '../util/ids.js';
import { rfc3339 } from '../util/time.js';
import type { SeededRandom } from '../util/random.js';
import type { AdmissionPlugin, WriteContext } from './admission.js';
import { applyDefaults } from './defaults.js';
import { applyMergePatch } from './patch/merge-patch.js';
import { recordUpdate, serverSideApply } from './patch/server-side-apply.js';
import { applyStrategicMergePatch } from './patch/strategic-merge.js';
import { applyJsonPatch } from './patch/json-patch.js';
import type { ResourceType } from './resources.js';
import { apiVersionOf } from './resources.js';
import { errors } from './status.js';
import type { KubeObject, ObjectMeta, StoredObject } from './types.js';
import { checkBase64Data, validateObject } from './validation/index.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

export interface CreateOptions {
  /** In-process writers (bootstrap, kubelet) may create objects with a status already set. */
  keepStatus?: boolean;
  /** Server-side apply computes the managed fields of the object it creates. */
  managedFields?: StoredObject['metadata']['managedFields'];
  /** Bootstrap backdates objects so the demo cluster looks like it has been running for days. */
  creationTimestamp?: string;
  /** The caller built `body` for this call and hands it over: skip the defensive copy. */
  owned?: boolean;
}

/**
 * The REST semantics of the API server on top of the store: defaulting, admission, validation,
 * optimistic concurrency, generation, patches and dry-run. HTTP handlers and in-process
 * controllers both write through here.
 */
export class Registry {
  constructor(
    readonly store: ObjectStore,
    private readonly plugins: AdmissionPlugin[],
    private readonly random: SeededRandom,
  ) {}

  get(type: ResourceType, namespace: string | undefined, name: string): StoredObject {
    const obj = this.store.get(type, type.namespaced ? namespace : undefined, name);
    if (!obj) throw errors.notFound(type, name);
    return obj;
  }

  find(type: ResourceType, namespace: string | undefined, name: string): StoredObject | undefined {
    return this.store.get(type, type.namespaced ? namespace : undefined, name);
  }

  admitDelete(type: ResourceType, obj: StoredObject, ctx: WriteContext): void {
    for (const p of this.plugins) p.admitDelete?.(type, obj, ctx);
  }

  create(type: ResourceType, namespace: string | undefined, body: KubeObject, ctx: WriteContext, opts: CreateOptions = {}): StoredObject {
    const obj = this.prepareCreate(type, namespace, body, opts);
    for (const p of this.plugins) p.admitCreate?.(type, obj, ctx);
    validateObject(type, obj);
    if (opts.managedFields) obj.metadata.managedFields = opts.managedFields;
    else if (ctx.fieldManager) recordUpdate(type, undefined, obj, ctx.fieldManager);
    if (ctx.dryRun) return obj;
    return this.store.create(type, obj);
  }

  private prepareCreate(type: ResourceType, namespace: string | undefined, body: KubeObject, opts: CreateOptions): StoredObject {
    if (!isPlainObject(body) || !isPlainObject(body.metadata)) throw errors.badRequest('Object \'metadata\' is missing in request body');
    checkKind(type, body);
    const obj = (opts.owned ? body : clone(body)) as StoredObject;
    obj.apiVersion = apiVersionOf(type);
    obj.kind = type.kind;
    const meta: ObjectMeta = obj.metadata;
    if (type.namespaced) {
      if (meta.namespace && namespace && meta.namespace !== namespace) {
        throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      meta.namespace = namespace ?? meta.namespace;
    } else delete meta.namespace;
    if (!meta.name && meta.generateName) meta.name = this.generateName(type, meta.namespace, meta.generateName);
    if (meta.name && this.store.get(type, meta.namespace, meta.name)) throw errors.alreadyExists(type, meta.name);
    meta.uid = newUid();
    meta.creationTimestamp = opts.creationTimestamp ?? rfc3339();
    meta.generation = 1;
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.managedFields;
    // Nodes may set status on create (the kubelet registers itself that way); others may not.
    if (!opts.keepStatus && type.subresources.status && type.kind !== 'Node') delete (obj as KubeObject).status;
    checkBase64Data(obj);
    applyDefaults(type.kind, obj);
    return obj;
  }

  private generateName(type: ResourceType, namespace: string | undefined, prefix: string): string {
    for (let attempt = 0; attempt < 10; attempt++) {
      const candidate = `${prefix}${this.random.suffix(5)}`;
      if (!this.store.get(type, namespace, candidate)) return candidate;
    }
    throw errors.alreadyExists(type, prefix);
  }

  /** PUT semantics; `subresource: 'status'` replaces only the status. */
  update(type: ResourceType, namespace: string | undefined, name: string, body: KubeObject, ctx: WriteContext): StoredObject {
    if (!isPlainObject(body) || !isPlainObject(body.metadata)) throw errors.badRequest('Object \'metadata\' is missing in request body');
    checkKind(type, body);
    if (body.metadata.name !== undefined && body.metadata.name !== name) {
      throw errors.badRequest(`the name of the object (${typeof body.metadata.name === 'string' ? body.metadata.name : ''}) does not match the name on the URL (${name})`);
    }
    if (type.namespaced && body.metadata.namespace && body.metadata.namespace !== namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    const old = this.get(type, namespace, name);
    const rv = body.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion) throw errors.conflict(type, name);
    const next = this.mergeForUpdate(type, old, clone(body) as StoredObject, ctx.subresource);
    return this.commitUpdate(type, old, next, ctx);
  }

  private mergeForUpdate(type: ResourceType, old: StoredObject, next: StoredObject, subresource?: string): StoredObject {
    next.apiVersion = apiVersionOf(type);
    next.kind = type.kind;
    if (subresource === 'status') {
      const status = next.status;
      next = clone(old);
      next.status = status;
    } else if (type.subresources.status) {
      next.status = clone(old.status);
    }
    const meta = next.metadata;
    meta.name = old.metadata.name;
    if (type.namespaced) meta.namespace = old.metadata.namespace;
    meta.uid = old.metadata.uid;
    meta.creationTimestamp = old.metadata.creationTimestamp;
    meta.deletionTimestamp = old.metadata.deletionTimestamp;
    meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    if (meta.deletionTimestamp === undefined) delete meta.deletionTimestamp;
    if (meta.deletionGracePeriodSeconds === undefined) delete meta.deletionGracePeriodSeconds;
    meta.managedFields ??= old.metadata.managedFields;
    if (type.kind === 'Service') preserveClusterIP(next, old);
    checkBase64Data(next);
    applyDefaults(type.kind, next);
    meta.generation = specChanged(old, next) ? (old.metadata.generation ?? 1) + 1 : (old.metadata.generation ?? 1);
    return next;
  }

  private commitUpdate(type: ResourceType, old: StoredObject, next: StoredObject, ctx: WriteContext): StoredObject {
    for (const p of this.plugins) p.admitUpdate?.(type, next, old, ctx);
    validateObject(type, next, old);
    if (ctx.fieldManager) recordUpdate(type, old, next, ctx.fieldManager, ctx.subresource);
    if (deepEqual(stripVolatile(old), stripVolatile(next))) return old;
    if (ctx.dryRun) return { ...next, metadata: { ...next.metadata, resourceVersion: old.metadata.resourceVersion } };
    if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0) {
      return this.store.remove(type, next.metadata.namespace, next.metadata.name) ?? next;
    }
    return this.store.update(type, next);
  }

  /** PATCH; server-side apply creates the object when it does not exist yet. */
  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    patch: unknown,
    ctx: WriteContext,
    force = false,
  ): { object: StoredObject; created: boolean } {
    const live = this.find(type, namespace, name);
    if (patchType === 'apply') return this.apply(type, namespace, name, live, patch, ctx, force);
    if (!live) throw errors.notFound(type, name);
    const base = clone(live) as Record<string, unknown>;
    let patched: Record<string, unknown>;
    if (patchType === 'json') patched = applyJsonPatch(base, patch);
    else if (patchType === 'merge') patched = applyMergePatch(base, patch) as Record<string, unknown>;
    else patched = applyStrategicMergePatch(type.kind, base, patch);
    if (!isPlainObject(patched.metadata)) throw errors.badRequest('Object \'metadata\' is missing in request body');
    const patchedObj = patched as StoredObject;
    const rv = patchedObj.metadata.resourceVersion;
    if (rv !== undefined && rv !== live.metadata.resourceVersion) throw errors.conflict(type, name);
    if (patchedObj.metadata.name !== name) throw errors.badRequest(`the name of the object (${patchedObj.metadata.name}) does not match the name on the URL (${name})`);
    const next = this.mergeForUpdate(type, live, patchedObj, ctx.subresource);
    return { object: this.commitUpdate(type, live, next, ctx), created: false };
  }

  private apply(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    live: StoredObject | undefined,
    patch: unknown,
    ctx: WriteContext,
    force: boolean,
  ): { object: StoredObject; created: boolean } {
    if (!ctx.fieldManager) {
      throw errors.invalid(type.kind, type.group, name, [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }]);
    }
    if (!isPlainObject(patch)) throw errors.badRequest('apply patch must be an object');
    const applied = patch as KubeObject;
    if (applied.apiVersion !== apiVersionOf(type) || applied.kind !== type.kind) {
      throw errors.badRequest(`the API version in the data (${String(applied.apiVersion)}) does not match the expected API version (${apiVersionOf(type)})`);
    }
    if (applied.metadata?.name !== undefined && applied.metadata.name !== name) {
      throw errors.badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`);
    }
    const body = clone<KubeObject>(applied);
    body.metadata = { ...(body.metadata ?? {}), name };
    const { object } = serverSideApply(type, live, body, ctx.fieldManager, force);
    const obj = object as StoredObject;
    if (!live) {
      const created = this.create(type, namespace, obj, ctx, { managedFields: obj.metadata.managedFields });
      return { object: created, created: true };
    }
    const next = this.mergeForUpdate(type, live, obj, ctx.subresource);
    next.metadata.managedFields = obj.metadata.managedFields;
    return { object: this.commitUpdate(type, live, next, { ...ctx, fieldManager: undefined }), created: false };
  }
}

function checkKind(type: ResourceType, body: KubeObject): void {
  if (body.kind !== undefined && body.kind !== type.kind && body.kind !== '') {
    throw errors.badRequest(`${body.kind} in version "${type.version}" cannot be handled as a ${type.kind}: the object kind does not match the resource`);
  }
}

function preserveClusterIP(next: StoredObject, old: StoredObject): void {
  const spec = next.spec as Record<string, unknown> | undefined;
  const oldSpec = old.spec as Record<string, unknown>;
  if (!spec) return;
  for (const field of ['clusterIP', 'clusterIPs']) {
    if (spec[field] === undefined || spec[field] === '') spec[field] = oldSpec[field];
  }
  const oldPorts = (oldSpec.ports as { port: number; nodePort?: number }[] | undefined) ?? [];
  for (const port of (spec.ports as { port: number; nodePort?: number }[] | undefined) ?? []) {
    if (port.nodePort === undefined) port.nodePort = oldPorts.find((p) => p.port === port.port)?.nodePort;
    if (port.nodePort === undefined) delete port.nodePort;
  }
}

function specChanged(old: StoredObject, next: StoredObject): boolean {
  const pick = (o: StoredObject) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'metadata' && k !== 'status'));
  return !deepEqual(pick(old), pick(next));
}

function stripVolatile(obj: StoredObject): unknown {
  const { managedFields: _m, resourceVersion: _r, ...meta } = obj.metadata;
  return { ...obj, metadata: meta };
}
