// What the ingest endpoints answer when something is wrong. Every error names its cause; none
// leaks internals (the log has those).
export class IngestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}

export const overloaded = (seconds = 1) =>
  new IngestError(503, 'overloaded', 'Cordon is at capacity; retry shortly.', {}, seconds);

export const storeUnavailable = (seconds = 5) =>
  new IngestError(503, 'store_unavailable', 'The database is unavailable; nothing was stored. Retry later.', {}, seconds);
