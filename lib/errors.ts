// One application error type. `message` is for logs; `userMessage` is safe to show as it is.
export type AppErrorCode =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid_transition'
  | 'too_many_requests'
  | 'unavailable'
  | 'cluster_error'
  | 'internal';

const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  too_many_requests: 429,
  unavailable: 503,
  cluster_error: 502,
  internal: 500,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly userMessage: string;
  readonly status: number;
  readonly details?: Record<string, unknown>;

  constructor(
    code: AppErrorCode,
    options: { message?: string; userMessage?: string; status?: number; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    const userMessage = options.userMessage ?? options.message ?? code;
    super(options.message ?? userMessage, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.userMessage = userMessage;
    this.status = options.status ?? STATUS[code];
    this.details = options.details;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export function notFound(what: string): AppError {
  return new AppError('not_found', { userMessage: `${what} not found` });
}

export function forbidden(userMessage = 'You do not have permission to do this.'): AppError {
  return new AppError('forbidden', { userMessage });
}
