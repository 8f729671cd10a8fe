// One error type for everything the cluster gateway can fail with. `message` is what an analyst
// may read as it is: the cluster's own Status message when it sent one, otherwise a sentence
// written here. client-node's ApiException is never surfaced: its message embeds the whole
// response body and headers.
import { ApiException } from '@kubernetes/client-node';

export type K8sErrorKind =
  | 'Unreachable'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'Conflict'
  | 'Invalid'
  | 'Timeout'
  | 'TooManyRequests'
  | 'AlreadyExists'
  | 'Gone'
  | 'Unknown';

export interface K8sStatusCause {
  reason: string | null;
  message: string | null;
  field: string | null;
}

export interface K8sErrorOptions {
  /** HTTP status code, when there was a response. */
  status?: number | null;
  /** The Kubernetes Status `reason` (e.g. `NotFound`, `Expired`, `BadRequest`). */
  reason?: string | null;
  /** The Kubernetes Status `message`, verbatim. */
  clusterMessage?: string | null;
  causes?: K8sStatusCause[];
  retryAfterSeconds?: number | null;
  /** What the gateway was doing, e.g. `cordon node demo-worker-1` (for logs). */
  operation?: string | null;
  cause?: unknown;
}

export class K8sError extends Error {
  readonly kind: K8sErrorKind;
  readonly status: number | null;
  readonly reason: string | null;
  readonly clusterMessage: string | null;
  readonly causes: K8sStatusCause[];
  readonly retryAfterSeconds: number | null;
  readonly operation: string | null;

  constructor(kind: K8sErrorKind, message: string, options: K8sErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'K8sError';
    this.kind = kind;
    this.status = options.status ?? null;
    this.reason = options.reason ?? null;
    this.clusterMessage = options.clusterMessage ?? null;
    this.causes = options.causes ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
    this.operation = options.operation ?? null;
  }

  /** A plain object for action results and logs (no stack, no foreign objects). */
  toJSON(): Record<string, unknown> {
    return {
      kind: this.kind,
      message: this.message,
      status: this.status,
      reason: this.reason,
      clusterMessage: this.clusterMessage,
      causes: this.causes,
      operation: this.operation,
    };
  }
}

export function isK8sError(error: unknown, kind?: K8sErrorKind): error is K8sError {
  return error instanceof K8sError && (kind === undefined || error.kind === kind);
}

/** Fallback sentences for responses that carry no readable Status message. */
const DEFAULT_MESSAGES: Record<K8sErrorKind, string> = {
  Unreachable: 'The cluster API server could not be reached.',
  Unauthorized:
    'Unauthorized: the cluster did not accept the credentials Cordon uses (token or client certificate missing, expired or revoked).',
  Forbidden: 'Forbidden: the identity Cordon uses in this cluster is not allowed to do this.',
  NotFound: 'The object was not found in the cluster.',
  Conflict: 'The object was changed by someone else since it was read; read it again and retry.',
  Invalid: 'The cluster rejected the request as invalid.',
  Timeout: 'The cluster did not answer in time.',
  TooManyRequests: 'The cluster asked to retry later (too many requests).',
  AlreadyExists: 'The object already exists in the cluster.',
  Gone: 'The requested resource version is too old (gone); list again.',
  Unknown: 'The cluster answered with an unexpected error.',
};

interface StatusLike {
  code?: unknown;
  reason?: unknown;
  message?: unknown;
  details?: { causes?: unknown; retryAfterSeconds?: unknown } | null;
}

function kindForStatus(code: number, reason: string | null): K8sErrorKind {
  if (reason === 'AlreadyExists') return 'AlreadyExists';
  if (reason === 'Timeout' || reason === 'ServerTimeout') return 'Timeout';
  if (reason === 'Expired' || reason === 'Gone') return 'Gone';
  switch (code) {
    case 400:
    case 422:
      return 'Invalid';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 408:
    case 504:
      return 'Timeout';
    case 409:
      return 'Conflict';
    case 410:
      return 'Gone';
    case 429:
      return 'TooManyRequests';
    case 502:
    case 503:
      return 'Unreachable';
    default:
      return 'Unknown';
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function parseCauses(value: unknown): K8sStatusCause[] {
  if (!Array.isArray(value)) return [];
  return value.map((raw: unknown) => {
    const cause = (raw ?? {}) as Record<string, unknown>;
    return { reason: text(cause.reason), message: text(cause.message), field: text(cause.field) };
  });
}

/** A body that is a Status object (parsed, or JSON text), or plain text from a proxied kubelet. */
function parseBody(body: unknown): { status: StatusLike | null; plainText: string | null } {
  if (body === undefined || body === null) return { status: null, plainText: null };
  let raw: string;
  if (typeof body === 'string') raw = body;
  else if (Buffer.isBuffer(body)) raw = body.toString('utf8');
  else if (typeof body === 'object') return { status: body, plainText: null };
  else return { status: null, plainText: null };
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object') return { status: parsed, plainText: null };
  } catch {
    // not JSON: kubelet answers through the node proxy are plain text
  }
  const trimmed = raw.trim().slice(0, 1000);
  return { status: null, plainText: trimmed.length > 0 ? trimmed : null };
}

function retryAfterFrom(headers: Record<string, string> | undefined, status: StatusLike | null): number | null {
  const header = headers?.['retry-after'];
  if (header !== undefined) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds;
    const date = Date.parse(header);
    if (Number.isFinite(date)) return Math.max(0, Math.ceil((date - Date.now()) / 1000));
  }
  const fromStatus = status?.details?.retryAfterSeconds;
  return typeof fromStatus === 'number' && fromStatus >= 0 ? fromStatus : null;
}

