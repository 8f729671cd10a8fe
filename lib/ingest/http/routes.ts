// POST /api/ingest/{falco,k8s-audit,alertmanager,flows}: token → content type → size → parse →
// validate → normalise/detect → group commit → 200 only once committed.
import type http from 'node:http';
import type pg from 'pg';
import { detectInAuditEvent, type BaselineCheck } from '../../detections/audit';
import { detectInFlows } from '../../detections/flows';
import type { IngestSource } from '../../db/generated/enums';
import { logger } from '../../log';
import { metrics } from '../../metrics/metrics';
import type { LeanRoute } from '../../server/http-server';
import { IngestError, storeUnavailable } from '../errors';
import type { NormalizedAlert } from '../normalized';
import { loadIngestSettings } from '../settings';
import { alertmanagerWebhookSchema, normalizeAlertmanager } from '../sources/alertmanager';
import { falcoEventSchema, normalizeFalco } from '../sources/falco';
import { normalizeHubble, hubbleLineSchema, type FlowRecord } from '../sources/hubble';
import { auditEventListSchema } from '../sources/k8s-audit';
import type { AlertWriter } from '../writer/alert-writer';
import { isConnectionError } from '../writer/batch-committer';
import type { FlowWriter } from '../writer/flow-writer';
import type { IngestRateLimiter } from './rate-limit';
import { bodyFormat, parseItems, readBody } from './read-body';
import type { IngestToken } from './token-auth';
import { validateAll as validateItems } from './validate';

export interface IngestDeps {
  pool: pg.Pool;
  alerts: AlertWriter;
  flows: FlowWriter;
  authenticate: (req: http.IncomingMessage, source: IngestSource) => Promise<IngestToken>;
  maxBodyBytes: number;
  /** Per-token events per second (rate-limit.ts); absent: no limit. */
  rateLimiter?: IngestRateLimiter;
  onAccepted?: (source: IngestSource, events: number) => void;
}

type Handler = (req: http.IncomingMessage, deps: IngestDeps, token: IngestToken) => Promise<Record<string, unknown>>;

const HANDLERS: Record<string, { source: IngestSource; handle: Handler }> = {
  '/api/ingest/falco': { source: 'falco', handle: ingestFalco },
  '/api/ingest/k8s-audit': { source: 'k8s_audit', handle: ingestAudit },
  '/api/ingest/alertmanager': { source: 'alertmanager', handle: ingestAlertmanager },
  '/api/ingest/flows': { source: 'flows', handle: ingestFlows },
};

export function ingestRoutes(deps: IngestDeps): LeanRoute {
  return {
    matches: (pathname) => pathname.startsWith('/api/ingest/'),
    async handle(req, res) {
      const started = performance.now();
      const pathname = (req.url ?? '').split('?', 1)[0]!;
      const route = HANDLERS[pathname];
      let status = 200;
      try {
        if (!route) throw new IngestError(404, 'not_found', `No ingest endpoint at ${pathname}. Use ${Object.keys(HANDLERS).join(', ')}.`);
        if (req.method !== 'POST') throw new IngestError(405, 'method_not_allowed', 'Use POST.', {});
        const token = await deps.authenticate(req, route.source);
        deps.rateLimiter?.admit(token.id);
        const result = await route.handle(req, deps, token);
        send(res, 200, result);
      } catch (error) {
        status = sendError(res, error);
        if (!req.complete) req.resume(); // discard the rest of a refused body
      }
      const labels = { source: route?.source ?? 'unknown', status: String(status) };
      const m = metrics();
      m.ingestRequests.inc(labels);
      m.ingestDuration.observe(labels, (performance.now() - started) / 1_000);
    },
  };
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: http.ServerResponse, error: unknown): number {
  let ingestError: IngestError;
  if (error instanceof IngestError) ingestError = error;
  else if (isConnectionError(error)) ingestError = storeUnavailable();
  else {
    logger.error({ err: error }, 'ingest request failed');
    ingestError = new IngestError(500, 'internal', 'The events could not be stored; nothing was acknowledged. Retry later.', {}, 5);
  }
  const headers: Record<string, string> = {};
  if (ingestError.retryAfterSeconds !== undefined) headers['retry-after'] = String(ingestError.retryAfterSeconds);
  if (ingestError.status === 405) headers.allow = 'POST';
  if (ingestError.status === 413) headers.connection = 'close';
  send(res, ingestError.status, { error: ingestError.code, message: ingestError.message, ...ingestError.extra }, headers);
  return ingestError.status;
}

