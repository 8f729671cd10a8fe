import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Severity } from '../db/generated/enums';
import { escapeSlack, opsgenieAlert, pagerDutyEvent, slackMessage, truncate, webhookBody, type IncidentNotice } from './payloads';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

const notice: IncidentNotice = {
  id: 42,
  title: 'Terminal shell in container shop/frontend',
  severity: 'high',
  status: 'new',
  cluster: 'prod-eu',
  namespace: 'shop',
  workload: 'frontend',
  techniques: ['T1059', 'T1611'],
  alertCount: 3,
  firstSeenAt: '2026-11-20T10:00:00.000Z',
  url: 'https://cordon.example/i/42',
  event: 'incident.created',
};

// Untrusted text as an attacker would craft it: a link with misleading text, a mention, formatting.
const hostile = '<https://evil.example/login|Reset your password> <!channel> *urgent* & `code`\n> quote';

const keysOf = (value: unknown) => Object.keys(value as object).sort();

describe('[NOTIFY] PagerDuty Events v2 payload', () => {
  const trigger = fixture('pagerduty-trigger.json');
  const event = pagerDutyEvent(notice, 'R0123456789abcdef0123456789abcde');

  it('uses only fields of the documented trigger event, with the deep link in links', () => {
    expect(keysOf(event)).toEqual(keysOf(trigger).filter((key) => key !== 'images'));
    for (const key of keysOf(event.payload)) expect(keysOf(trigger.payload)).toContain(key);
    expect(event).toMatchObject({
      routing_key: 'R0123456789abcdef0123456789abcde',
      event_action: 'trigger',
      dedup_key: 'cordon-incident-42',
      links: [{ href: 'https://cordon.example/i/42', text: 'Open in Cordon' }],
      payload: { source: 'prod-eu', severity: 'error', timestamp: notice.firstSeenAt, component: 'frontend', group: 'shop' },
    });
    expect(event.payload.summary).toBe('[HIGH] New incident #42: Terminal shell in container shop/frontend');
    expect(event.payload.custom_details).toMatchObject({ incident_id: 42, url: notice.url, techniques: ['T1059', 'T1611'] });
  });

  it('maps severities onto PagerDuty severities', () => {
    const mapped = (['critical', 'high', 'medium', 'low', 'info'] as Severity[]).map(
      (severity) => pagerDutyEvent({ ...notice, severity }, 'k').payload.severity,
    );
    expect(mapped).toEqual(['critical', 'error', 'warning', 'info', 'info']);
  });

  it('keeps the summary within 1024 characters and omits absent fields', () => {
    const long = pagerDutyEvent({ ...notice, title: 'x'.repeat(5000), workload: null, namespace: null, cluster: null }, 'k');
    expect(long.payload.summary.length).toBeLessThanOrEqual(1024);
    expect(long.payload).not.toHaveProperty('component');
    expect(long.payload).not.toHaveProperty('group');
    expect(long.payload.source).toBe('cordon');
  });
});

describe('[NOTIFY] Opsgenie create-alert payload', () => {
  const expected = fixture('opsgenie-create-alert.json');

  it('uses only documented create-alert fields, string details and the link in details and description', () => {
    const alert = opsgenieAlert(notice);
    for (const key of keysOf(alert)) expect(keysOf(expected)).toContain(key);
    expect(alert).toMatchObject({ alias: 'cordon-incident-42', priority: 'P2', source: 'Cordon', entity: 'prod-eu/shop/frontend' });
    for (const value of Object.values(alert.details)) expect(typeof value).toBe('string');
    expect(alert.details['Open in Cordon']).toBe(notice.url);
    expect(alert.description).toContain(notice.url);
    expect(alert.tags).toEqual(['cordon', 'severity:high', 'T1059', 'T1611']);
  });

  it('keeps the message within 130 characters and maps priorities P1..P5', () => {
    expect(opsgenieAlert({ ...notice, title: '🔥'.repeat(200) }).message.length).toBeLessThanOrEqual(130);
    const priorities = (['critical', 'high', 'medium', 'low', 'info'] as Severity[]).map((severity) => opsgenieAlert({ ...notice, severity }).priority);
    expect(priorities).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
  });
});

describe('[NOTIFY] Slack incoming-webhook payload', () => {
  const example = fixture('slack-blocks-button.json');

  it('has the fallback text and a section with a button to the incident, like the documented example', () => {
    const message = slackMessage(notice);
    expect(typeof message.text).toBe('string');
    expect(message.text).toContain(notice.url);
    const exampleSection = (example.blocks as { accessory: object }[])[0]!;
    const section = message.blocks.find((block) => 'accessory' in block);
    expect(section).toBeDefined();
    expect(keysOf(section!.accessory)).toEqual(keysOf(exampleSection.accessory));
    expect(section).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    expect(section!.accessory).toMatchObject({ type: 'button', url: notice.url, text: { type: 'plain_text', text: 'Open in Cordon' } });
    expect(fixture('slack-minimal-text.json')).toHaveProperty('text');
  });

  it('never lets untrusted text inject links, mentions or formatting', () => {
    const message = slackMessage({ ...notice, title: hostile, workload: hostile, namespace: '<@U123>' });
    // The fallback text: control characters escaped, sent with mrkdwn off.
    expect(message.mrkdwn).toBe(false);
    expect(message.text).not.toMatch(/[<>]/);
    expect(message.text).toContain('&lt;https://evil.example/login|Reset your password&gt; &lt;!channel&gt;');
    expect(message.text).not.toContain('\n');
    // mrkdwn objects carry Cordon's own words only; untrusted text sits in plain_text, verbatim.
    const json = JSON.stringify(message.blocks);
    const texts = [...json.matchAll(/"type":"(mrkdwn|plain_text)","text":"((?:[^"\\]|\\.)*)"/g)].map((m) => ({
      type: m[1],
      text: JSON.parse(`"${m[2]}"`) as string,
    }));
    for (const t of texts.filter((t) => t.type === 'mrkdwn')) expect(t.text).not.toMatch(/evil|channel|<|@U123/);
    expect(texts.some((t) => t.type === 'plain_text' && t.text.includes('<https://evil.example/login|Reset your password>'))).toBe(true);
  });

  it('escapes exactly &, < and >', () => {
    expect(escapeSlack('a & b <c> "d"')).toBe('a &amp; b &lt;c&gt; "d"');
  });
});

describe('[NOTIFY] Cordon webhook payload', () => {
  it('is { event, incident, url }', () => {
    const body = webhookBody(notice);
    expect(keysOf(body)).toEqual(['event', 'incident', 'url']);
    expect(body.event).toBe('incident.created');
    expect(body.url).toBe(notice.url);
    expect(body.incident).toMatchObject({ id: 42, title: notice.title, severity: 'high', url: notice.url, techniques: notice.techniques });
  });
});

describe('[NOTIFY] truncate', () => {
  it('never splits a surrogate pair', () => {
    const cut = truncate('a' + '😀'.repeat(10), 6);
    expect(cut.length).toBeLessThanOrEqual(6);
    expect(cut).toBe('a😀😀…');
  });
});
