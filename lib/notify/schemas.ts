// Notification target schemas, shared by the settings form and the server. Pure: no secrets are
// read here, and the browser may import it for field names and labels.
import { z } from 'zod';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export const NOTIFICATION_KINDS = ['pagerduty', 'opsgenie', 'slack', 'webhook'] as const;
export type NotificationKindName = (typeof NOTIFICATION_KINDS)[number];

/** Incident events that queue notifications (the `event` column of notification_delivery). */
export const INCIDENT_EVENTS = ['incident.created', 'incident.escalated', 'incident.reopened'] as const;
export type IncidentEvent = (typeof INCIDENT_EVENTS)[number];

export const KIND_LABELS: Record<NotificationKindName, string> = {
  pagerduty: 'PagerDuty',
  opsgenie: 'Opsgenie',
  slack: 'Slack',
  webhook: 'Webhook',
};

export const DEFAULT_PAGERDUTY_URL = 'https://events.pagerduty.com/v2/enqueue';
export const OPSGENIE_URLS = { us: 'https://api.opsgenie.com/v2/alerts', eu: 'https://api.eu.opsgenie.com/v2/alerts' } as const;

/** localhost, 127.0.0.0/8 and ::1: plain http is accepted there so tests can run a local receiver. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

const baseUrl = z
  .url({ protocol: /^https?$/, error: 'Enter an http:// or https:// URL' })
  .max(2048)
  // fetch refuses URLs with credentials; they would also end up in logs and error messages.
  .refine((value) => !/^[a-z]+:\/\/[^/?#]*@/i.test(value), 'Put credentials in a header, not in the URL');

/** https, or http to a loopback address. */
const secureUrl = baseUrl.refine((value) => {
  const url = new URL(value);
  return url.protocol === 'https:' || isLoopbackHost(url.hostname);
}, 'Use an https:// URL');

// RFC 9110 token; Content-Type, Host and our own signature headers are set by Cordon.
const RESERVED_HEADERS = new Set(['host', 'content-type', 'content-length', 'transfer-encoding', 'connection']);
const headerName = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'Header names are letters, digits and - only')
  .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()) && !name.toLowerCase().startsWith('x-cordon-'), {
    message: 'Cordon sets this header itself',
  });
const headerValue = z.string().max(2048).regex(/^[^\r\n\0]*$/, 'Header values must be one line');

export const pagerDutyConfigSchema = z.object({
  kind: z.literal('pagerduty'),
  routingKey: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{32}$/, 'A PagerDuty integration (routing) key is 32 letters and digits'),
  url: secureUrl.optional(),
});

export const opsgenieConfigSchema = z.object({
  kind: z.literal('opsgenie'),
  apiKey: z.string().trim().min(8, 'Enter the Opsgenie API key').max(200).regex(/^\S+$/, 'The API key has no spaces'),
  region: z.enum(['us', 'eu']).default('us'),
  url: secureUrl.optional(),
});

export const slackConfigSchema = z.object({
  kind: z.literal('slack'),
  webhookUrl: secureUrl,
});

export const webhookConfigSchema = z.object({
  kind: z.literal('webhook'),
  url: baseUrl,
  secret: z.string().min(16, 'Use a signing secret of at least 16 characters').max(256).optional(),
  headers: z
    .record(headerName, headerValue)
    .refine((headers) => Object.keys(headers).length <= 10, 'At most 10 extra headers')
    .optional(),
});

/** What is sealed into notification_target.configEnc. */
export const targetConfigSchema = z.discriminatedUnion('kind', [
  pagerDutyConfigSchema,
  opsgenieConfigSchema,
  slackConfigSchema,
  webhookConfigSchema,
]);
export type TargetConfig = z.infer<typeof targetConfigSchema>;
export type PagerDutyConfig = z.infer<typeof pagerDutyConfigSchema>;
export type OpsgenieConfig = z.infer<typeof opsgenieConfigSchema>;
export type SlackConfig = z.infer<typeof slackConfigSchema>;
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

const targetFields = {
  name: z.string().trim().min(1, 'Name the target (for example "on-call")').max(80),
  minSeverity: z.enum(SEVERITIES).default('high'),
  enabled: z.boolean().default(true),
};

// Flat (one level) so field errors map straight onto the form's inputs.
export const createNotificationTargetSchema = z.discriminatedUnion('kind', [
  pagerDutyConfigSchema.extend(targetFields),
  opsgenieConfigSchema.extend(targetFields),
  slackConfigSchema.extend(targetFields),
  webhookConfigSchema.extend(targetFields),
]);
export type CreateNotificationTargetInput = z.infer<typeof createNotificationTargetSchema>;

export const targetIdSchema = z.object({ targetId: z.string().min(1).max(64) });

export const setTargetEnabledSchema = z.object({ targetId: z.string().min(1).max(64), enabled: z.boolean() });
export type SetTargetEnabledInput = z.infer<typeof setTargetEnabledSchema>;
