import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '../env';
import type { IncidentNotice } from './payloads';
import { buildNotificationRequest, signBody } from './requests';
import { createNotificationTargetSchema, targetConfigSchema, type TargetConfig } from './schemas';
import { openTargetConfig, redactSecrets, sealTargetConfig, secretValues, targetHint } from './targets';

const ROUTING_KEY = 'R0123456789abcdef0123456789abcde';
const notice: IncidentNotice = {
  id: 7,
  title: 'Crypto miner started',
  severity: 'critical',
  status: 'new',
  cluster: 'prod',
  namespace: 'ci',
  workload: 'runner',
  techniques: [],
  alertCount: 1,
  firstSeenAt: '2026-11-20T10:00:00.000Z',
  url: 'https://cordon.example/i/7',
  event: 'incident.created',
};

describe('[NOTIFY] target config schemas', () => {
  const parse = (config: unknown) => targetConfigSchema.safeParse(config).success;

  it('accepts a 32-character PagerDuty routing key only', () => {
    expect(parse({ kind: 'pagerduty', routingKey: ROUTING_KEY })).toBe(true);
    expect(parse({ kind: 'pagerduty', routingKey: ROUTING_KEY.slice(1) })).toBe(false);
    expect(parse({ kind: 'pagerduty', routingKey: `${ROUTING_KEY.slice(1)}!` })).toBe(false);
  });

  it('wants https for Slack, PagerDuty and Opsgenie overrides, except on loopback', () => {
    expect(parse({ kind: 'slack', webhookUrl: 'https://hooks.slack.com/services/T0/B0/abc' })).toBe(true);
    expect(parse({ kind: 'slack', webhookUrl: 'http://hooks.slack.com/services/T0/B0/abc' })).toBe(false);
    expect(parse({ kind: 'slack', webhookUrl: 'http://127.0.0.1:8080/hook' })).toBe(true);
    expect(parse({ kind: 'opsgenie', apiKey: 'abcdef123456', url: 'http://[::1]:9/v2/alerts' })).toBe(true);
    expect(parse({ kind: 'pagerduty', routingKey: ROUTING_KEY, url: 'http://pd.internal/v2/enqueue' })).toBe(false);
  });

  it('accepts http(s) webhooks but no credentials in the URL and no reserved headers', () => {
    expect(parse({ kind: 'webhook', url: 'http://siem.internal/cordon' })).toBe(true);
    expect(parse({ kind: 'webhook', url: 'ftp://siem.internal/cordon' })).toBe(false);
    expect(parse({ kind: 'webhook', url: 'https://user:pass@siem.internal/' })).toBe(false);
    expect(parse({ kind: 'webhook', url: 'https://siem.internal/', headers: { Authorization: 'Bearer x' } })).toBe(true);
    expect(parse({ kind: 'webhook', url: 'https://siem.internal/', headers: { Host: 'other' } })).toBe(false);
    expect(parse({ kind: 'webhook', url: 'https://siem.internal/', headers: { 'X-Cordon-Signature': 'x' } })).toBe(false);
    expect(parse({ kind: 'webhook', url: 'https://siem.internal/', headers: { 'X-Evil': 'a\r\nInjected: 1' } })).toBe(false);
  });

  it('reports form errors per field', () => {
    const result = createNotificationTargetSchema.safeParse({ kind: 'pagerduty', name: '', routingKey: 'short' });
    expect(result.success).toBe(false);
    expect(Object.keys(result.error!.flatten().fieldErrors).sort()).toEqual(['name', 'routingKey']);
  });
});

describe('[NOTIFY] sealed config, hints and redaction', () => {
  beforeAll(() => {
    process.env.CORDON_SECRET ??= 'test-secret-test-secret-test-secret-0123';
    resetEnvCache();
  });

  it('round-trips through the seal and refuses a config sealed for another kind', () => {
    const config: TargetConfig = { kind: 'opsgenie', apiKey: 'og-key-0123456789', region: 'eu' };
    const sealed = sealTargetConfig(config);
    expect(Buffer.from(sealed).toString('latin1')).not.toContain('og-key');
    expect(openTargetConfig('opsgenie', sealed)).toEqual(config);
    expect(() => openTargetConfig('slack', sealed)).toThrow(/not valid for this kind/);
  });

  it('shows a hint that never contains the secret', () => {
    const slack: TargetConfig = { kind: 'slack', webhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXXsecretTOKEN9zQ' };
    expect(targetHint(slack)).toBe('hooks.slack.com …N9zQ');
    expect(targetHint({ kind: 'pagerduty', routingKey: ROUTING_KEY })).toBe('key …bcde');
    const webhook: TargetConfig = { kind: 'webhook', url: 'https://siem.example/hook?token=abc123456', secret: 's'.repeat(20) };
    expect(targetHint(webhook)).toBe('https://siem.example · signed');
  });

  it('scrubs every credential from text a receiver echoes back', () => {
    const slack: TargetConfig = { kind: 'slack', webhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXXsecretTOKEN9zQ' };
    const echoed = 'no_team for /services/T000/B000/XXXXsecretTOKEN9zQ (token XXXXsecretTOKEN9zQ)';
    const scrubbed = redactSecrets(echoed, secretValues(slack));
    expect(scrubbed).not.toContain('XXXXsecretTOKEN9zQ');
    expect(scrubbed).toContain('[redacted]');
  });
});

describe('[NOTIFY] HTTP requests per kind', () => {
  it('signs webhook bodies with HMAC-SHA256 over the exact bytes sent', () => {
    const secret = 'whsec-0123456789abcdef';
    const request = buildNotificationRequest(
      { kind: 'webhook', url: 'https://siem.example/hook', secret, headers: { 'X-Team': 'blue' } },
      notice,
      { deliveryId: 'd1' },
    );
    const expected = `sha256=${createHmac('sha256', secret).update(request.body).digest('hex')}`;
    expect(request.headers['X-Cordon-Signature']).toBe(expected);
    expect(signBody(request.body, secret)).toBe(expected);
    expect(request.headers).toMatchObject({ 'Content-Type': 'application/json', 'X-Team': 'blue', 'X-Cordon-Delivery': 'd1' });
  });

  it('posts to the documented endpoints with the documented credentials', () => {
    const pd = buildNotificationRequest({ kind: 'pagerduty', routingKey: ROUTING_KEY }, notice, { deliveryId: 'd' });
    expect(pd.url).toBe('https://events.pagerduty.com/v2/enqueue');
    expect(JSON.parse(pd.body)).toMatchObject({ routing_key: ROUTING_KEY, dedup_key: 'cordon-incident-7' });
    const og = buildNotificationRequest({ kind: 'opsgenie', apiKey: 'og-key-0123', region: 'eu' }, notice, { deliveryId: 'd' });
    expect(og.url).toBe('https://api.eu.opsgenie.com/v2/alerts');
    expect(og.headers.Authorization).toBe('GenieKey og-key-0123');
    const ogUs = buildNotificationRequest({ kind: 'opsgenie', apiKey: 'og-key-0123', region: 'us' }, notice, { deliveryId: 'd' });
    expect(ogUs.url).toBe('https://api.opsgenie.com/v2/alerts');
  });
});
