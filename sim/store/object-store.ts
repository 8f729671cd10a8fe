import type { ResourceType } from '../api/resources.js';
import { typeKey } from '../api/resources.js';
import type { StoredObject } from '../api/types.js';
import { EventHistory } from './event-history.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  typeKey: string;
  object: StoredObject;
  /** The object before a MODIFIED event, so selector-filtered watches can turn it into ADDED/DELETED. */
  previous?: StoredObject;
  resourceVersion: number;
}

export type StoreListener = (event: StoreEvent) => void;
export type IndexFunction = (obj: StoredObject) => readonly string[];

interface Table {
  objects: Map<string, StoredObject>;
  namespaces: Map<string, Map<string, StoredObject>>;
  sortedKeys: string[] | null;
  history: EventHistory;
  indexes: Map<string, { fn: IndexFunction; buckets: Map<string, Set<string>> }>;
  listeners: Set<StoreListener>;
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/**
 * The simulator's etcd: objects by resource type, one global resourceVersion counter, a bounded
 * event history per type for watch resumption, and secondary indexes for the controllers.
 *
 * Objects are shared, not copied: callers hand over ownership on write and must `clone()` an
 * object they read before changing it.
 */
export class ObjectStore {
  private revision = 0;
  private readonly tables = new Map<string, Table>();
  private readonly globalListeners = new Set<StoreListener>();
  private recordHistory = false;
  private delivering = false;
  private readonly backlog: [Table, StoreEvent][] = [];

  constructor(private readonly historyCapacity: number) {}

  get resourceVersion(): number {
    return this.revision;
  }

  /** Everything written before this call is "compacted": watches cannot resume from before it. */
  startHistory(): void {
    this.recordHistory = true;
    for (const table of this.tables.values()) table.history.compactTo(this.revision);
  }

  private table(type: Pick<ResourceType, 'group' | 'resource'>): Table {
    const key = typeKey(type);
    let t = this.tables.get(key);
    if (!t) {
      t = {
        objects: new Map(),
        namespaces: new Map(),
        sortedKeys: null,
        history: new EventHistory(this.historyCapacity, this.revision),
        indexes: new Map(),
        listeners: new Set(),
      };
      this.tables.set(key, t);
    }
    return t;
  }

  addIndex(type: Pick<ResourceType, 'group' | 'resource'>, name: string, fn: IndexFunction): void {
    const t = this.table(type);
    const buckets = new Map<string, Set<string>>();
    t.indexes.set(name, { fn, buckets });
    for (const [key, obj] of t.objects) for (const value of fn(obj)) addToBucket(buckets, value, key);
  }

  byIndex(type: Pick<ResourceType, 'group' | 'resource'>, name: string, value: string): StoredObject[] {
    const t = this.table(type);
    const keys = t.indexes.get(name)?.buckets.get(value);
    if (!keys) return [];
    const out: StoredObject[] = [];
    for (const key of keys) {
      const obj = t.objects.get(key);
      if (obj) out.push(obj);
    }
    return out;
  }

  countByIndex(type: Pick<ResourceType, 'group' | 'resource'>, name: string, value: string): number {
    return this.table(type).indexes.get(name)?.buckets.get(value)?.size ?? 0;
  }

  get(type: Pick<ResourceType, 'group' | 'resource'>, namespace: string | undefined, name: string): StoredObject | undefined {
    return this.table(type).objects.get(objectKey(namespace, name));
  }

  /** Objects sorted by key (namespace/name), the order etcd lists them in. */
  list(type: Pick<ResourceType, 'group' | 'resource'>, namespace?: string): StoredObject[] {
    const t = this.table(type);
    if (namespace !== undefined) {
      const ns = t.namespaces.get(namespace);
      if (!ns) return [];
      return [...ns.keys()].sort().map((name) => ns.get(name) as StoredObject);
    }
    if (!t.sortedKeys) t.sortedKeys = [...t.objects.keys()].sort();
    return t.sortedKeys.map((k) => t.objects.get(k) as StoredObject);
  }

  count(type: Pick<ResourceType, 'group' | 'resource'>, namespace?: string): number {
    const t = this.table(type);
    return namespace === undefined ? t.objects.size : (t.namespaces.get(namespace)?.size ?? 0);
  }

