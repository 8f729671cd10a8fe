// List, then watch from the list's resourceVersion; relist on 410; re-watch quietly when
// client-node 2.0.1 aborts a watch that saw nothing for 30 s (its inactivity timer, #3020);
// back off with jitter on real failures. resourceVersion is opaque: stored and sent back, never
// compared.
import 'server-only';
import { Watch } from '@kubernetes/client-node';
import { readCall, sleep } from './call';
import type { ClusterConnection } from './connection';
import type { ResourceDto } from './dto';
import { K8sError, k8sErrorFromResponse, k8sErrorFromStatus, toK8sError } from './errors';
import { toResourceDto } from './resource-dto';

export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: T;
}

export interface WatchOptions<T> {
  /** Collection path, e.g. `/api/v1/pods` or `/apis/apps/v1/namespaces/shop/deployments`. */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
  onEvent: (event: WatchEvent<T>) => void;
  /** After every (re)list, with the complete current state: replace yours with it. */
  onSync?: (items: T[]) => void;
  /** Failures the watch recovers from by itself (after a backoff); for health and logs. */
  onError?: (error: K8sError) => void;
  /** Plain JSON object → what the callbacks receive. Default: the DTO for its kind. */
  map?: (object: RawObject) => T;
  /**
   * client-node aborts a watch that receives nothing for this long (2.0.1: 30 s). Lower it in
   * tests; leave it in production.
   */
  inactivityTimeoutMs?: number;
  /** Page size of the list. */
  pageSize?: number;
  /** Backoff cap after failures. */
  maxBackoffMs?: number;
}

export interface RawObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface WatchStats {
  lists: number;
  watches: number;
  events: number;
  /** Relists because the resourceVersion had expired (410). */
  expired: number;
  /** Re-watches after client-node's inactivity abort. */
  inactivityTimeouts: number;
  failures: number;
}

export interface ResourceWatch {
  stop(): Promise<void>;
  readonly stats: Readonly<WatchStats>;
  /** The last resourceVersion seen (list, event or bookmark). */
  readonly resourceVersion: string | null;
}

type SessionEnd =
  | { kind: 'closed' }
  | { kind: 'inactive' }
  | { kind: 'expired' }
  | { kind: 'failed'; error: K8sError }
  | { kind: 'stopped' };

interface RawList {
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  items?: RawObject[];
}

const DEFAULT_PAGE_SIZE = 500;
const DEFAULT_MAX_BACKOFF_MS = 30_000;
const MIN_BACKOFF_MS = 250;

