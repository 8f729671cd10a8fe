import type { ResourceType } from '../../api/resources.js';
import { apiVersionOf } from '../../api/resources.js';
import { errors } from '../../api/status.js';
import { negotiateShape, toTable } from '../../api/tables/table.js';
import type { StoredObject } from '../../api/types.js';
import type { StoreEvent, WatchEventType } from '../../store/object-store.js';
import { boolParam, intParam } from '../http-util.js';
import type { RequestContext } from '../request-context.js';
import { includeObjectParam, selectorFilter } from './read.js';

/**
 * WATCH: a chunked stream of `{"type","object"}` lines. Without a resourceVersion (or "0") it
 * starts with synthetic ADDED events for what exists; with one it replays history after it, or
 * sends a 410 Expired ERROR event (HTTP 200) when that history has been compacted, like the watch
 * cache does. Bookmarks go out at `watchBookmarkIntervalMs` when allowed. The server never ends a
 * healthy watch on its own unless `timeoutSeconds` was given.
 */
export function handleWatch(rc: RequestContext, type: ResourceType): void {
  const res = rc.res;
  if (!res) return;
  const { filter, name } = selectorFilter(rc, type);
  const namespace = type.namespaced ? rc.namespace : undefined;
  const inScope = (o: StoredObject) => (namespace === undefined || o.metadata.namespace === namespace) && (name === undefined || o.metadata.name === name);
  const rvParam = rc.url.searchParams.get('resourceVersion') ?? '';
  const sendInitialEvents = boolParam(rc.url, 'sendInitialEvents');
  const allowBookmarks = boolParam(rc.url, 'allowWatchBookmarks');
  const timeoutSeconds = intParam(rc.url, 'timeoutSeconds');
  let fromRv: number | undefined;
  if (rvParam !== '' && rvParam !== '0' && !sendInitialEvents) {
    fromRv = Number(rvParam);
    if (!Number.isInteger(fromRv) || fromRv < 0) throw errors.badRequest(`resourceVersion: Invalid value: "${rvParam}": must be a valid integer`);
  }
  const asTable = negotiateShape(rc.req.headers.accept) === 'table';
  const include = includeObjectParam(rc.url);
  let sentColumns = false;

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  rc.started(200);

  const write = (type_: WatchEventType | 'BOOKMARK' | 'ERROR', object: unknown) => {
    res.write(`${JSON.stringify({ type: type_, object })}\n`);
  };
  const writeObject = (eventType: WatchEventType, obj: StoredObject) => {
    if (asTable) {
      write(eventType, toTable(type.kind, [obj], { resourceVersion: obj.metadata.resourceVersion }, include, !sentColumns));
      sentColumns = true;
    } else write(eventType, obj);
  };

  const deliver = (event: StoreEvent) => {
    if (!inScope(event.object)) return;
    const now = filter(event.object);
    if (event.type === 'ADDED') {
      if (now) writeObject('ADDED', event.object);
    } else if (event.type === 'DELETED') {
      if (now) writeObject('DELETED', event.object);
    } else {
      const before = event.previous ? filter(event.previous) : false;
      if (now && before) writeObject('MODIFIED', event.object);
      else if (now) writeObject('ADDED', event.object);
      else if (before) writeObject('DELETED', event.object);
    }
  };

  if (fromRv === undefined) {
    const current = namespace !== undefined ? rc.sim.store.list(type, namespace) : rc.sim.store.list(type);
    for (const obj of current) if (inScope(obj) && filter(obj)) writeObject('ADDED', obj);
    if (sendInitialEvents && allowBookmarks) {
      write('BOOKMARK', bookmarkObject(type, rc.sim.store.resourceVersion, true));
    }
  } else {
    const history = rc.sim.store.eventsSince(type, fromRv);
    if (!Array.isArray(history)) {
      write('ERROR', { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${fromRv} (${history.oldest})`, reason: 'Expired', code: 410 });
      res.end();
      rc.complete();
      return;
    }
    for (const event of history) deliver(event);
  }

  const unsubscribe = rc.sim.store.subscribe(type, deliver);
  const timers: NodeJS.Timeout[] = [];
  if (allowBookmarks) {
    timers.push(setInterval(() => write('BOOKMARK', bookmarkObject(type, rc.sim.store.resourceVersion, false)), rc.sim.options.watchBookmarkIntervalMs));
  }
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    timers.forEach((t) => clearInterval(t));
    unregister();
    if (!res.writableEnded) res.end();
    rc.complete();
  };
  const unregister = rc.sim.streams.add(() => {
    finish();
    res.socket?.destroy();
  });
  if (timeoutSeconds !== undefined && timeoutSeconds > 0) timers.push(setTimeout(finish, timeoutSeconds * 1000));
  res.on('close', finish);
}

function bookmarkObject(type: ResourceType, rv: number, initialEventsEnd: boolean): Record<string, unknown> {
  const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
  if (initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
  return { kind: type.kind, apiVersion: apiVersionOf(type), metadata };
}
