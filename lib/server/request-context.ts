// The request being served, for log lines: each HTTP request runs inside an AsyncLocalStorage
// context carrying its request id, and the logger's mixin adds it to every line written while the
// request is served (lib/log.ts). One store per process, on globalThis: the custom server and the
// Next.js bundle load this module separately.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestContext {
  requestId: string;
}

const globalForContext = globalThis as unknown as { cordonRequestContext?: AsyncLocalStorage<RequestContext> };

export function requestContextStore(): AsyncLocalStorage<RequestContext> {
  return (globalForContext.cordonRequestContext ??= new AsyncLocalStorage<RequestContext>());
}

export function currentRequestId(): string | undefined {
  return globalForContext.cordonRequestContext?.getStore()?.requestId;
}

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return requestContextStore().run(context, fn);
}

// Ids from a proxy or a client are kept when they look like ids (UUIDs, hex, AWS/Cloudflare trace
// ids); anything else — too long, spaces, quotes, control characters — is replaced, so a header
// cannot forge or break log lines.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:=+/-]{1,128}$/;

export function requestIdFrom(incoming: string | string[] | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value !== undefined && SANE_REQUEST_ID.test(value) ? value : randomUUID();
}
