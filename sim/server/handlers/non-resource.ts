import { errors } from '../../api/status.js';
import type { RequestContext } from '../request-context.js';
import { apiGroupList, apiResourceList, apiVersions, SERVER_VERSION } from './discovery.js';
import { openApiResponse } from './openapi.js';

/** Discovery, version, health and OpenAPI endpoints. */
export function handleNonResource(rc: RequestContext): void {
  const info = rc.info;
  const path = info.path.replace(/\/+$/, '') || '/';
  if (path.startsWith('/__sim/')) {
    const answer = rc.sim.hooks.control?.(rc.req.method ?? 'GET', path, rc.url.searchParams);
    if (!answer) throw errors.pathNotFound();
    rc.respond(answer.code, answer.body);
    return;
  }
  if (rc.req.method !== 'GET' && rc.req.method !== 'HEAD') throw errors.methodNotAllowed();
  if (info.apiPrefix && info.version) {
    const list = apiResourceList(info.group, info.version);
    if (!list) throw errors.pathNotFound();
    rc.respond(200, list);
    return;
  }
  if (info.apiPrefix === 'apis' && info.group) {
    const group = (apiGroupList().groups as { name: string }[]).find((g) => g.name === info.group);
    if (!group) throw errors.pathNotFound();
    rc.respond(200, { kind: 'APIGroup', apiVersion: 'v1', ...group });
    return;
  }
  switch (path) {
    case '/api':
      rc.respond(200, apiVersions(String(rc.req.headers.host ?? '127.0.0.1')));
      return;
    case '/apis':
      rc.respond(200, apiGroupList());
      return;
    case '/version':
      rc.respond(200, SERVER_VERSION);
      return;
    case '/healthz':
    case '/livez':
    case '/readyz':
      rc.responseCode = 200;
      rc.res?.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('ok');
      return;
  }
  const openapi = openApiResponse(path, rc.url);
  if (openapi) {
    rc.respond(200, openapi);
    return;
  }
  throw errors.pathNotFound();
}
