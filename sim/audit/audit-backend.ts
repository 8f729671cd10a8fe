import type { IngestSender } from '../ingest-client/sender.js';
import type { AuditEvent } from './types.js';

export type AuditListener = (event: AuditEvent) => void;

/**
 * The API server's audit webhook backend: events go to the console in EventList batches (the
 * sender flushes at 100 events or after 200 ms). The last events are also kept in memory for
 * tests, the scenario engine and `RunningSimulator.audit`.
 */
export class AuditBackend {
  private readonly recentEvents: AuditEvent[] = [];
  private readonly listeners = new Set<AuditListener>();
  private total = 0;

  constructor(
    private readonly sender: IngestSender<unknown> | undefined,
    private readonly keep = 5000,
  ) {}

  record(event: AuditEvent): void {
    this.total++;
    this.recentEvents.push(event);
    if (this.recentEvents.length > this.keep) this.recentEvents.splice(0, this.recentEvents.length - this.keep);
    this.sender?.enqueue(event);
    for (const l of this.listeners) l(event);
  }

  recent(): readonly AuditEvent[] {
    return this.recentEvents;
  }

  get count(): number {
    return this.total;
  }

  subscribe(listener: AuditListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
