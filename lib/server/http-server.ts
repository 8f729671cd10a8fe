// One Node process per replica: machine-to-machine paths (ingest, health, the live stream) are
// answered before Next.js — the framework's request pipeline costs ~20x in throughput on this
// path — and everything else is handed to Next.js.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants as zlib } from 'node:zlib';
import compression from 'compression';
import next from 'next';
import { publicUrl } from '../env';
import { checkHealth, publicHealth } from '../health';
import { cameThroughProxy, isLoopback } from '../metrics/route';
import { createRequestHandler } from './request-handler';

export interface LeanRoute {
  /** Matches on the path (no query string). */
  matches(pathname: string): boolean;
  handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> | void;
}

export interface CordonServerOptions {
  dev: boolean;
  host: string;
  port: number;
  dir: string;
  trustProxy: boolean;
  routes?: LeanRoute[];
}

export interface CordonServer {
  server: http.Server;
  port: number;
  close(): Promise<void>;
}

const healthRoute: LeanRoute = {
  matches: (pathname) => pathname === '/api/health',
  async handle(req, res) {
    const report = await checkHealth();
    res.writeHead(report.database.state === 'up' ? 200 : 503, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
    });
    // Details (version, error text, cluster names) only for this machine, not through a proxy.
    const detailed = isLoopback(req.socket.remoteAddress) && !cameThroughProxy(req);
    res.end(JSON.stringify(detailed ? report : publicHealth(report)));
  },
};

// Liveness: the process answers, without asking the database. An orchestrator that restarted
// replicas on /api/health would restart all of them during a database outage, which cures nothing.
const liveRoute: LeanRoute = {
  matches: (pathname) => pathname === '/api/health/live',
  handle(_req, res) {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) }));
  },
};

/**
 * What Next.js answers is compressed here, at the fastest levels (brotli quality 1 for browsers,
 * gzip level 1 for the rest), instead of by Next.js with gzip at zlib's default level 6
 * (`compress: false` in next.config.js): on the map's 6 MB snapshot, 20 ms instead of 50–170 for
 * a body as small or a sixth larger. Pages cost CPU on a busy console, and the snapshot is on the
 * critical path of the map's first render. Next.js flushes the compressor as it streams a page.
 */
function compressed(handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) {
  const middleware = compression({ level: zlib.Z_BEST_SPEED, brotli: { params: { [zlib.BROTLI_PARAM_QUALITY]: 1 } } });
  return (req: http.IncomingMessage, res: http.ServerResponse) =>
    new Promise<void>((resolve, reject) => {
      // compression() is Express middleware: it patches res and calls next() at once.
      middleware(req as Parameters<typeof middleware>[0], res as Parameters<typeof middleware>[1], () => void handler(req, res).then(resolve, reject));
    });
}

export async function startCordonServer(options: CordonServerOptions): Promise<CordonServer> {
  const app = next({ dev: options.dev, dir: options.dir, hostname: options.host, port: options.port });
  await app.prepare();
  const handleWithNext = app.getRequestHandler();
  const routes = [healthRoute, liveRoute, ...(options.routes ?? [])];

  const server = http.createServer(
    createRequestHandler({ routes, fallback: compressed(handleWithNext), trustProxy: options.trustProxy, dev: options.dev, publicUrl: publicUrl() }),
  );
  if (options.dev) {
    const upgrade = app.getUpgradeHandler();
    server.on('upgrade', (req, socket, head) => void upgrade(req, socket, head));
  }
  server.keepAliveTimeout = 65_000; // longer than common load balancer idle timeouts

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    server,
    port,
    async close() {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open streams (SSE, slow clients) must not hold shutdown hostage.
        setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, 3_000).unref();
      });
      await app.close?.();
    },
  };
}
