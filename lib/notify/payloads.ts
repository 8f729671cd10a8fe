// Pure builders: an IncidentNotice → each receiver's wire format, as documented in
// /work/shared/fixtures/notifications (PagerDuty Events v2, Opsgenie create alert, Slack incoming
// webhook) plus Cordon's own webhook JSON. Titles, pod names and rule names are untrusted text
// (they come from alerts): they are length-limited here and never placed where a receiver parses
// markup (see slackMessage).
import type { IncidentStatus, Severity } from '../db/generated/enums';
import type { IncidentEvent } from './schemas';

export type NoticeEvent = IncidentEvent | 'test';

export interface IncidentNotice {
  id: number;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  cluster: string | null;
  namespace: string | null;
  workload: string | null;
  techniques: string[];
  alertCount: number;
  firstSeenAt: string; // ISO 8601
  url: string; // <CORDON_PUBLIC_URL>/i/<id>
  event: NoticeEvent;
}

/** The same key for every event of one incident, so receivers update one alert instead of paging again. */
export function dedupKey(notice: IncidentNotice): string {
  return notice.event === 'test' ? 'cordon-test-notification' : `cordon-incident-${notice.id}`;
}

/** Cuts to at most `max` UTF-16 units (the receivers' limits) without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Untrusted text on one line: newlines and control characters must not reshape a message. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
}

const EVENT_LABELS: Record<NoticeEvent, string> = {
  'incident.created': 'New incident',
  'incident.escalated': 'Incident escalated',
  'incident.reopened': 'Incident reopened',
  test: 'Test notification',
};

export function headline(notice: IncidentNotice): string {
  if (notice.event === 'test') return 'Cordon test notification: no action needed';
  return `[${notice.severity.toUpperCase()}] ${EVENT_LABELS[notice.event]} #${notice.id}: ${oneLine(notice.title)}`;
}

function location(notice: IncidentNotice): string | null {
  const parts = [notice.cluster, notice.namespace, notice.workload].filter((part): part is string => !!part);
  return parts.length > 0 ? oneLine(parts.join('/')) : null;
}

// ───────────────────────────── PagerDuty Events API v2 ─────────────────────────────

const PAGERDUTY_SEVERITY: Record<Severity, 'critical' | 'error' | 'warning' | 'info'> = {
  critical: 'critical',
  high: 'error',
  medium: 'warning',
  low: 'info',
  info: 'info',
};

export function pagerDutyEvent(notice: IncidentNotice, routingKey: string) {
  return {
    routing_key: routingKey,
    event_action: 'trigger' as const,
    dedup_key: dedupKey(notice),
    payload: {
      summary: truncate(headline(notice), 1024),
      source: truncate(oneLine(notice.cluster ?? 'cordon'), 255),
      severity: PAGERDUTY_SEVERITY[notice.severity],
      timestamp: notice.firstSeenAt,
      ...(notice.workload ? { component: truncate(oneLine(notice.workload), 255) } : {}),
      ...(notice.namespace ? { group: truncate(oneLine(notice.namespace), 255) } : {}),
      class: notice.event,
      custom_details: {
        incident_id: notice.id,
        event: notice.event,
        severity: notice.severity,
        status: notice.status,
        cluster: notice.cluster,
        namespace: notice.namespace,
        workload: notice.workload,
        techniques: notice.techniques,
        alert_count: notice.alertCount,
        first_seen_at: notice.firstSeenAt,
        url: notice.url,
      },
    },
    links: [{ href: notice.url, text: 'Open in Cordon' }],
    client: 'Cordon',
    client_url: notice.url,
  };
}

// ───────────────────────────── Opsgenie create alert ─────────────────────────────

const OPSGENIE_PRIORITY: Record<Severity, 'P1' | 'P2' | 'P3' | 'P4' | 'P5'> = {
  critical: 'P1',
  high: 'P2',
  medium: 'P3',
  low: 'P4',
  info: 'P5',
};

export function opsgenieAlert(notice: IncidentNotice) {
  const where = location(notice);
  // details is map<string, string>: every value a string, 8000 characters in total.
  const details: Record<string, string> = {
    'Open in Cordon': notice.url,
    Incident: String(notice.id),
    Event: notice.event,
    Severity: notice.severity,
    Status: notice.status,
    'Alert count': String(notice.alertCount),
    'First seen': notice.firstSeenAt,
  };
  if (notice.cluster) details.Cluster = truncate(oneLine(notice.cluster), 300);
  if (notice.namespace) details.Namespace = truncate(oneLine(notice.namespace), 300);
  if (notice.workload) details.Workload = truncate(oneLine(notice.workload), 300);
  if (notice.techniques.length > 0) details.Techniques = truncate(notice.techniques.join(', '), 1000);

  const description = [
    oneLine(notice.title),
    '',
    `Severity: ${notice.severity} · status: ${notice.status} · ${notice.alertCount} alert(s)`,
    ...(where ? [`Where: ${where}`] : []),
    ...(notice.techniques.length > 0 ? [`MITRE ATT&CK: ${notice.techniques.join(', ')}`] : []),
    '',
    `Open in Cordon: ${notice.url}`,
  ].join('\n');

  return {
    message: truncate(headline(notice), 130),
    alias: dedupKey(notice),
    description: truncate(description, 15_000),
    details,
    ...(where ? { entity: truncate(where, 512) } : {}),
    source: 'Cordon',
    priority: OPSGENIE_PRIORITY[notice.severity],
    tags: ['cordon', `severity:${notice.severity}`, ...notice.techniques].slice(0, 20).map((tag) => truncate(oneLine(tag), 50)),
  };
}

// ───────────────────────────── Slack incoming webhook ─────────────────────────────

/** Slack's control characters in mrkdwn and `text`: without this, `<url|label>` becomes a link. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const plainText = (text: string, max = 2000) => ({ type: 'plain_text' as const, text: truncate(text, max), emoji: false });

/**
 * Untrusted text only ever goes into plain_text objects (never parsed for formatting, links or
 * mentions) or into the fallback `text`, which is escaped and sent with `mrkdwn: false`.
 * The only mrkdwn object carries Cordon's own words.
 */
