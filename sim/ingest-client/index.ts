import type { IngestTarget } from '../options.js';
import type { SimLogger } from '../util/logger.js';
import { IngestSender } from './sender.js';

export { IngestSender, retryAfterMs } from './sender.js';
export type { SenderOptions, SenderStats } from './sender.js';

export interface IngestSenders {
  falco?: IngestSender<unknown>;
  audit?: IngestSender<unknown>;
  flows?: IngestSender<unknown>;
}

function endpoint(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

/** The three senders the simulator uses, one per console ingest source. */
export function createIngestSenders(target: IngestTarget | undefined, logger: SimLogger, auditBatch: { maxEvents: number; maxWaitMs: number }): IngestSenders {
  if (!target) return {};
  return {
    // Falcosidekick's webhook output posts one Falco event per request.
    falco: new IngestSender<unknown>({
      name: 'falco',
      url: endpoint(target.baseUrl, '/api/ingest/falco'),
      token: target.tokens.falco,
      contentType: 'application/json',
      batchSize: 1,
      concurrency: 4,
      encode: (items) => JSON.stringify(items[0]),
      logger,
    }),
    // The API server's audit webhook posts an audit.k8s.io/v1 EventList per batch.
    audit: new IngestSender<unknown>({
      name: 'k8s-audit',
      url: endpoint(target.baseUrl, '/api/ingest/k8s-audit'),
      token: target.tokens.k8sAudit,
      contentType: 'application/json',
      batchSize: auditBatch.maxEvents,
      lingerMs: auditBatch.maxWaitMs,
      encode: (items) => JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items }),
      logger,
    }),
    // Hubble flows as NDJSON, one `{"flow":...}` per line, like `hubble observe -o json`.
    flows: new IngestSender<unknown>({
      name: 'flows',
      url: endpoint(target.baseUrl, '/api/ingest/flows'),
      token: target.tokens.flows,
      contentType: 'application/x-ndjson',
      batchSize: 500,
      lingerMs: 100,
      maxBuffered: 50_000,
      encode: (items) => `${items.map((i) => JSON.stringify(i)).join('\n')}\n`,
      logger,
    }),
  };
}
