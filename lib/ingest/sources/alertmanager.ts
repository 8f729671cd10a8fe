// Alertmanager's webhook (version 4): one POST per group flush, many alerts. Identity of an alert
// occurrence is its fingerprint plus startsAt.
import { z } from 'zod';
import type { Severity } from '../../db/generated/enums';
import { clip, contentId, emptyAlert, toDate, type NormalizedAlert } from '../normalized';

const labels = z.record(z.string(), z.string());

export const alertmanagerAlertSchema = z
  .object({
    // Real senders always set it; trimmed test payloads (prometheus-msteams) do not: the group's applies.
    status: z.enum(['firing', 'resolved']).optional(),
    labels: labels.refine((l) => typeof l.alertname === 'string' && l.alertname.length > 0, 'must include alertname'),
    annotations: labels.default({}),
    startsAt: z.iso.datetime({ offset: true, error: 'must be an RFC 3339 time' }),
    endsAt: z.string().optional(),
    generatorURL: z.string().optional(),
    fingerprint: z.string().max(64).optional(),
  })
  .loose();

export const alertmanagerWebhookSchema = z
  .object({
    version: z.literal('4', { error: 'must be "4" (Alertmanager webhook version 4)' }),
    status: z.enum(['firing', 'resolved']),
    receiver: z.string().optional(),
    groupKey: z.string().optional(),
    alerts: z.array(alertmanagerAlertSchema).max(10_000),
    externalURL: z.string().optional(),
  })
  .loose();

export type AlertmanagerWebhook = z.infer<typeof alertmanagerWebhookSchema>;

const SEVERITY: Record<string, Severity> = {
  critical: 'critical',
  page: 'high',
  high: 'high',
  error: 'high',
  major: 'high',
  warning: 'medium',
  warn: 'medium',
  medium: 'medium',
  minor: 'low',
  low: 'low',
  info: 'info',
  informational: 'info',
  none: 'info',
};

const WORKLOAD_LABELS: [string, string][] = [
  ['deployment', 'Deployment'],
  ['statefulset', 'StatefulSet'],
  ['daemonset', 'DaemonSet'],
  ['job_name', 'Job'],
  ['cronjob', 'CronJob'],
];

export function normalizeAlertmanager(body: AlertmanagerWebhook, receivedAt: Date): NormalizedAlert[] {
  return body.alerts.map((a) => {
    const l = a.labels;
    const status = a.status ?? body.status;
    const startsAt = toDate(a.startsAt, receivedAt);
    const fingerprint = a.fingerprint ?? contentId(Object.entries(l).sort());
    const rule = l.alertname!;
    const alert = emptyAlert({
      source: 'alertmanager',
      sourceEventId: `${fingerprint}|${startsAt.toISOString()}`,
      rule,
      title: clip(a.annotations.summary ?? a.annotations.description ?? a.annotations.message ?? rule, 300) ?? rule,
      severity: SEVERITY[(l.severity ?? '').toLowerCase()] ?? 'medium',
      occurredAt: startsAt,
      raw: { ...a, receiver: body.receiver ?? null, groupKey: body.groupKey ?? null, externalURL: body.externalURL ?? null },
    });
    alert.clusterName = l.cluster ?? l.k8s_cluster ?? null;
    alert.namespace = l.namespace ?? l.kubernetes_namespace ?? l.exported_namespace ?? null;
    alert.pod = l.pod ?? l.pod_name ?? null;
    alert.container = l.container ?? null;
    alert.node = l.node ?? l.kubernetes_node ?? null;
    const workload = WORKLOAD_LABELS.find(([label]) => l[label]);
    if (workload) {
      alert.workloadKind = workload[1];
      alert.workload = l[workload[0]]!;
    }
    alert.techniques = (l.mitre_technique ?? '').split(/[,\s]+/).filter((t) => /^T\d{4}(\.\d{3})?$/.test(t));
    alert.tags = ['alertmanager', status];
    alert.fields = { labels: l, annotations: a.annotations, status, endsAt: a.endsAt ?? null, generatorURL: a.generatorURL ?? null };
    alert.detail = null;
    return alert;
  });
}
