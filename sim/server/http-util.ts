import type { IncomingMessage, ServerResponse } from 'node:http';
import YAML from 'yaml';
import { ApiError, errors } from '../api/status.js';
import { decodeKubernetesProtobuf, PROTOBUF_CONTENT_TYPE } from './protobuf.js';

const MAX_BODY_BYTES = 3 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError({ message: 'Request entity too large: limit is 3145728', reason: 'RequestEntityTooLarge', code: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Decodes a request body; JSON always, YAML for apply patches (a JSON body is valid YAML too). */
export function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  const type = (contentType ?? 'application/json').split(';')[0]?.trim().toLowerCase();
  if (type === PROTOBUF_CONTENT_TYPE) return decodeKubernetesProtobuf(raw);
  const text = raw.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    if (type === 'application/apply-patch+yaml' || type === 'application/yaml') return YAML.parse(text) as unknown;
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw errors.badRequest(`error decoding request body: ${(err as Error).message}`);
  }
}

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
    'X-Kubernetes-Pf-Flowschema-Uid': 'cordon-sim',
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): number {
  const apiError = err instanceof ApiError ? err : errors.internal((err as Error)?.message ?? String(err));
  if (apiError.rawBody) {
    if (!res.headersSent) res.writeHead(apiError.code, { 'Content-Type': apiError.rawBody.contentType });
    res.end(apiError.rawBody.text);
    return apiError.code;
  }
  const retryAfter = apiError.status.details?.retryAfterSeconds;
  if (retryAfter && !res.headersSent) res.setHeader('Retry-After', String(retryAfter));
  sendJson(res, apiError.code, apiError.status);
  return apiError.code;
}

export function boolParam(url: URL, name: string): boolean {
  const v = url.searchParams.get(name);
  return v === 'true' || v === '1';
}

export function intParam(url: URL, name: string): number | undefined {
  const v = url.searchParams.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw errors.badRequest(`invalid value for ${name}: ${v}`);
  return n;
}
