// One group commit: every alert of a batch of requests stored, de-duplicated, correlated into
// incidents, put on their timelines and linked to their entities — in one transaction, so a 2xx
// to any request in the batch means all of it is committed. Set-based SQL (lib/ingest/writer/
// statements.ts) keeps the cost a handful of round trips per batch, whatever its size.
// The caller (AlertWriter) commits or rolls back; this function opens the transaction.
import type pg from 'pg';
import type { Severity } from '../../db/generated/enums';
import type { BaselineCheck } from '../../detections/audit';
import { dedupKey, maxSeverity, type NormalizedAlert } from '../normalized';
import { cleanStrings } from '../sanitize';
import type { IngestSettings } from '../settings';
import type { AlertCopyRow } from './copy-alerts';
import { correlate } from './correlate';
import { OwnerCache, resolveWorkloads } from './enrich';
import { RecentSet } from './recent-set';
import {
  applyIncidentUpdates,
  beginLocked,
  createIncidents,
  findStoredAndIncidents,
  linkEntities,
  recordBaseline,
  storeAlerts,
  type IncidentAggregate,
} from './statements';
import { incidentChanges, timelineEntries } from './timeline-entries';
import { groupBy, iso, type BatchInput, type BatchOutcome, type Candidate, type IncidentChange, type MatchedIncident } from './types';

export type { BatchInput, BatchOutcome, IncidentChange } from './types';

export interface PersistHooks {
  /** Called inside the transaction with incidents that need notifying (outbox). */
  onIncidents?: (client: pg.PoolClient, changes: IncidentChange[]) => Promise<void>;
}

export interface WriterCaches {
  /** incident|entity links written recently: their upsert is skipped. */
  links: RecentSet;
  /** pod → owning workload (or none), from the cluster inventory. */
  owners: OwnerCache;
  /** false after a COPY met a duplicate: that batch is retried with an upserting INSERT. */
  copy: boolean;
}

/** Cluster ids by name, cached; unknown names from events create the cluster record. */
export interface ClusterDirectory {
  resolve(client: pg.PoolClient, name: string | null, fallbackId: string | null): Promise<string>;
  learningEndsAt(clusterId: string, learningMinutes: number): number;
}

export async function persistBatch(
  client: pg.PoolClient,
  inputs: BatchInput[],
  settings: IngestSettings,
  clusters: ClusterDirectory,
  hooks: PersistHooks = {},
  caches: WriterCaches = { links: new RecentSet(0, 1), owners: new OwnerCache(0), copy: true },
): Promise<BatchOutcome[]> {
  const now = new Date();
  const outcomes: BatchOutcome[] = inputs.map(() => ({ accepted: 0, duplicates: 0, incidentIds: [] }));

  // 1. Place every alert: cluster, workload, correlation key. Then BEGIN and lock the keys, so two
  //    writers (or replicas) never race to open or update the same incident.
  const { candidates, checks } = await placeAlerts(client, inputs, clusters, caches.owners);
  await beginLocked(client, [...candidates, ...checks].map((c) => c.correlation.key));

  // 2. Baseline facts: a first sighting after the learning period becomes an alert.
  if (checks.length > 0) {
    const firstSeen = await recordBaseline(client, checks, now);
    for (const c of checks) {
      if (c.check.learnOnly || !firstSeen.has(`${c.clusterId}|${c.check.kind}|${c.check.subject}|${c.check.object}`)) continue;
      if (now.getTime() < clusters.learningEndsAt(c.clusterId, settings.learningMinutes)) continue;
      candidates.push({ item: c.item, alert: c.check.alert, clusterId: c.clusterId, correlation: c.correlation, dedupKey: dedupKey(c.check.alert) });
    }
  }
  if (candidates.length === 0) return outcomes;

  // 3. Idempotency: drop what repeats within the batch or is already stored.
  const seen = new Set<string>();
  const unique = candidates.filter((c) => {
    const id = `${c.alert.source}|${c.alert.sourceEventId}`;
    if (!seen.has(id)) return seen.add(id);
    outcomes[c.item]!.duplicates += 1;
    return false;
  });
  const windowStart = new Date(now.getTime() - settings.correlationWindowMinutes * 60_000);
  const { stored, incidents } = await findStoredAndIncidents(client, unique, windowStart);
  const fresh = unique.filter((c) => {
    if (!stored.has(`${c.alert.source}|${c.alert.sourceEventId}`)) return true;
    outcomes[c.item]!.duplicates += 1;
    return false;
  });
  if (fresh.length === 0) return outcomes;

  // 4. Open an incident for every key that has none.
  const byKey = groupBy(fresh, (c) => c.correlation.key);
  const missing = [...byKey.entries()].filter(([key]) => !incidents.has(key));
  if (missing.length > 0) for (const [key, incident] of await createIncidents(client, missing, now)) incidents.set(key, incident);

  // 5. Store the alerts, each with its incident.
  const written = await storeAlerts(client, fresh.map((c) => alertRow(c, incidents.get(c.correlation.key)!.id, now)), caches.copy);
  const committed = fresh.filter((c) => {
    if (written.has(`${c.alert.source}|${c.alert.sourceEventId}`)) {
      outcomes[c.item]!.accepted += 1;
      return true;
    }
    outcomes[c.item]!.duplicates += 1; // stored by another writer in the meantime
    return false;
  });
  if (committed.length === 0) return outcomes;

  // 6. Incident aggregates and timelines (one statement), entities, notifications.
  const aggregates = aggregate(committed, incidents);
  const byId = new Map([...incidents.values()].map((i) => [i.id, i]));
  const changes = incidentChanges(aggregates, byId);
  const touched = aggregates.map((a) => a.id);
  await applyIncidentUpdates(
    client,
    aggregates,
    timelineEntries(committed, incidents, changes, settings.correlationWindowMinutes, now),
    JSON.stringify({ topic: 'incidents', ids: touched.slice(0, 500) }),
    now,
  );
  await linkEntities(client, committed, incidents, caches.links, now);
  if (hooks.onIncidents && changes.length > 0) await hooks.onIncidents(client, changes);

  for (const c of committed) {
    const outcome = outcomes[c.item]!;
    const id = incidents.get(c.correlation.key)!.id;
    if (!outcome.incidentIds.includes(id)) outcome.incidentIds.push(id);
  }
  return outcomes;
}

