import { request } from 'node:http';
import WebSocket from 'ws';

export interface ApiCallOptions {
  token: string;
  userAgent: string;
  /** Sent as X-Forwarded-For so the audit log shows the attacking pod's address first. */
  sourceIp?: string;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  auditId?: string;
}

/**
 * A client for the simulator's own API, so scenario actions are real requests that go through
 * authentication, RBAC and the audit log exactly like kubectl's.
 */
export class SimApiClient {
  constructor(private readonly baseUrl: string) {}

  call(method: string, path: string, opts: ApiCallOptions, body?: unknown): Promise<ApiResponse> {
    const url = new URL(path, this.baseUrl);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { Authorization: `Bearer ${opts.token}`, 'User-Agent': opts.userAgent, Accept: 'application/json' };
    if (payload) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    if (opts.sourceIp) headers['X-Forwarded-For'] = opts.sourceIp;
    return new Promise((resolve) => {
      const req = request(url, { method, headers, timeout: 10_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // kubelet-style plain-text answers stay strings
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, auditId: res.headers['audit-id'] as string | undefined });
        });
      });
      req.on('error', () => resolve({ status: 0, body: undefined }));
      req.on('timeout', () => req.destroy());
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** An interactive `kubectl exec -it <pod> -- sh` that types `commands` and exits; resolves to the HTTP status (101 on success). */
  execShell(namespace: string, pod: string, container: string, commands: string[], opts: ApiCallOptions): Promise<{ status: number; output: string; auditId?: string }> {
    const query = new URLSearchParams({ command: 'sh', container, stdin: 'true', stdout: 'true', tty: 'true' });
    const url = `${this.baseUrl.replace(/^http/, 'ws')}/api/v1/namespaces/${namespace}/pods/${pod}/exec?${query}`;
    const headers: Record<string, string> = { Authorization: `Bearer ${opts.token}`, 'User-Agent': opts.userAgent };
    if (opts.sourceIp) headers['X-Forwarded-For'] = opts.sourceIp;
    return new Promise((resolve) => {
      let output = '';
      let settled = false;
      let auditId: string | undefined;
      const done = (status: number) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status, output, auditId });
      };
      const ws = new WebSocket(url, ['v5.channel.k8s.io', 'v4.channel.k8s.io'], { headers });
      const timer = setTimeout(() => {
        ws.terminate();
        done(0);
      }, 10_000);
      ws.on('upgrade', (res) => {
        auditId = res.headers['audit-id'] as string | undefined;
      });
      ws.on('unexpected-response', (_req, res) => {
        auditId = res.headers['audit-id'] as string | undefined;
        done(res.statusCode ?? 0);
        res.resume();
        ws.terminate();
      });
      ws.on('error', () => done(0));
      ws.on('open', () => {
        for (const command of [...commands, 'exit']) ws.send(Buffer.concat([Buffer.from([0]), Buffer.from(`${command}\r`)]));
      });
      ws.on('message', (data: Buffer) => {
        if (data[0] === 1 || data[0] === 2) output += data.subarray(1).toString('utf8');
      });
      ws.on('close', () => done(101));
    });
  }
}
