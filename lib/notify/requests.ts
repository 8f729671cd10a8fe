// The HTTP request for one notice to one target: endpoint, headers and the exact body bytes
// (the webhook signature covers those bytes, so the body is serialised once, here).
import { createHmac } from 'node:crypto';
import { opsgenieAlert, pagerDutyEvent, slackMessage, webhookBody, type IncidentNotice } from './payloads';
import type { TargetConfig } from './schemas';
import { targetEndpoint } from './targets';

export interface NotificationRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export const SIGNATURE_HEADER = 'X-Cordon-Signature';

/** `sha256=<hex>` of HMAC-SHA256 over the raw body, GitHub-style, so receivers can reuse their code. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export function buildNotificationRequest(
  config: TargetConfig,
  notice: IncidentNotice,
  context: { deliveryId: string },
): NotificationRequest {
  const json = { 'Content-Type': 'application/json', 'User-Agent': 'Cordon-Notifier/1' };
  const url = targetEndpoint(config);
  switch (config.kind) {
    case 'pagerduty':
      return { url, headers: json, body: JSON.stringify(pagerDutyEvent(notice, config.routingKey)) };
    case 'opsgenie':
      return { url, headers: { ...json, Authorization: `GenieKey ${config.apiKey}` }, body: JSON.stringify(opsgenieAlert(notice)) };
    case 'slack':
      return { url, headers: json, body: JSON.stringify(slackMessage(notice)) };
    case 'webhook': {
      const body = JSON.stringify(webhookBody(notice));
      return {
        url,
        headers: {
          ...config.headers,
          ...json,
          'X-Cordon-Event': notice.event,
          // Lets receivers drop a retried delivery they already processed.
          'X-Cordon-Delivery': context.deliveryId,
          ...(config.secret ? { [SIGNATURE_HEADER]: signBody(body, config.secret) } : {}),
        },
        body,
      };
    }
  }
}
