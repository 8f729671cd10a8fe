import type { ResourceType } from './resources.js';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  };
  code: number;
}

/** An error that the HTTP layer turns into a `Status` body with the same code and reason. */
export class ApiError extends Error {
  readonly status: StatusBody;
  /** Some errors (kubelet proxy) are not Status JSON on the wire. */
  readonly rawBody?: { contentType: string; text: string };

  constructor(status: Omit<StatusBody, 'kind' | 'apiVersion' | 'metadata' | 'status'>, rawBody?: { contentType: string; text: string }) {
    super(status.message ?? status.reason ?? 'error');
    this.status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', ...status };
    this.rawBody = rawBody;
  }

  get code(): number {
    return this.status.code;
  }
}

/** `pods`, `deployments.apps`: how the API server names a resource in messages. */
export function qualifiedResource(type: Pick<ResourceType, 'group' | 'resource'>): string {
  return type.group ? `${type.resource}.${type.group}` : type.resource;
}

function details(type: Pick<ResourceType, 'group' | 'resource'>, name?: string): StatusBody['details'] {
  const d: NonNullable<StatusBody['details']> = {};
  if (name !== undefined) d.name = name;
  if (type.group) d.group = type.group;
  d.kind = type.resource;
  return d;
}

export const errors = {
  notFound(type: Pick<ResourceType, 'group' | 'resource'>, name: string): ApiError {
    return new ApiError({ message: `${qualifiedResource(type)} "${name}" not found`, reason: 'NotFound', details: details(type, name), code: 404 });
  },
  alreadyExists(type: Pick<ResourceType, 'group' | 'resource'>, name: string): ApiError {
    return new ApiError({ message: `${qualifiedResource(type)} "${name}" already exists`, reason: 'AlreadyExists', details: details(type, name), code: 409 });
  },
  conflict(type: Pick<ResourceType, 'group' | 'resource'>, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): ApiError {
    return new ApiError({
      message: `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": ${why}`,
      reason: 'Conflict',
      details: details(type, name),
      code: 409,
    });
  },
  invalid(kind: string, group: string, name: string, causes: StatusCause[]): ApiError {
    const listed = causes.map((c) => `${c.field}: ${c.message}`);
    const summary = listed.length === 1 ? listed[0] : `[${listed.join(', ')}]`;
    const qualifiedKind = group ? `${kind}.${group}` : kind;
    const d: NonNullable<StatusBody['details']> = { name, kind, causes };
    if (group) d.group = group;
    return new ApiError({ message: `${qualifiedKind} "${name}" is invalid: ${summary}`, reason: 'Invalid', details: d, code: 422 });
  },
  forbidden(message: string, type?: Pick<ResourceType, 'group' | 'resource'>, name?: string): ApiError {
    return new ApiError({ message, reason: 'Forbidden', details: type ? details(type, name) : {}, code: 403 });
  },
  unauthorized(): ApiError {
    return new ApiError({ message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  },
  badRequest(message: string): ApiError {
    return new ApiError({ message, reason: 'BadRequest', code: 400 });
  },
  methodNotAllowed(): ApiError {
    return new ApiError({ message: 'the server does not allow this method on the requested resource', reason: 'MethodNotAllowed', details: {}, code: 405 });
  },
  pathNotFound(): ApiError {
    return new ApiError({ message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });
  },
  expired(message: string): ApiError {
    return new ApiError({ message, reason: 'Expired', code: 410 });
  },
  tooManyRequests(message: string, causes?: StatusCause[], retryAfterSeconds?: number): ApiError {
    const d: NonNullable<StatusBody['details']> = {};
    if (causes) d.causes = causes;
    if (retryAfterSeconds !== undefined) d.retryAfterSeconds = retryAfterSeconds;
    return new ApiError({ message, reason: 'TooManyRequests', details: d, code: 429 });
  },
  unsupportedMediaType(contentType: string): ApiError {
    return new ApiError({ message: `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${contentType})`, reason: 'UnsupportedMediaType', details: {}, code: 415 });
  },
  notAcceptable(): ApiError {
    return new ApiError({ message: 'only the following media types are accepted: application/json, application/yaml', reason: 'NotAcceptable', details: {}, code: 406 });
  },
  internal(message: string): ApiError {
    return new ApiError({ message: `Internal error occurred: ${message}`, reason: 'InternalError', details: { causes: [{ message }] }, code: 500 });
  },
};

export function successStatus(code = 200, detailsForDelete?: StatusBody['details']): StatusBody {
  const body: StatusBody = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code };
  if (detailsForDelete) body.details = detailsForDelete;
  return body;
}
