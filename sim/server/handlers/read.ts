import type { ResourceType } from '../../api/resources.js';
import { apiVersionOf } from '../../api/resources.js';
import { errors } from '../../api/status.js';
import { negotiateShape, partialObjectMetadata, toTable } from '../../api/tables/table.js';
import type { IncludeObject } from '../../api/tables/table.js';
import type { StoredObject } from '../../api/types.js';
import { exactName, matchesFields, parseFieldSelector } from '../../store/field-selectors.js';
import { matchesRequirements, parseLabelSelector } from '../../store/selectors.js';
import { intParam } from '../http-util.js';
import type { RequestContext } from '../request-context.js';

export function includeObjectParam(url: URL): IncludeObject {
  const v = url.searchParams.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

export function handleGet(rc: RequestContext, type: ResourceType): void {
  const obj = rc.sim.registry.get(type, rc.namespace, rc.info.name as string);
  const shape = negotiateShape(rc.req.headers.accept);
  if (shape === 'table') {
    rc.respond(200, toTable(type.kind, [obj], { resourceVersion: obj.metadata.resourceVersion }, includeObjectParam(rc.url)));
  } else if (shape === 'partial') rc.respond(200, partialObjectMetadata(obj));
  else rc.respond(200, obj);
}

export interface ObjectFilter {
  (obj: StoredObject): boolean;
}

export function selectorFilter(rc: RequestContext, type: ResourceType): { filter: ObjectFilter; name?: string } {
  const labels = parseLabelSelector(rc.url.searchParams.get('labelSelector'));
  const fields = parseFieldSelector(rc.url.searchParams.get('fieldSelector'), type.kind);
  const name = exactName(fields);
  return {
    filter: (obj) => matchesRequirements(obj.metadata.labels, labels) && matchesFields(obj, fields),
    name,
  };
}

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.rv, start: token.start })).toString('base64');
}

function decodeContinue(text: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as { rv?: number; start?: string };
    if (typeof parsed.rv !== 'number' || typeof parsed.start !== 'string') throw new Error('bad token');
    return { rv: parsed.rv, start: parsed.start };
  } catch {
    throw errors.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

const key = (o: StoredObject) => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name);

/** LIST with selectors and limit/continue pagination (keys in etcd order, like the real server). */
export function handleList(rc: RequestContext, type: ResourceType): void {
  const { filter, name } = selectorFilter(rc, type);
  const store = rc.sim.store;
  let items: StoredObject[];
  if (name !== undefined) {
    const one = store.get(type, type.namespaced ? rc.namespace : undefined, name);
    items = one && (rc.namespace === undefined || one.metadata.namespace === rc.namespace) ? [one] : [];
    if (rc.namespace === undefined && type.namespaced) items = store.list(type).filter((o) => o.metadata.name === name);
  } else items = store.list(type, type.namespaced ? rc.namespace : undefined);
  items = items.filter(filter);

  const continueParam = rc.url.searchParams.get('continue');
  let listRv = store.resourceVersion;
  if (continueParam) {
    const token = decodeContinue(continueParam);
    const history = store.eventsSince(type, token.rv);
    if (!Array.isArray(history)) {
      throw errors.expired(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
      );
    }
    listRv = token.rv;
    items = items.filter((o) => key(o) > token.start);
  }
  const limit = intParam(rc.url, 'limit');
  const meta: Record<string, unknown> = { resourceVersion: String(listRv) };
  if (limit !== undefined && limit > 0 && items.length > limit) {
    const page = items.slice(0, limit);
    const last = page[page.length - 1] as StoredObject;
    meta.continue = encodeContinue({ rv: listRv, start: key(last) });
    meta.remainingItemCount = items.length - limit;
    items = page;
  }

  const shape = negotiateShape(rc.req.headers.accept);
  if (shape === 'table') {
    rc.respond(200, toTable(type.kind, items, meta, includeObjectParam(rc.url)));
    return;
  }
  if (shape === 'partial') {
    rc.respond(200, { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: meta, items: items.map(partialObjectMetadata) });
    return;
  }
  rc.respond(200, {
    kind: `${type.kind}List`,
    apiVersion: apiVersionOf(type),
    metadata: meta,
    // Typed lists omit kind/apiVersion on their items.
    items: items.map(({ kind: _k, apiVersion: _a, ...rest }) => rest),
  });
}
