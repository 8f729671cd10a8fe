import type http from 'node:http';
import { IngestError } from '../errors';

export type BodyFormat = 'json' | 'ndjson';

const FORMATS: Record<string, BodyFormat> = {
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/x-jsonlines': 'ndjson',
  'application/jsonlines': 'ndjson',
};

export function bodyFormat(req: http.IncomingMessage, accepted: readonly BodyFormat[]): BodyFormat {
  const type = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
  const format = FORMATS[type];
  if (!format || !accepted.includes(format)) {
    const names = Object.entries(FORMATS).filter(([, f]) => accepted.includes(f)).map(([t]) => t);
    throw new IngestError(415, 'unsupported_media_type', `Content-Type must be ${names.join(' or ')}${type ? ` (got ${type})` : ''}`);
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') throw new IngestError(415, 'unsupported_encoding', `Content-Encoding ${encoding} is not supported`);
  return format;
}

/** Reads the body up to `limit` bytes; larger bodies get 413 without being read whole. */
export async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    throw new IngestError(413, 'payload_too_large', `The body is ${declared} bytes; the limit is ${limit}.`, { limit });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new IngestError(413, 'payload_too_large', `The body exceeds the limit of ${limit} bytes.`, { limit });
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, size);
}

export interface ParsedItems {
  items: unknown[];
  /**
   * The exact source text of each item where it is known (a single object, an NDJSON line), so the
   * stored raw payload keeps what JavaScript numbers cannot (Falco's nanosecond evt.time).
   */
  texts: (string | undefined)[];
}

/** JSON (an object or an array of objects) or NDJSON (one object per line) → the items. */
export function parseItems(body: Buffer, format: BodyFormat): ParsedItems {
  const text = body.toString('utf8');
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new IngestError(400, 'invalid_json', `The body is not valid JSON: ${(error as Error).message}`);
    }
    return Array.isArray(parsed) ? { items: parsed, texts: [] } : { items: [parsed], texts: [text.trim()] };
  }
  const items: unknown[] = [];
  const texts: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!.trim();
    if (!line) continue;
    try {
      items.push(JSON.parse(line));
      texts.push(line);
    } catch (error) {
      throw new IngestError(400, 'invalid_json', `Line ${i + 1} is not valid JSON: ${(error as Error).message}`, { line: i + 1 });
    }
  }
  return { items, texts };
}
