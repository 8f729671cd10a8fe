// What a batch adds to incident timelines, as pure data: the correlation decision explained once
// per incident and rule, reopenings, severity changes, and one entry per group of identical alerts
// (repeats raise its count instead of adding rows).
import { maxSeverity } from '../normalized';
import { iso, type Candidate, type IncidentChange, type MatchedIncident } from './types';

export interface TimelineRow {
  incidentId: number;
  at: string;
  kind: string;
  actorType: string;
  actorLabel: string;
  summary: string;
  data: unknown;
  groupKey: string;
  count: number;
  lastAt: string;
}

export function timelineEntries(
  committed: readonly Candidate[],
  incidents: ReadonlyMap<string, MatchedIncident>,
  changes: readonly IncidentChange[],
  windowMinutes: number,
  now: Date,
): TimelineRow[] {
  const entries = new Map<string, TimelineRow>();
  const add = (row: TimelineRow) => {
    const id = `${row.incidentId}|${row.groupKey}`;
    const existing = entries.get(id);
    if (!existing) {
      entries.set(id, row);
      return;
    }
    existing.count += row.count;
    if (row.lastAt > existing.lastAt) existing.lastAt = row.lastAt;
    if (row.at < existing.at) existing.at = row.at;
  };
  const system = (incidentId: number, at: string, kind: string, summary: string, groupKey: string, data: unknown): TimelineRow => ({
    incidentId,
    at,
    kind,
    actorType: 'system',
    actorLabel: 'correlation',
    summary,
    data,
    groupKey,
    count: 1,
    lastAt: at,
  });

  const window = `${windowMinutes} min`;
  const noted = new Set<string>();
  for (const c of committed) {
    const incident = incidents.get(c.correlation.key)!;
    const at = iso(c.alert.occurredAt);
    const data = { key: c.correlation.key, scope: c.correlation.scope, rule: c.alert.rule, windowMinutes };
    if (incident.isNew && !noted.has(`${incident.id}|open`)) {
      noted.add(`${incident.id}|open`);
      noted.add(`${incident.id}|rule|${c.alert.rule}`);
      add(system(incident.id, at, 'correlation', `Opened for ${c.correlation.subject}: first alert "${c.alert.rule}"`, 'corr|open', data));
    } else if (!noted.has(`${incident.id}|rule|${c.alert.rule}`) && !incident.rules.includes(c.alert.rule)) {
      noted.add(`${incident.id}|rule|${c.alert.rule}`);
      add(system(incident.id, at, 'correlation', `"${c.alert.rule}" grouped here: same ${c.correlation.subject} within ${window}`, `corr|${c.alert.rule}`, data));
    }
    if (incident.status === 'resolved' && !noted.has(`${incident.id}|reopen`)) {
      noted.add(`${incident.id}|reopen`);
      add(
        system(
          incident.id,
          iso(now),
          'reopen',
          `Reopened: "${c.alert.rule}" on the same ${c.correlation.subject} within ${window} of resolution`,
          `reopen|${iso(now)}`,
          { rule: c.alert.rule },
        ),
      );
    }
    add({
      incidentId: incident.id,
      at,
      kind: c.alert.source === 'k8s_audit' ? 'audit_event' : 'alert',
      actorType: 'source',
      actorLabel: c.alert.source,
      summary: c.alert.title,
      // The alerts of an entry are found by (incidentId, dedupKey = groupKey).
      data: { rule: c.alert.rule, severity: c.alert.severity, source: c.alert.source },
      groupKey: c.dedupKey,
      count: 1,
      lastAt: at,
    });
  }
  for (const change of changes) {
    if (change.event !== 'incident.escalated') continue;
    add(system(change.id, iso(now), 'severity_change', `Severity raised to ${change.severity} by a more severe alert`, `severity|${change.severity}`, { severity: change.severity }));
  }
  return [...entries.values()];
}

/** Which incidents were opened, reopened or escalated by the batch (they page the on-call). */
export function incidentChanges(
  rows: readonly { id: number; severity: MatchedIncident['severity']; reopen: boolean }[],
  byId: ReadonlyMap<number, MatchedIncident>,
): IncidentChange[] {
  const changes: IncidentChange[] = [];
  for (const row of rows) {
    const before = byId.get(row.id)!;
    if (before.isNew) changes.push({ id: row.id, severity: row.severity, event: 'incident.created' });
    else if (row.reopen) changes.push({ id: row.id, severity: row.severity, event: 'incident.reopened' });
    else if (row.severity !== before.severity && maxSeverity(row.severity, before.severity) === row.severity) {
      changes.push({ id: row.id, severity: row.severity, event: 'incident.escalated' });
    }
  }
  return changes;
}