/** Counts the request's events against its token's rate limit, once they are parsed. */
function charge(deps: IngestDeps, token: IngestToken, events: number): void {
  deps.rateLimiter?.charge(token.id, events);
}

async function submitAlerts(deps: IngestDeps, token: IngestToken, alerts: NormalizedAlert[], baselineChecks: BaselineCheck[] = []) {
  const outcome = await deps.alerts.submit({ alerts, baselineChecks, tokenClusterId: token.clusterId });
  return outcome;
}

async function ingestFalco(req: http.IncomingMessage, deps: IngestDeps, token: IngestToken) {
  const format = bodyFormat(req, ['json', 'ndjson']);
  const { items, texts } = parseItems(await readBody(req, deps.maxBodyBytes), format);
  if (items.length === 0) throw new IngestError(400, 'empty', 'The body holds no Falco event.');
  const events = validateItems(falcoEventSchema, items, 'a Falco event (Falcosidekick webhook output)');
  charge(deps, token, events.length);
  const now = new Date();
  const outcome = await submitAlerts(
    deps,
    token,
    events.map((e, i) => {
      const alert = normalizeFalco(e, now);
      alert.rawText = texts[i];
      return alert;
    }),
  );
  deps.onAccepted?.('falco', events.length);
  return { received: events.length, accepted: outcome.accepted, duplicates: outcome.duplicates, incidents: outcome.incidentIds };
}

async function ingestAudit(req: http.IncomingMessage, deps: IngestDeps, token: IngestToken) {
  bodyFormat(req, ['json']);
  const { items } = parseItems(await readBody(req, deps.maxBodyBytes), 'json');
  const [list] = validateItems(auditEventListSchema, items, 'an audit.k8s.io/v1 EventList');
  charge(deps, token, list!.items.length);
  const settings = await loadIngestSettings(deps.pool);
  const detection = {
    deployerIdentities: settings.deployerIdentities,
    trustedIdentities: [...settings.trustedIdentities, ...settings.clusterIdentities],
  };
  const now = new Date();
  const alerts: NormalizedAlert[] = [];
  const checks: BaselineCheck[] = [];
  for (const event of list!.items) {
    const found = detectInAuditEvent(event, detection, now);
    alerts.push(...found.alerts);
    checks.push(...found.baselineChecks);
  }
  const outcome = await submitAlerts(deps, token, alerts, checks);
  deps.onAccepted?.('k8s_audit', list!.items.length);
  return { received: list!.items.length, accepted: outcome.accepted, duplicates: outcome.duplicates, incidents: outcome.incidentIds };
}

async function ingestAlertmanager(req: http.IncomingMessage, deps: IngestDeps, token: IngestToken) {
  bodyFormat(req, ['json']);
  const { items } = parseItems(await readBody(req, deps.maxBodyBytes), 'json');
  const [body] = validateItems(alertmanagerWebhookSchema, items, 'an Alertmanager webhook (version 4)');
  charge(deps, token, body!.alerts.length);
  const outcome = await submitAlerts(deps, token, normalizeAlertmanager(body!, new Date()));
  deps.onAccepted?.('alertmanager', body!.alerts.length);
  return { received: body!.alerts.length, accepted: outcome.accepted, duplicates: outcome.duplicates, incidents: outcome.incidentIds };
}

async function ingestFlows(req: http.IncomingMessage, deps: IngestDeps, token: IngestToken) {
  const format = bodyFormat(req, ['ndjson', 'json']);
  const { items } = parseItems(await readBody(req, deps.maxBodyBytes), format);
  const lines = validateItems(hubbleLineSchema, items, 'a Hubble flow (hubble observe -o json)');
  charge(deps, token, lines.length);
  const clusterName = typeof req.headers['x-cordon-cluster'] === 'string' ? req.headers['x-cordon-cluster'] : null;
  const records = lines.map((line) => normalizeHubble(line, clusterName)).filter((r): r is FlowRecord => r !== null);
  const settings = await loadIngestSettings(deps.pool);
  const detections = detectInFlows(records, settings.maliciousIndicators);
  const [stored, outcome] = await Promise.all([
    deps.flows.write(records, token.clusterId),
    submitAlerts(deps, token, detections.alerts, detections.baselineChecks),
  ]);
  deps.onAccepted?.('flows', lines.length);
  return { received: lines.length, flows: stored, alerts: outcome.accepted, incidents: outcome.incidentIds };
}
