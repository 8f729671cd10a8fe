// Live updates across replicas: writers `pg_notify('cordon_events', json)` inside their
// transactions (delivered at commit); every replica LISTENs on one dedicated connection and fans
// the events out to its subscribers (the SSE streams of its browsers). Small events only —
// { topic, ids } — browsers refetch what changed.
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { parseDatabaseUrl } from '../db/connection';
import { databaseUrl } from '../env';
import { logger } from '../log';

export const EVENTS_CHANNEL = 'cordon_events';

export interface LiveEvent {
  topic: string;
  ids?: (number | string)[];
  [key: string]: unknown;
}

type Listener = (event: LiveEvent) => void;

class EventBus {
  private readonly emitter = new EventEmitter();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryDelayMs = 500;
  private stopped = false;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  /** Subscribes; the first subscriber opens the LISTEN connection. Returns the unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.emitter.on('event', listener);
    void this.ensureConnected();
    return () => this.emitter.off('event', listener);
  }

  get subscribers(): number {
    return this.emitter.listenerCount('event');
  }

  /** Resolves once LISTEN is active (tests and the stream wait for it). */
  ready(): Promise<void> {
    return this.ensureConnected();
  }

  async close(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private ensureConnected(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ ...parseDatabaseUrl(databaseUrl()), application_name: 'cordon-live' });
    client.on('notification', (message) => {
      if (!message.payload) return;
      try {
        this.emitter.emit('event', JSON.parse(message.payload) as LiveEvent);
      } catch {
        logger.warn({ channel: message.channel }, 'live: unparsable notification');
      }
    });
    client.on('error', (error) => {
      logger.warn({ err: error }, 'live: LISTEN connection lost; reconnecting');
      if (this.client === client) this.client = null;
      this.scheduleReconnect();
    });
    client.on('end', () => {
      if (this.client === client) {
        this.client = null;
        this.scheduleReconnect();
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      this.client = client;
      this.retryDelayMs = 500;
      // Anything may have changed while disconnected: tell subscribers to refetch everything.
      this.emitter.emit('event', { topic: 'resync' } satisfies LiveEvent);
    } catch (error) {
      await client.end().catch(() => undefined);
      logger.warn({ err: error }, 'live: cannot LISTEN; retrying');
      this.scheduleReconnect();
      throw error;
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.emitter.listenerCount('event') === 0) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, 15_000);
    setTimeout(() => void this.ensureConnected().catch(() => undefined), delay).unref();
  }
}

const globalForBus = globalThis as unknown as { cordonEventBus?: EventBus };

/** One bus per process, shared by the custom server and the Next.js bundle. */
export function eventBus(): EventBus {
  return (globalForBus.cordonEventBus ??= new EventBus());
}

export async function closeEventBus(): Promise<void> {
  const bus = globalForBus.cordonEventBus;
  globalForBus.cordonEventBus = undefined;
  await bus?.close();
}
