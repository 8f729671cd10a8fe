// GET /api/metrics — Prometheus text format, served before Next.js. Who may scrape it:
//   CORDON_METRICS_TOKEN set: any client presenting it as "Authorization: Bearer <token>";
//   unset: only clients on this machine (loopback) that came through no proxy — a reverse proxy on
//   the same host would otherwise make every outside request look local.
// Metrics hold no secrets but do describe the deployment (clusters' load, queue depths), so they
// are not public by default.
import { createHash, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { liveStreamCount } from '../live/stream-route';
import type { LeanRoute } from '../server/http-server';
import { metrics } from './metrics';

const PROXY_HEADERS = new Set(['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip']);

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** Raw headers: the server rewrites X-Forwarded-For in `req.headers` when it trusts no proxy. */
export function cameThroughProxy(req: http.IncomingMessage): boolean {
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (PROXY_HEADERS.has(req.rawHeaders[i]!.toLowerCase())) return true;
  return false;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

function send(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(body);
}

export function metricsRoute(options: { token: string | undefined }): LeanRoute {
  const expected = options.token ? digest(options.token) : null;
  metrics().sources.sseClients = liveStreamCount;
  return {
    matches: (pathname) => pathname === '/api/metrics',
    async handle(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Use GET.\n', { allow: 'GET, HEAD' });
      if (expected) {
        const authorization = req.headers.authorization ?? '';
        const presented = authorization.toLowerCase().startsWith('bearer ') ? authorization.slice(7).trim() : '';
        if (!presented || !timingSafeEqual(digest(presented), expected)) {
          return send(res, 401, 'Send the metrics token as "Authorization: Bearer <CORDON_METRICS_TOKEN>".\n', { 'www-authenticate': 'Bearer realm="cordon-metrics"' });
        }
      } else if (!isLoopback(req.socket.remoteAddress) || cameThroughProxy(req)) {
        return send(res, 403, 'Metrics are served to this machine only. Set CORDON_METRICS_TOKEN to scrape them from elsewhere.\n');
      }
      const { registry } = metrics();
      const body = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
  };
}
