// For integration tests: the real ingest pipeline (token check, parsing, group commit) behind a
// real HTTP server on loopback, without the Next.js part of the app.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiToken } from '../settings/commands/create-api-token';
import { createIngestService, type IngestServiceOptions } from '../ingest/service';
import type { IngestSource } from '../db/generated/enums';

export async function startIngestServer(options: IngestServiceOptions = {}) {
  const ingest = createIngestService(options);
  const server = http.createServer((req, res) => void ingest.route.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    ingest,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await ingest.close();
    },
  };
}

export async function createIngestToken(source: IngestSource, clusterId: string | null = null): Promise<string> {
  const { token } = await createApiToken(
    { name: `test ${source} ${Math.random().toString(36).slice(2, 8)}`, source, clusterId },
    { type: 'system', id: null, label: 'test' },
  );
  return token;
}

export async function post(url: string, body: string | object, init: { token?: string; contentType?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': init.contentType ?? 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { text };
  }
  return { status: response.status, headers: response.headers, json };
}