export function watchResources<T = ResourceDto>(conn: ClusterConnection, options: WatchOptions<T>): ResourceWatch {
  const map = options.map ?? ((o: RawObject) => toResourceDto(o) as T);
  const stats: WatchStats = { lists: 0, watches: 0, events: 0, expired: 0, inactivityTimeouts: 0, failures: 0 };
  const stopController = new AbortController();
  const stopSignal = stopController.signal;
  let resourceVersion: string | null = null;
  let consecutiveFailures = 0;
  let listKind: string | undefined;

  const report = (error: K8sError) => {
    stats.failures++;
    consecutiveFailures++;
    try {
      options.onError?.(error);
    } catch {
      // a consumer's error handler must not end the watch
    }
  };

  const backoff = () => {
    const ceiling = Math.min(options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** Math.min(consecutiveFailures, 10));
    return sleep(ceiling / 2 + Math.random() * (ceiling / 2), stopSignal);
  };

  async function list(): Promise<void> {
    const items: RawObject[] = [];
    let continueToken: string | undefined;
    let listRv: string | undefined;
    do {
      const query = { labelSelector: options.labelSelector, fieldSelector: options.fieldSelector, limit: options.pageSize ?? DEFAULT_PAGE_SIZE, continue: continueToken };
      let page: RawList;
      try {
        page = await readCall(conn, `list ${options.path}`, (o) => conn.raw.getJson<RawList>(options.path, query, o), { signal: stopSignal });
      } catch (err) {
        // A continue token older than the server's history: start the list again.
        if (continueToken && err instanceof K8sError && err.kind === 'Gone') {
          items.length = 0;
          continueToken = undefined;
          continue;
        }
        throw err;
      }
      listKind ??= page.kind?.replace(/List$/, '');
      items.push(...(page.items ?? []));
      listRv = page.metadata?.resourceVersion;
      continueToken = page.metadata?.continue || undefined;
    } while (continueToken);
    stats.lists++;
    resourceVersion = listRv ?? null;
    // Items of a typed list have no kind of their own.
    const mapped = items.map((item) => map({ ...item, kind: item.kind ?? listKind }));
    options.onSync?.(mapped);
  }

  function watchOnce(): Promise<SessionEnd> {
    return new Promise<SessionEnd>((resolve) => {
      let ended = false;
      let connected = false;
      let controller: AbortController | null = null;
      const end = (outcome: SessionEnd) => {
        if (ended) return;
        ended = true;
        stopSignal.removeEventListener('abort', onStop);
        controller?.abort();
        resolve(outcome);
      };
      const onStop = () => end({ kind: 'stopped' });
      stopSignal.addEventListener('abort', onStop, { once: true });

      const watch = new Watch(conn.kubeConfig);
      if (options.inactivityTimeoutMs !== undefined && typeof (watch as unknown as Record<string, unknown>).requestTimeoutMs === 'number') {
        // A private field of client-node 2.0.1's Watch (30 s); ignored if a later version drops it.
        (watch as unknown as { requestTimeoutMs: number }).requestTimeoutMs = options.inactivityTimeoutMs;
      }
      const params = {
        allowWatchBookmarks: true,
        resourceVersion: resourceVersion ?? undefined,
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
      };
      const onEvent = (type: string, object: RawObject) => {
        if (ended) return;
        if (type === 'ERROR') {
          const error = k8sErrorFromStatus(object, `watch ${options.path}`);
          end(error.kind === 'Gone' ? { kind: 'expired' } : { kind: 'failed', error });
          return;
        }
        const rv = object?.metadata?.resourceVersion;
        if (rv) resourceVersion = rv;
        if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED') return; // BOOKMARK: only the resourceVersion
        stats.events++;
        try {
          options.onEvent({ type, object: map({ ...object, kind: object.kind ?? listKind }) });
        } catch (err) {
          report(toK8sError(err, `watch ${options.path}: event handler`));
        }
      };
      const onDone = (err: unknown) => {
        if (!err) return end({ kind: 'closed' });
        const error = err as { name?: string; statusCode?: number };
        // Only after the stream was open is a TimeoutError client-node's inactivity abort.
        if (connected && error.name === 'TimeoutError') return end({ kind: 'inactive' });
        if (error.statusCode === 410) return end({ kind: 'expired' });
        // client-node keeps only the status code of a refused watch, not its Status body.
        const operation = `watch ${options.path}`;
        end({ kind: 'failed', error: error.statusCode ? k8sErrorFromResponse(error.statusCode, undefined, { operation }) : toK8sError(err, operation) });
      };
      stats.watches++;
      watch
        .watch(options.path, params, onEvent, onDone)
        .then((c) => {
          controller = c;
          if (ended) c.abort();
          else connected = true;
        })
        .catch((err: unknown) => end({ kind: 'failed', error: toK8sError(err, `watch ${options.path}`) }));
    });
  }

  async function run(): Promise<void> {
    let needList = true;
    while (!stopSignal.aborted) {
      if (needList) {
        try {
          await list();
          needList = false;
          consecutiveFailures = 0;
        } catch (err) {
          if (stopSignal.aborted) return;
          report(toK8sError(err, `list ${options.path}`));
          await backoff();
          continue;
        }
      }
      const startedAt = Date.now();
      const outcome = await watchOnce();
      switch (outcome.kind) {
        case 'stopped':
          return;
        case 'expired':
          stats.expired++;
          needList = true;
          break;
        case 'inactive':
          stats.inactivityTimeouts++;
          consecutiveFailures = 0;
          break;
        case 'closed':
          // A server that closes at once, again and again, must not make us spin.
          if (Date.now() - startedAt < 1000) {
            consecutiveFailures++;
            await backoff();
          } else consecutiveFailures = 0;
          break;
        case 'failed':
          report(outcome.error);
          await backoff();
          break;
      }
    }
  }

  const running = run().catch((err: unknown) => report(toK8sError(err, `watch ${options.path}`)));
  return {
    async stop() {
      stopController.abort();
      await running;
    },
    get stats() {
      return { ...stats };
    },
    get resourceVersion() {
      return resourceVersion;
    },
  };
}
