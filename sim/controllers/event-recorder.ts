import { K } from '../api/known-types.js';
import { apiVersionOf, resourceTypeForKind } from '../api/resources.js';
import type { StoredObject } from '../api/types.js';
import type { ObjectStore } from '../store/object-store.js';
import { newUid } from '../util/ids.js';
import type { SeededRandom } from '../util/random.js';
import { microTime, rfc3339 } from '../util/time.js';

export interface EventSource {
  component: string;
  host?: string;
}

const MAX_EVENTS = 5000;
const TTL_MS = 60 * 60 * 1000;

/**
 * Writes core/v1 Events the way client-go's recorder does: one object per involved object, reason
 * and message, with `count` and `lastTimestamp` bumped for repeats (so `kubectl describe` shows
 * "x3 over 2m"), expired after an hour like --event-ttl.
 */
export class EventRecorder {
  private readonly byKey = new Map<string, string>();
  private readonly order: { namespace: string; name: string; time: number }[] = [];
  enabled = true;

  constructor(
    private readonly store: ObjectStore,
    private readonly random: SeededRandom,
  ) {}

  record(involved: StoredObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource, fieldPath?: string): void {
    if (!this.enabled) return;
    const namespace = involved.metadata.namespace ?? 'default';
    const key = `${involved.metadata.uid}|${reason}|${message}|${source.component}|${fieldPath ?? ''}`;
    const now = Date.now();
    const existingName = this.byKey.get(key);
    const existing = existingName ? this.store.get(K.Event, namespace, existingName) : undefined;
    if (existing) {
      const next = { ...existing, metadata: { ...existing.metadata }, count: ((existing.count as number) ?? 1) + 1, lastTimestamp: rfc3339(now) };
      this.store.update(K.Event, next);
      return;
    }
    const involvedType = resourceTypeForKind(involved.kind);
    const involvedObject: Record<string, unknown> = {
      kind: involved.kind,
      namespace: involved.metadata.namespace,
      name: involved.metadata.name,
      uid: involved.metadata.uid,
      apiVersion: apiVersionOf(involvedType),
      resourceVersion: involved.metadata.resourceVersion,
    };
    if (fieldPath) involvedObject.fieldPath = fieldPath;
    const name = `${involved.metadata.name}.${this.random.hex(16)}`;
    const event: StoredObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace, uid: newUid(), resourceVersion: '', creationTimestamp: rfc3339(now) },
      involvedObject,
      reason,
      message,
      source: source.host ? { component: source.component, host: source.host } : { component: source.component },
      firstTimestamp: rfc3339(now),
      lastTimestamp: rfc3339(now),
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    };
    this.store.create(K.Event, event);
    this.byKey.set(key, name);
    this.order.push({ namespace, name, time: now });
    this.expire(now);
  }

  private expire(now: number): void {
    while (this.order.length > 0) {
      const oldest = this.order[0];
      if (!oldest || (this.order.length <= MAX_EVENTS && now - oldest.time < TTL_MS)) break;
      this.order.shift();
      this.store.remove(K.Event, oldest.namespace, oldest.name);
    }
    if (this.byKey.size > MAX_EVENTS * 2) {
      for (const [key, name] of this.byKey) {
        if (!this.order.some((o) => o.name === name)) this.byKey.delete(key);
        if (this.byKey.size <= MAX_EVENTS) break;
      }
    }
  }
}

/** Convenience for one-off events from scenarios and the kubelet. */
export function eventTimeNow(): string {
  return microTime();
}
