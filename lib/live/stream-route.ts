// GET /api/stream — Server-Sent Events for signed-in browsers: small { topic, ids } events from
// the event bus (PostgreSQL LISTEN/NOTIFY, so every replica sees every change). Served before
// Next.js: these connections stay open for hours.
import type http from 'node:http';
import { auth } from '../auth/auth';
import { isRole } from '../auth/roles';
import type { LeanRoute } from '../server/http-server';
import { eventBus, type LiveEvent } from './event-bus';

const HEARTBEAT_MS = 25_000; // below common proxy idle timeouts
const SESSION_RECHECK_MS = 60_000; // a revoked session loses its stream within a minute

let openStreams = 0;
export const liveStreamCount = (): number => openStreams;

function requestHeaders(req: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  return headers;
}

async function signedIn(req: http.IncomingMessage): Promise<boolean> {
  const session = await auth().api.getSession({ headers: requestHeaders(req), query: { disableRefresh: true } });
  const user = session?.user as { role?: unknown; disabled?: unknown } | undefined;
  return Boolean(user && user.disabled !== true && isRole(user.role));
}

export const streamRoute: LeanRoute = {
  matches: (pathname) => pathname === '/api/stream',
  async handle(req, res) {
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if (!(await signedIn(req))) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unauthenticated' }));
      return;
    }
    const bus = eventBus();
    await bus.ready().catch(() => undefined); // a down database still gets a stream; events resume later
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no', // nginx: do not buffer the stream
    });
    res.write('retry: 2000\n\n');
    openStreams += 1;
    const send = (event: LiveEvent) => {
      res.write(`event: ${event.topic}\ndata: ${JSON.stringify(event)}\n\n`);
    };
    const unsubscribe = bus.subscribe(send);
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    const recheck = setInterval(() => {
      signedIn(req).then(
        (ok) => ok || res.end(),
        () => undefined,
      );
    }, SESSION_RECHECK_MS);
    const cleanup = () => {
      clearInterval(heartbeat);
      clearInterval(recheck);
      unsubscribe();
      openStreams -= 1;
    };
    res.once('close', cleanup);
  },
};
