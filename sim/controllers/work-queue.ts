/**
 * A de-duplicating queue of keys processed on the next turn of the event loop, so a burst of store
 * events for one object costs one reconcile. `drainNow` runs it synchronously (bootstrap).
 */
export class WorkQueue {
  private readonly keys = new Set<string>();
  private scheduled = false;
  private stopped = false;

  constructor(
    readonly name: string,
    private readonly reconcile: (key: string) => void,
    private readonly onError: (name: string, key: string, err: unknown) => void,
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    this.keys.add(key);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drainNow());
    }
  }

  get pending(): number {
    return this.keys.size;
  }

  drainNow(): void {
    this.scheduled = false;
    let rounds = 0;
    while (this.keys.size > 0 && !this.stopped && rounds++ < 100_000) {
      const key = this.keys.values().next().value as string;
      this.keys.delete(key);
      try {
        this.reconcile(key);
      } catch (err) {
        this.onError(this.name, key, err);
      }
    }
  }

  stop(): void {
    this.stopped = true;
    this.keys.clear();
  }
}

export function splitKey(key: string): [string | undefined, string] {
  const slash = key.indexOf('/');
  return slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
}
