import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { ResourceType } from '../api/resources.js';
import { ApiError } from '../api/status.js';
import type { UserInfo } from '../api/types.js';
import type { AuditEvent, AuditLevel, AuditStage } from '../audit/types.js';
import type { SimContext } from '../context.js';
import { microTime } from '../util/time.js';
import { parseBody, readBody, sendError, sendJson } from './http-util.js';
import type { RequestInfo } from './request-info.js';

/** One API request on its way through authentication, authorization, the handler and the audit log. */
export class RequestContext {
  readonly auditID = randomUUID();
  readonly receivedAt = microTime();
  type?: ResourceType;
  auditLevel: AuditLevel = 'None';
  decision?: { allowed: boolean; reason: string };
  requestObject?: unknown;
  objectName?: string;
  objectUid?: string;
  /** Set by streaming handlers (watch, follow, exec) that answer later or never "complete" quickly. */
  responseCode?: number;
  responseFailure?: Record<string, unknown>;
  private completed = false;
  private parsedBody: unknown;
  private bodyRead = false;

  constructor(
    readonly sim: SimContext,
    readonly req: IncomingMessage,
    readonly res: ServerResponse | undefined,
    readonly url: URL,
    readonly info: RequestInfo,
    readonly user: UserInfo,
  ) {}

  get namespace(): string | undefined {
    return this.info.namespace;
  }

  get dryRun(): boolean {
    return this.url.searchParams.getAll('dryRun').includes('All');
  }

  get userAgent(): string {
    return String(this.req.headers['user-agent'] ?? '');
  }

  /** The field manager a real server would record: the query parameter, else the user agent's program name. */
  get fieldManager(): string {
    const explicit = this.url.searchParams.get('fieldManager');
    if (explicit) return explicit;
    const ua = this.userAgent.split('/')[0]?.trim();
    return ua && ua.length > 0 ? ua.slice(0, 128) : 'unknown';
  }

  async body(): Promise<unknown> {
    if (!this.bodyRead) {
      this.bodyRead = true;
      const raw = await readBody(this.req);
      this.parsedBody = parseBody(raw, this.req.headers['content-type']);
    }
    return this.parsedBody;
  }

  respond(code: number, body: unknown): void {
    this.responseCode = code;
    if (this.res) sendJson(this.res, code, body);
    this.complete();
  }

  fail(err: unknown): void {
    const res = this.res;
    const code = res ? sendError(res, err) : err instanceof ApiError ? err.code : 500;
    this.responseCode = code;
    if (err instanceof ApiError) {
      const { kind: _k, apiVersion: _a, ...status } = err.status;
      this.responseFailure = status;
    } else {
      this.sim.logger.error('request failed', { uri: this.req.url, error: (err as Error)?.stack ?? String(err) });
      this.responseFailure = { metadata: {}, status: 'Failure', message: 'Internal error occurred', reason: 'InternalError', code: 500 };
    }
    this.complete();
  }

  /** Audit stage for long-running requests (watch, exec): the response has started. */
  started(code: number): void {
    this.responseCode = code;
    this.emitAudit('ResponseStarted');
  }

  complete(): void {
    if (this.completed) return;
    this.completed = true;
    this.emitAudit('ResponseComplete');
  }

  private emitAudit(stage: AuditStage): void {
    if (this.auditLevel === 'None') return;
    const info = this.info;
    const event: AuditEvent = {
      level: this.auditLevel,
      auditID: this.auditID,
      stage,
      requestURI: this.req.url ?? info.path,
      verb: info.verb,
      user: this.user,
      sourceIPs: sourceIPs(this.req),
      userAgent: this.userAgent,
      responseStatus: this.responseFailure ?? { metadata: {}, code: this.responseCode ?? 200 },
      requestReceivedTimestamp: this.receivedAt,
      stageTimestamp: microTime(),
    };
    if (info.isResourceRequest) {
      const ref: AuditEvent['objectRef'] = { resource: info.resource };
      if (info.namespace) ref.namespace = info.namespace;
      const name = info.name ?? this.objectName;
      if (name) ref.name = name;
      if (this.objectUid) ref.uid = this.objectUid;
      if (info.group) ref.apiGroup = info.group;
      ref.apiVersion = info.version;
      if (info.subresource) ref.subresource = info.subresource;
      event.objectRef = ref;
    }
    if (this.auditLevel !== 'Metadata' && this.requestObject !== undefined) event.requestObject = this.requestObject;
    if (this.decision) {
      event.annotations = {
        'authorization.k8s.io/decision': this.decision.allowed ? 'allow' : 'forbid',
        'authorization.k8s.io/reason': this.decision.reason,
      };
    }
    this.sim.audit.record(event);
  }
}

/** X-Forwarded-For first (client-controlled, as on a real server), then the peer address. */
export function sourceIPs(req: IncomingMessage): string[] {
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const peer = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  return [...forwarded, peer];
}