async function placeAlerts(client: pg.PoolClient, inputs: BatchInput[], clusters: ClusterDirectory, owners: OwnerCache) {
  const located: { item: number; alert: NormalizedAlert; clusterId: string; check?: BaselineCheck }[] = [];
  for (const [item, input] of inputs.entries()) {
    for (const alert of input.alerts) {
      cleanStrings(alert);
      located.push({ item, alert, clusterId: await clusters.resolve(client, alert.clusterName, input.tokenClusterId) });
    }
    for (const check of input.baselineChecks) {
      cleanStrings(check);
      cleanStrings(check.alert);
      located.push({ item, alert: check.alert, check, clusterId: await clusters.resolve(client, check.alert.clusterName, input.tokenClusterId) });
    }
  }
  await resolveWorkloads(client, located, owners);
  const candidates: Candidate[] = [];
  const checks: { item: number; check: BaselineCheck; clusterId: string; correlation: Candidate['correlation'] }[] = [];
  for (const { item, alert, clusterId, check } of located) {
    const correlation = correlate(alert, clusterId);
    if (check) checks.push({ item, check, clusterId, correlation });
    else candidates.push({ item, alert, clusterId, correlation, dedupKey: dedupKey(alert) });
  }
  return { candidates, checks };
}

function aggregate(committed: readonly Candidate[], incidents: ReadonlyMap<string, MatchedIncident>): IncidentAggregate[] {
  return [...groupBy(committed, (c) => c.correlation.key).entries()].map(([key, group]) => {
    const incident = incidents.get(key)!;
    let first = Infinity;
    let last = -Infinity;
    for (const c of group) {
      const t = c.alert.occurredAt.getTime();
      if (t < first) first = t;
      if (t > last) last = t;
    }
    return {
      id: incident.id,
      count: group.length,
      first: iso(new Date(first)),
      last: iso(new Date(last)),
      severity: group.reduce<Severity>((s, c) => maxSeverity(s, c.alert.severity), incident.severity),
      rules: [...new Set(group.map((c) => c.alert.rule))],
      techniques: [...new Set(group.flatMap((c) => c.alert.techniques))],
      reopen: incident.status === 'resolved',
    };
  });
}

function alertRow(c: Candidate, incidentId: number, now: Date): AlertCopyRow {
  const a = c.alert;
  return {
    source: a.source,
    sourceEventId: a.sourceEventId,
    dedupKey: c.dedupKey,
    rule: a.rule,
    title: a.title,
    severity: a.severity,
    occurredAt: iso(a.occurredAt),
    receivedAt: iso(now),
    clusterId: c.clusterId,
    namespace: a.namespace,
    workloadKind: a.workloadKind,
    workload: a.workload,
    pod: a.pod,
    container: a.container,
    node: a.node,
    image: a.image,
    principal: a.principal,
    process: a.process,
    srcIp: a.srcIp,
    dstIp: a.dstIp,
    dstPort: a.dstPort,
    dstName: a.dstName,
    techniques: a.techniques,
    tags: a.tags,
    fields: a.fields,
    raw: a.raw,
    rawText: a.rawText,
    incidentId,
  };
}
