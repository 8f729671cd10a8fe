import type { IncomingMessage, ServerResponse } from 'node:http';
import { findResourceType, isVirtual } from '../api/resources.js';
import type { ResourceType } from '../api/resources.js';
import { ApiError, errors } from '../api/status.js';
import type { UserInfo } from '../api/types.js';
import { auditLevelFor } from '../audit/policy.js';
import type { SimContext } from '../context.js';
import { RbacAuthorizer } from '../rbac/authorizer.js';
import { microTime } from '../util/time.js';
import { ANONYMOUS } from './authentication.js';
import { sendError } from './http-util.js';
import { RequestContext, sourceIPs } from './request-context.js';
import type { RequestInfo } from './request-info.js';
import { parseRequestInfo } from './request-info.js';

export type Handler = (rc: RequestContext, type: ResourceType) => Promise<void> | void;
export type NonResourceHandler = (rc: RequestContext) => Promise<void> | void;

export interface Routes {
  /** verb → handler for plain resource requests. */
  verbs: Record<string, Handler>;
  /** `${subresource}:${verb}` → handler. */
  subresources: Record<string, Handler>;
  virtual: Handler;
  nonResource: NonResourceHandler;
}

/** Authenticates a request; a bad token is answered (401) and audited here. */
export function authenticate(sim: SimContext, req: IncomingMessage, url: URL, info: RequestInfo, res?: ServerResponse): UserInfo | undefined {
  const result = sim.authenticator.authenticate(req.headers.authorization);
  if (result.kind === 'user') return result.user;
  if (result.kind === 'anonymous') return ANONYMOUS;
  const auditID = crypto.randomUUID();
  if (info.isResourceRequest) {
    const now = microTime();
    sim.audit.record({
      level: 'Metadata',
      auditID,
      stage: 'ResponseStarted',
      requestURI: req.url ?? url.pathname,
      verb: info.verb,
      user: {},
      sourceIPs: sourceIPs(req),
      userAgent: String(req.headers['user-agent'] ?? ''),
      objectRef: objectRefOf(info),
      responseStatus: { metadata: {}, message: 'Authentication failed, attempted: bearer', code: 401 },
      requestReceivedTimestamp: now,
      stageTimestamp: now,
    });
  }
  if (res) {
    res.setHeader('Audit-Id', auditID);
    sendError(res, errors.unauthorized());
  }
  (req as { auditID?: string }).auditID = auditID;
  return undefined;
}

function objectRefOf(info: RequestInfo): Record<string, string> {
  const ref: Record<string, string> = { resource: info.resource, apiVersion: info.version };
  if (info.namespace) ref.namespace = info.namespace;
  if (info.name) ref.name = info.name;
  if (info.group) ref.apiGroup = info.group;
  if (info.subresource) ref.subresource = info.subresource;
  return ref;
}

/** Resolves the type and checks RBAC; throws 404/403 as ApiErrors. */
export function authorize(rc: RequestContext, extraVerbs: string[] = []): ResourceType | undefined {
  const info = rc.info;
  if (!info.isResourceRequest) {
    const decision = rc.sim.authorizer.authorize({ user: rc.user, verb: info.verb, path: info.path });
    rc.decision = decision;
    if (!decision.allowed) throw errors.forbidden(RbacAuthorizer.forbiddenMessage({ user: rc.user, verb: info.verb, path: info.path }));
    return undefined;
  }
  const type = findResourceType(info.group, info.resource);
  if (!type || type.version !== info.version) throw errors.pathNotFound();
  if (info.subresource && !type.subresources[info.subresource]) throw errors.pathNotFound();
  if (!type.namespaced && info.namespace && type.kind !== 'Namespace') throw errors.pathNotFound();
  rc.type = type;
  const namespace = type.kind === 'Namespace' ? undefined : info.namespace;
  for (const verb of [info.verb, ...extraVerbs]) {
    const request = { user: rc.user, verb, apiGroup: info.group, resource: info.resource, subresource: info.subresource, namespace, name: info.name };
    const decision = rc.sim.authorizer.authorize(request);
    rc.decision = decision;
    if (!decision.allowed) throw errors.forbidden(RbacAuthorizer.forbiddenMessage(request), type, info.name);
  }
  return type;
}

export function setAuditLevel(rc: RequestContext): void {
  rc.auditLevel = auditLevelFor({
    user: rc.user,
    verb: rc.info.verb,
    isResourceRequest: rc.info.isResourceRequest,
    resource: rc.info.resource,
    subresource: rc.info.subresource,
    group: rc.info.group,
    quietReaders: rc.sim.consoleUsers,
  });
}

/** The whole request path for plain HTTP (everything except WebSocket upgrades). */
export async function handleHttp(sim: SimContext, routes: Routes, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim.local');
  const info = parseRequestInfo(req.method ?? 'GET', url);
  const user = authenticate(sim, req, url, info, res);
  if (!user) return;
  const rc = new RequestContext(sim, req, res, url, info, user);
  res.setHeader('Audit-Id', rc.auditID);
  setAuditLevel(rc);
  try {
    const type = authorize(rc);
    if (!type) {
      await routes.nonResource(rc);
      return;
    }
    if (isVirtual(type)) {
      if (info.verb !== 'create') throw errors.methodNotAllowed();
      await routes.virtual(rc, type);
      return;
    }
    const handler = info.subresource ? routes.subresources[`${info.subresource}:${info.verb}`] : routes.verbs[info.verb];
    if (!handler) throw errors.methodNotAllowed();
    if (type.namespaced && !info.namespace && info.verb !== 'list' && info.verb !== 'watch') throw errors.pathNotFound();
    await handler(rc, type);
  } catch (err) {
    if (!(err instanceof ApiError)) sim.logger.error('unexpected error', { uri: req.url, error: (err as Error)?.stack });
    rc.fail(err);
  }
}
