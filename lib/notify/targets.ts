// A target's configuration holds credentials (routing keys, API keys, webhook URLs that are
// themselves secrets, signing secrets). It is sealed with AES-256-GCM into configEnc and only
// opened on the server, right before a send. The browser sees kind + name + a masked hint.
import 'server-only';
import { open, seal } from '../crypto/seal';
import type { NotificationKind } from '../db/generated/enums';
import { DEFAULT_PAGERDUTY_URL, KIND_LABELS, OPSGENIE_URLS, targetConfigSchema, type TargetConfig } from './schemas';

/** Thrown when a stored configuration cannot be used; the message never contains the config. */
export class TargetConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetConfigError';
  }
}

/** As a plain Uint8Array, the type Prisma expects for Bytes columns. */
export function sealTargetConfig(config: TargetConfig): Uint8Array<ArrayBuffer> {
  return new Uint8Array(seal(JSON.stringify(targetConfigSchema.parse(config))));
}

export function openTargetConfig(kind: NotificationKind, sealed: Uint8Array): TargetConfig {
  let json: unknown;
  try {
    json = JSON.parse(open(sealed).toString('utf8'));
  } catch {
    throw new TargetConfigError('the stored configuration cannot be decrypted (was the encryption key changed?)');
  }
  const parsed = targetConfigSchema.safeParse(json);
  if (!parsed.success || parsed.data.kind !== kind) {
    throw new TargetConfigError('the stored configuration is not valid for this kind of target');
  }
  return parsed.data;
}

/** Where the notice is POSTed. May itself be a secret (Slack webhook URLs): never log it. */
export function targetEndpoint(config: TargetConfig): string {
  switch (config.kind) {
    case 'pagerduty':
      return config.url ?? DEFAULT_PAGERDUTY_URL;
    case 'opsgenie':
      return config.url ?? OPSGENIE_URLS[config.region];
    case 'slack':
      return config.webhookUrl;
    case 'webhook':
      return config.url;
  }
}

const lastFour = (value: string): string => `…${value.slice(-4)}`;

/** Enough to tell targets apart in the UI, never enough to use one. */
export function targetHint(config: TargetConfig): string {
  switch (config.kind) {
    case 'pagerduty':
      return `key ${lastFour(config.routingKey)}`;
    case 'opsgenie':
      return `${config.url ? new URL(config.url).host : config.region.toUpperCase()} · key ${lastFour(config.apiKey)}`;
    case 'slack':
      return `${new URL(config.webhookUrl).host} ${lastFour(config.webhookUrl)}`;
    case 'webhook':
      // The origin only: paths and query strings often carry tokens.
      return `${new URL(config.url).origin}${config.secret ? ' · signed' : ''}`;
  }
}

/**
 * Every credential-bearing string of a config, to scrub from anything we store or show
 * (a receiver may echo the request back in its error body).
 */
export function secretValues(config: TargetConfig): string[] {
  const values: string[] = [];
  switch (config.kind) {
    case 'pagerduty':
      values.push(config.routingKey);
      break;
    case 'opsgenie':
      values.push(config.apiKey);
      break;
    case 'slack': {
      const url = new URL(config.webhookUrl);
      values.push(config.webhookUrl, url.pathname + url.search, ...tokenLikeSegments(url));
      break;
    }
    case 'webhook': {
      const url = new URL(config.url);
      if (url.pathname.length > 1 || url.search) values.push(url.pathname + url.search, ...tokenLikeSegments(url));
      if (config.secret) values.push(config.secret);
      values.push(...Object.values(config.headers ?? {}));
      break;
    }
  }
  return values.filter((value) => value.length >= 4);
}

// Path segments long enough to be tokens (Slack's /services/T…/B…/<token>), echoed alone.
function tokenLikeSegments(url: URL): string[] {
  return url.pathname.split('/').filter((segment) => segment.length >= 8);
}

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  // Longest first, so a value containing another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    result = result.split(secret).join('[redacted]');
  }
  return result;
}

export function describeTarget(target: { kind: NotificationKind; name: string }): string {
  return `${KIND_LABELS[target.kind]} (${target.name})`;
}
