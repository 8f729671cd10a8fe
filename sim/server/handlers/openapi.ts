import { createHash } from 'node:crypto';
import type { ResourceType } from '../../api/resources.js';
import { API_GROUPS, RESOURCE_TYPES } from '../../api/resources.js';

/**
 * OpenAPI v3, trimmed to what kubectl needs: per group-version documents whose PATCH operations
 * declare the `fieldValidation` parameter (so `kubectl apply` delegates validation to the server
 * with fieldValidation=Strict) and one loose schema per kind. There is no OpenAPI v2 (/openapi/v2 is
 * 404), so `kubectl explain` and client-side schema validation are not available.
 * Schemas are loose (fields not enumerated); apply patches come from kubectl's built-in types.
 */
const QUERY_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'force', 'pretty'];

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function schemaName(type: ResourceType): string {
  const pkg = type.group === '' ? 'core' : type.group.replace('.k8s.io', '').replace('rbac.authorization', 'rbac');
  return `io.k8s.api.${pkg}.${type.version}.${type.kind}`;
}

function operation(type: ResourceType, action: string, withBody: boolean): Record<string, unknown> {
  const ref = { $ref: `#/components/schemas/${schemaName(type)}` };
  const op: Record<string, unknown> = {
    operationId: `${action}${type.namespaced ? 'Namespaced' : ''}${type.kind}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: type.group, version: type.version, kind: type.kind },
    parameters: QUERY_PARAMS.map((name) => ({ name, in: 'query', schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true } })),
    responses: { '200': { description: 'OK' } },
  };
  if (withBody) {
    // Strategic merge is served but not advertised here, so kubectl builds apply patches from its
    // compiled-in types (the real patch strategies) instead of this schema-less document.
    const types = action === 'patch' ? ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json'] : ['*/*'];
    op.requestBody = { content: Object.fromEntries(types.map((t) => [t, { schema: action === 'patch' ? { type: 'object' } : ref }])), required: true };
  }
  return op;
}

function documentFor(group: string, version: string): Record<string, unknown> | undefined {
  const types = RESOURCE_TYPES.filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {
    'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': { type: 'object', properties: { name: { type: 'string' }, namespace: { type: 'string' }, labels: { type: 'object', additionalProperties: { type: 'string' } }, annotations: { type: 'object', additionalProperties: { type: 'string' } } } },
  };
  const pathParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string', uniqueItems: true } });
  for (const t of types) {
    const base = `/${gvPath(group, version)}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.resource}`;
    const scope = t.namespaced ? [pathParam('namespace')] : [];
    paths[base] = { get: operation(t, 'list', false), post: operation(t, 'post', true), parameters: scope };
    paths[`${base}/{name}`] = { get: operation(t, 'get', false), put: operation(t, 'put', true), patch: operation(t, 'patch', true), delete: operation(t, 'delete', false), parameters: [pathParam('name'), ...scope] };
    schemas[schemaName(t)] = {
      type: 'object',
      description: `${t.kind} (simulator schema: fields are not enumerated)`,
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }], default: {} },
      },
      'x-kubernetes-preserve-unknown-fields': true,
      'x-kubernetes-group-version-kind': [{ group: t.group, kind: t.kind, version: t.version }],
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.4' }, paths, components: { schemas } };
}

const cache = new Map<string, { body: Record<string, unknown>; hash: string }>();

function cached(group: string, version: string) {
  const key = gvPath(group, version);
  let entry = cache.get(key);
  if (!entry) {
    const body = documentFor(group, version);
    if (!body) return undefined;
    entry = { body, hash: createHash('sha512').update(JSON.stringify(body)).digest('hex').slice(0, 128).toUpperCase() };
    cache.set(key, entry);
  }
  return entry;
}

export function openApiResponse(path: string, _url: URL): unknown {
  if (path === '/openapi/v3') {
    const groups = [{ name: '', version: 'v1' }, ...API_GROUPS];
    const paths: Record<string, unknown> = {};
    for (const g of groups) {
      const entry = cached(g.name, g.version);
      if (entry) paths[gvPath(g.name, g.version)] = { serverRelativeURL: `/openapi/v3/${gvPath(g.name, g.version)}?hash=${entry.hash}` };
    }
    return { paths };
  }
  const m = /^\/openapi\/v3\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (!m) return undefined;
  return m[1] ? cached('', 'v1')?.body : cached(m[2] as string, m[3] as string)?.body;
}
