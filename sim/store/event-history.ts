import type { StoreEvent } from './object-store.js';

/**
 * A bounded window of one resource type's recent events, like the API server's watch cache.
 * Resuming a watch from a resourceVersion older than the window is "too old" (410 Expired).
 */
export class EventHistory {
  private readonly buffer: (StoreEvent | undefined)[];
  private start = 0;
  private size = 0;
  /** Events with a resourceVersion at or below this are gone. */
  private compactedThrough: number;

  constructor(private readonly capacity: number, compactedThrough: number) {
    this.buffer = new Array<StoreEvent | undefined>(capacity);
    this.compactedThrough = compactedThrough;
  }

  compactTo(resourceVersion: number): void {
    this.compactedThrough = Math.max(this.compactedThrough, resourceVersion);
    this.start = 0;
    this.size = 0;
  }

  push(event: StoreEvent): void {
    if (this.size === this.capacity) {
      const dropped = this.buffer[this.start];
      if (dropped) this.compactedThrough = dropped.resourceVersion;
      this.buffer[this.start] = event;
      this.start = (this.start + 1) % this.capacity;
    } else {
      this.buffer[(this.start + this.size) % this.capacity] = event;
      this.size++;
    }
  }

  since(resourceVersion: number): StoreEvent[] | { expired: true; oldest: number } {
    if (resourceVersion < this.compactedThrough) return { expired: true, oldest: this.compactedThrough };
    const out: StoreEvent[] = [];
    for (let i = 0; i < this.size; i++) {
      const event = this.buffer[(this.start + i) % this.capacity];
      if (event && event.resourceVersion > resourceVersion) out.push(event);
    }
    return out;
  }
}