  /** Inserts a new object; the caller has checked that it does not exist. Returns the stored object. */
  create(type: ResourceType, obj: StoredObject): StoredObject {
    const t = this.table(type);
    const key = objectKey(obj.metadata.namespace, obj.metadata.name);
    obj.metadata.resourceVersion = String(++this.revision);
    t.objects.set(key, obj);
    if (obj.metadata.namespace !== undefined) nsMap(t, obj.metadata.namespace).set(obj.metadata.name, obj);
    t.sortedKeys = null;
    this.reindex(t, key, undefined, obj);
    this.emit(t, { type: 'ADDED', typeKey: typeKey(type), object: obj, resourceVersion: this.revision });
    return obj;
  }

  update(type: ResourceType, obj: StoredObject): StoredObject {
    const t = this.table(type);
    const key = objectKey(obj.metadata.namespace, obj.metadata.name);
    const previous = t.objects.get(key);
    if (!previous) throw new Error(`update of missing object ${key}`);
    obj.metadata.resourceVersion = String(++this.revision);
    t.objects.set(key, obj);
    if (obj.metadata.namespace !== undefined) nsMap(t, obj.metadata.namespace).set(obj.metadata.name, obj);
    this.reindex(t, key, previous, obj);
    this.emit(t, { type: 'MODIFIED', typeKey: typeKey(type), object: obj, previous, resourceVersion: this.revision });
    return obj;
  }

  remove(type: ResourceType, namespace: string | undefined, name: string): StoredObject | undefined {
    const t = this.table(type);
    const key = objectKey(namespace, name);
    const previous = t.objects.get(key);
    if (!previous) return undefined;
    t.objects.delete(key);
    if (namespace !== undefined) t.namespaces.get(namespace)?.delete(name);
    t.sortedKeys = null;
    this.reindex(t, key, previous, undefined);
    // The DELETED event carries the object at the revision of its deletion, as etcd reports it.
    const tombstone: StoredObject = { ...previous, metadata: { ...previous.metadata, resourceVersion: String(++this.revision) } };
    this.emit(t, { type: 'DELETED', typeKey: typeKey(type), object: tombstone, resourceVersion: this.revision });
    return tombstone;
  }

  /** Events of one type after `resourceVersion`, or 'expired' if they were compacted away. */
  eventsSince(type: Pick<ResourceType, 'group' | 'resource'>, resourceVersion: number): StoreEvent[] | { expired: true; oldest: number } {
    return this.table(type).history.since(resourceVersion);
  }

  subscribe(type: Pick<ResourceType, 'group' | 'resource'>, listener: StoreListener): () => void {
    const t = this.table(type);
    t.listeners.add(listener);
    return () => t.listeners.delete(listener);
  }

  subscribeAll(listener: StoreListener): () => void {
    this.globalListeners.add(listener);
    return () => this.globalListeners.delete(listener);
  }

  /**
   * Listeners may write to the store; their events are queued so that every listener (and every
   * watch) sees events in resourceVersion order.
   */
  private emit(t: Table, event: StoreEvent): void {
    if (this.recordHistory) t.history.push(event);
    this.backlog.push([t, event]);
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let next = this.backlog.shift(); next; next = this.backlog.shift()) {
        const [table, e] = next;
        for (const listener of table.listeners) this.call(listener, e);
        for (const listener of this.globalListeners) this.call(listener, e);
      }
    } finally {
      this.delivering = false;
    }
  }

  /** A failing listener must not undo a write that already happened. */
  onListenerError: (err: unknown) => void = (err) => process.stderr.write(`[sim] store listener failed: ${(err as Error)?.stack ?? String(err)}\n`);

  private call(listener: StoreListener, event: StoreEvent): void {
    try {
      listener(event);
    } catch (err) {
      this.onListenerError(err);
    }
  }

  private reindex(t: Table, key: string, before: StoredObject | undefined, after: StoredObject | undefined): void {
    for (const { fn, buckets } of t.indexes.values()) {
      const oldValues = before ? fn(before) : [];
      const newValues = after ? fn(after) : [];
      for (const v of oldValues) if (!newValues.includes(v)) buckets.get(v)?.delete(key);
      for (const v of newValues) addToBucket(buckets, v, key);
    }
  }
}

function nsMap(t: Table, namespace: string): Map<string, StoredObject> {
  let m = t.namespaces.get(namespace);
  if (!m) {
    m = new Map();
    t.namespaces.set(namespace, m);
  }
  return m;
}

function addToBucket(buckets: Map<string, Set<string>>, value: string, key: string): void {
  let set = buckets.get(value);
  if (!set) {
    set = new Set();
    buckets.set(value, set);
  }
  set.add(key);
}
