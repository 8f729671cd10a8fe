import { createServer } from 'node:http';
import type { Server } from 'node:http';

export interface Received {
  path: string;
  authorization?: string;
  contentType?: string;
  body: string;
}

/** A stand-in for the console's ingest endpoints: records every POST it receives. */
export class IngestReceiver {
  readonly requests: Received[] = [];
  private server: Server | undefined;
  /** Optional canned status for the next N requests (to test retries). */
  failNext: { status: number; retryAfter?: string; count: number } | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (this.failNext && this.failNext.count > 0) {
          this.failNext.count--;
          res.writeHead(this.failNext.status, this.failNext.retryAfter ? { 'Retry-After': this.failNext.retryAfter } : {});
          res.end();
          return;
        }
        this.requests.push({ path: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(202, { 'Content-Type': 'application/json' });
        res.end('{"accepted":true}');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  falco(): { rule: string; output_fields: Record<string, unknown>; priority: string; tags: string[]; source: string; uuid: string }[] {
    return this.requests.filter((r) => r.path === '/api/ingest/falco').map((r) => JSON.parse(r.body) as never);
  }

  audit(): { verb: string; stage: string; user: { username?: string }; objectRef?: { resource?: string; subresource?: string; name?: string; namespace?: string }; responseStatus?: { code?: number; message?: string }; requestObject?: unknown }[] {
    return this.requests.filter((r) => r.path === '/api/ingest/k8s-audit').flatMap((r) => (JSON.parse(r.body) as { items: never[] }).items);
  }

  flows(): { flow: Record<string, unknown> & { verdict: string; IP: { source: string; destination: string }; l4: { TCP?: { destination_port: number }; UDP?: { destination_port: number } }; source: { pod_name?: string; namespace?: string }; destination: { pod_name?: string; labels?: string[] } } }[] {
    return this.requests
      .filter((r) => r.path === '/api/ingest/flows')
      .flatMap((r) => r.body.split('\n').filter(Boolean).map((l) => JSON.parse(l) as never));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
