// What every HTTP request goes through before its handler: the client address (a client-supplied
// X-Forwarded-For is not believed without a trusted proxy), a request id (logged with every line
// written while the request is served, returned in X-Request-Id), the security headers, and the
// cross-site check for everything authenticated by the session cookie. Then the lean routes answer
// their paths and Next.js the rest.
import type http from 'node:http';
import { crossSiteRefusal } from '../http/csrf';
import { logger } from '../log';
import type { LeanRoute } from './http-server';
import { requestIdFrom, runWithRequestContext } from './request-context';
import { applySecurityHeaders, commonHeaders, type SecurityHeaderOptions } from './security-headers';

export interface RequestHandlerOptions {
  routes: LeanRoute[];
  /** Everything the lean routes do not match (Next.js). */
  fallback: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;
  trustProxy: boolean;
  dev: boolean;
  /** The console's public URL (CORDON_PUBLIC_URL). */
  publicUrl: string;
}

export function createRequestHandler(options: RequestHandlerOptions): http.RequestListener {
  const publicOrigin = new URL(options.publicUrl).origin;
  const headerOptions: SecurityHeaderOptions = { dev: options.dev, https: publicOrigin.startsWith('https:') };
  const common = commonHeaders(headerOptions);
  const page = { options: headerOptions };

  return (req, res) => {
    if (!options.trustProxy) {
      // Rate limits and the audit log key on the client address; without a trusted proxy in front,
      // a client-supplied X-Forwarded-For must not be believed, nor the host it claims.
      req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
      delete req.headers['x-forwarded-host'];
    }
    const requestId = requestIdFrom(req.headers['x-request-id']);
    req.headers['x-request-id'] = requestId;
    res.setHeader('x-request-id', requestId);
    const pathname = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const lean = options.routes.find((route) => route.matches(pathname));
    applySecurityHeaders(req, res, common, lean ? null : page);
    if (logger.isLevelEnabled('debug')) logRequest(req, res, requestId, pathname);

    runWithRequestContext({ requestId }, () => {
      if (!lean) {
        const refusal = crossSiteRefusal(
          {
            method: req.method ?? 'GET',
            origin: header(req, 'origin'),
            fetchSite: header(req, 'sec-fetch-site'),
            host: header(req, 'x-forwarded-host') ?? header(req, 'host'),
          },
          publicOrigin,
        );
        if (refusal) {
          logger.warn({ method: req.method, path: pathname, reason: refusal }, 'cross-site request refused');
          res.writeHead(403, { 'content-type': 'application/json', 'cache-control': 'no-store' });
          res.end(JSON.stringify({ error: 'cross_site', message: 'Cross-site request refused.' }));
          if (!req.complete) req.resume();
          return;
        }
      }
      const done = lean ? lean.handle(req, res) : options.fallback(req, res);
      Promise.resolve(done).catch((error: unknown) => {
        logger.error({ err: error, path: pathname }, 'request failed');
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'internal error' }));
        } else {
          res.destroy();
        }
      });
    });
  };
}

function header(req: http.IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** LOG_LEVEL=debug: one line per request when it ends. */
function logRequest(req: http.IncomingMessage, res: http.ServerResponse, requestId: string, path: string): void {
  const started = performance.now();
  res.once('close', () => {
    logger.debug(
      { requestId, method: req.method, path, status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10 },
      'request',
    );
  });
}