export function slackMessage(notice: IncidentNotice) {
  const fields = [
    `Severity: ${notice.severity}`,
    `Status: ${notice.status}`,
    ...(notice.cluster ? [`Cluster: ${oneLine(notice.cluster)}`] : []),
    ...(notice.namespace ? [`Namespace: ${oneLine(notice.namespace)}`] : []),
    ...(notice.workload ? [`Workload: ${oneLine(notice.workload)}`] : []),
    `Alerts: ${notice.alertCount}`,
    ...(notice.techniques.length > 0 ? [`MITRE ATT&CK: ${notice.techniques.join(', ')}`] : []),
  ];
  const eventText = notice.event === 'test' ? 'Test notification' : `${EVENT_LABELS[notice.event]} #${notice.id}`;
  return {
    text: `${escapeSlack(truncate(headline(notice), 2000))} ${notice.url}`,
    mrkdwn: false,
    blocks: [
      { type: 'header', text: plainText(notice.event === 'test' ? headline(notice) : oneLine(notice.title), 150) },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*${eventText}* · *${notice.severity.toUpperCase()}*` },
        accessory: {
          type: 'button',
          text: plainText('Open in Cordon'),
          value: `incident-${notice.id}`,
          url: notice.url,
          action_id: 'open_incident',
          ...(notice.severity === 'critical' ? { style: 'danger' } : {}),
        },
      },
      { type: 'section', fields: fields.slice(0, 10).map((field) => plainText(field)) },
      { type: 'context', elements: [plainText(`First seen ${notice.firstSeenAt}`)] },
    ],
  };
}

// ───────────────────────────── Cordon webhook ─────────────────────────────

export function webhookBody(notice: IncidentNotice) {
  const { event, url, ...incident } = notice;
  return { event, incident: { ...incident, url }, url };
}
