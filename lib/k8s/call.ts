// The call policy: every request has a deadline (AbortSignal), reads are retried a few times on
// transient failures, writes are sent once. Retrying a write blindly could apply it twice, or
// apply it after the analyst has already seen it fail.
import 'server-only';
import { type ConfigurationOptions, Observable, type ObservableMiddleware, type PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { type K8sError, toK8sError } from './errors';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const MAX_READ_RETRIES = 3;
const BACKOFF_BASE_MS = 200;
const BACKOFF_CAP_MS = 3_000;

export interface CallOptions {
  /** Deadline for the whole call, retries included. Default 10 s (or the connection's default). */
  timeoutMs?: number;
  /** Cancels the call (e.g. the request that needed it went away). */
  signal?: AbortSignal;
}

export interface WriteOptions extends CallOptions {
  /** Server-side dry run (`dryRun=All`): admitted and validated, never persisted. */
  dryRun?: boolean;
}

/** The per-request options handed to a client-node API method. */
export type RequestOptions = ConfigurationOptions;

export interface CallTarget {
  readonly defaultTimeoutMs: number;
}

/** Middleware that attaches our AbortSignal to the request client-node builds. */
function signalMiddleware(signal: AbortSignal): ObservableMiddleware {
  return {
    pre: (context) => {
      context.setSignal(signal);
      return new Observable(Promise.resolve(context));
    },
    post: (response) => new Observable(Promise.resolve(response)),
  };
}

function requestOptions(signal: AbortSignal): RequestOptions {
  // 'append' keeps the configuration's own middleware (client-node's User-Agent header).
  return { middleware: [signalMiddleware(signal)], middlewareMergeStrategy: 'append' };
}

/** Adds the Content-Type a PATCH needs (client-node otherwise sends json-patch for every body). */
export function withPatchType(options: RequestOptions, strategy: PatchStrategy): RequestOptions {
  return setHeaderOptions('Content-Type', strategy, options);
}

export const dryRunParam = (options?: WriteOptions): 'All' | undefined => (options?.dryRun ? 'All' : undefined);

/** The field manager recorded in managedFields for every change Cordon makes. */
export const FIELD_MANAGER = 'cordon';

export function isRetryable(error: K8sError): boolean {
  if (error.kind === 'Unreachable' || error.kind === 'TooManyRequests') return true;
  return error.status !== null && error.status >= 500;
}

/**
 * Delay before retry number `attempt` (0-based), or null when the error must not be retried or
 * the retries are spent. Honours Retry-After; otherwise exponential with jitter, capped.
 */
export function retryDelayMs(error: K8sError, attempt: number, random: () => number = Math.random): number | null {
  if (attempt >= MAX_READ_RETRIES || !isRetryable(error)) return null;
  if (error.retryAfterSeconds !== null) return error.retryAfterSeconds * 1000;
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function deadlineSignal(target: CallTarget, options: CallOptions | undefined): { signal: AbortSignal; deadline: number } {
  const timeoutMs = options?.timeoutMs ?? target.defaultTimeoutMs;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options?.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  return { signal, deadline: Date.now() + timeoutMs };
}

/** The abort reason, when the deadline or the caller ended the call (not the server). */
function abortError(signal: AbortSignal, operation: string): K8sError | null {
  return signal.aborted ? toK8sError(signal.reason, operation) : null;
}

/** A GET (or a review POST that changes nothing): retried on 429, 5xx and network errors. */
export async function readCall<T>(
  target: CallTarget,
  operation: string,
  request: (options: RequestOptions) => Promise<T>,
  options?: CallOptions,
): Promise<T> {
  const { signal, deadline } = deadlineSignal(target, options);
  for (let attempt = 0; ; attempt++) {
    try {
      return await request(requestOptions(signal));
    } catch (err) {
      const error = abortError(signal, operation) ?? toK8sError(err, operation);
      const delay = signal.aborted ? null : retryDelayMs(error, attempt);
      if (delay === null || Date.now() + delay >= deadline) throw error;
      await sleep(delay, signal);
      if (signal.aborted) throw error;
    }
  }
}

/** A change: sent once; the error (or the server's answer) goes back to the caller as it is. */
export async function writeCall<T>(
  target: CallTarget,
  operation: string,
  request: (options: RequestOptions) => Promise<T>,
  options?: CallOptions,
): Promise<T> {
  const { signal } = deadlineSignal(target, options);
  try {
    return await request(requestOptions(signal));
  } catch (err) {
    throw abortError(signal, operation) ?? toK8sError(err, operation);
  }
}