/** A K8sError from an HTTP status and whatever body came with it. */
export function k8sErrorFromResponse(
  code: number,
  body: unknown,
  options: { headers?: Record<string, string>; operation?: string | null } = {},
): K8sError {
  const { status, plainText } = parseBody(body);
  const reason = text(status?.reason);
  const clusterMessage = text(status?.message) ?? plainText;
  const kind = kindForStatus(code, reason);
  return new K8sError(kind, clusterMessage ?? `${DEFAULT_MESSAGES[kind]} (HTTP ${code})`, {
    status: code,
    reason,
    clusterMessage,
    causes: parseCauses(status?.details?.causes),
    retryAfterSeconds: retryAfterFrom(options.headers, status),
    operation: options.operation,
  });
}

/** A K8sError from a Status object delivered in-band (watch ERROR events, exec status frames). */
export function k8sErrorFromStatus(status: unknown, operation?: string | null): K8sError {
  const code = typeof (status as StatusLike | null)?.code === 'number' ? ((status as StatusLike).code as number) : 500;
  return k8sErrorFromResponse(code, status, { operation });
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** The innermost error with a `code` (undici wraps socket errors as `TypeError: fetch failed`). */
function networkCode(error: unknown): { code: string; message: string } | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string') return { code, message: typeof message === 'string' ? message : code };
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function isTlsCode(code: string): boolean {
  return code.startsWith('ERR_TLS') || code.includes('CERT') || code.includes('SELF_SIGNED') || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE';
}

/**
 * Every failure the gateway can meet — ApiException, undici fetch errors, aborts, WebSocket
 * ErrorEvents, K8sErrors passing through — becomes one K8sError.
 */
export function toK8sError(error: unknown, operation?: string | null): K8sError {
  if (error instanceof K8sError) {
    return error.operation || !operation ? error : new K8sError(error.kind, error.message, { ...error, operation, cause: error.cause });
  }
  if (error instanceof ApiException) {
    // 401 bodies are dropped by client-node (`body` undefined): the default message still says Unauthorized.
    return k8sErrorFromResponse(error.code, error.body, { headers: error.headers, operation });
  }
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError') {
    return new K8sError('Timeout', DEFAULT_MESSAGES.Timeout, { operation, reason: 'Timeout' });
  }
  if (name === 'AbortError') {
    return new K8sError('Unknown', 'The request to the cluster was cancelled.', { operation, reason: 'Cancelled' });
  }
  const network = networkCode(error);
  if (network && TIMEOUT_CODES.has(network.code)) {
    return new K8sError('Timeout', `The cluster did not answer in time (${network.code}).`, { operation, reason: 'Timeout', cause: error });
  }
  if (network && isTlsCode(network.code)) {
    return new K8sError('Unreachable', `The cluster API server's TLS certificate was not accepted (${network.code}).`, { operation, cause: error });
  }
  if (network && UNREACHABLE_CODES.has(network.code)) {
    return new K8sError('Unreachable', `The cluster API server could not be reached (${network.message}).`, { operation, cause: error });
  }
  // A refused WebSocket upgrade (exec) arrives as an ErrorEvent: "Unexpected server response: 403".
  const message = (error as { message?: unknown } | null)?.message;
  const upgrade = typeof message === 'string' ? /Unexpected server response: (\d{3})/.exec(message) : null;
  if (upgrade?.[1]) return k8sErrorFromResponse(Number(upgrade[1]), undefined, { operation });
  if (error instanceof TypeError && message === 'fetch failed') {
    return new K8sError('Unreachable', DEFAULT_MESSAGES.Unreachable, { operation, cause: error });
  }
  return new K8sError('Unknown', typeof message === 'string' && message ? message : DEFAULT_MESSAGES.Unknown, { operation, cause: error });
}
