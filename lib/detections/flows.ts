// Detections over network flows: known-malicious destinations, the cloud metadata endpoint, and
// external destinations a workload never used before (a learned baseline).
import type { Severity } from '../db/generated/enums';
import { contentId, emptyAlert, type NormalizedAlert } from '../ingest/normalized';
import type { FlowRecord } from '../ingest/sources/hubble';
import type { BaselineCheck } from './audit';

export interface Indicator {
  value: string;
  label: string;
  techniques: string[];
}

const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']);

export function matchIndicator(record: FlowRecord, indicators: readonly Indicator[]): Indicator | null {
  const name = record.dst.kind === 'external' && record.dst.key.startsWith('dns:') ? record.dst.name : null;
  for (const indicator of indicators) {
    const value = indicator.value.toLowerCase();
    if (record.dst.ip === value) return indicator;
    if (name && (name === value || name.endsWith(`.${value}`))) return indicator;
  }
  return null;
}

function flowAlert(record: FlowRecord, id: string, rule: string, title: string, severity: Severity, techniques: string[], count: number): NormalizedAlert {
  const alert = emptyAlert({
    source: 'hubble',
    sourceEventId: `${record.uuid ?? contentId([record.time.toISOString(), record.src.key, record.dst.key, record.port])}:${id}`,
    rule,
    title,
    severity,
    occurredAt: record.time,
    raw: record.original,
  });
  alert.clusterName = record.clusterName;
  alert.namespace = record.src.namespace;
  if (record.src.kind === 'workload') {
    alert.workloadKind = record.src.workloadKind ?? null;
    alert.workload = record.src.name;
  }
  alert.pod = record.src.pod ?? null;
  alert.node = record.node;
  alert.srcIp = record.src.ip;
  alert.dstIp = record.dst.ip;
  alert.dstPort = record.port || null;
  alert.dstName = record.dst.key.startsWith('dns:') ? record.dst.name : null;
  alert.techniques = techniques;
  alert.tags = ['hubble', record.verdict];
  alert.fields = { verdict: record.verdict, dropReason: record.dropReason, protocol: record.protocol, source: record.src.key, destination: record.dst.key, flowsInBatch: count };
  alert.detail = `${record.dst.key}:${record.port}|${record.verdict}`;
  return alert;
}

export interface FlowDetectionResult {
  alerts: NormalizedAlert[];
  baselineChecks: BaselineCheck[];
}

/** One alert per (source, destination, port, verdict) in a batch, however many flows it saw. */
export function detectInFlows(records: readonly FlowRecord[], indicators: readonly Indicator[]): FlowDetectionResult {
  const groups = new Map<string, { record: FlowRecord; count: number }>();
  for (const record of records) {
    if (record.src.kind !== 'workload' && record.src.kind !== 'pod') continue;
    const key = `${record.src.key}|${record.dst.key}|${record.port}|${record.verdict}`;
    const group = groups.get(key);
    if (group) group.count += 1;
    else groups.set(key, { record, count: 1 });
  }
  const result: FlowDetectionResult = { alerts: [], baselineChecks: [] };
  for (const { record, count } of groups.values()) {
    const blocked = record.verdict === 'dropped';
    const target = `${record.dst.name}:${record.port}`;
    const indicator = matchIndicator(record, indicators);
    if (indicator) {
      result.alerts.push(
        flowAlert(
          record,
          'malicious-destination',
          blocked ? 'Blocked connection to a known-malicious destination' : 'Connection to a known-malicious destination',
          `${record.src.key} ${blocked ? 'tried to reach' : 'connected to'} ${target} (${indicator.label})${blocked ? '; dropped by policy' : ''}`,
          blocked ? 'medium' : 'critical',
          indicator.techniques,
          count,
        ),
      );
    }
    if (METADATA_ADDRESSES.has(record.dst.ip)) {
      result.alerts.push(
        flowAlert(
          record,
          'cloud-metadata',
          blocked ? 'Blocked access to the cloud metadata endpoint' : 'Cloud metadata endpoint contacted from a pod',
          `${record.src.key} ${blocked ? 'tried to reach' : 'connected to'} the instance metadata service ${target}`,
          blocked ? 'low' : 'high',
          ['T1552', 'MS-TA9033'],
          count,
        ),
      );
    }
    if ((record.dst.kind === 'external' || record.dst.kind === 'world') && !indicator && !METADATA_ADDRESSES.has(record.dst.ip) && !blocked) {
      result.baselineChecks.push({
        kind: 'egress',
        subject: record.src.key,
        object: record.dst.key,
        alert: flowAlert(
          record,
          'new-egress',
          'New external destination for a workload',
          `${record.src.key} connected to ${target}, a destination it never used before`,
          'medium',
          [],
          count,
        ),
      });
    }
  }
  return result;
}
