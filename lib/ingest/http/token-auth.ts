// Ingest tokens are checked on every request; lookups by hash are cached for a few seconds so a
// burst of alerts costs one database read, and a revoked token stops working within that time.
import type http from 'node:http';
import type pg from 'pg';
import { hashApiToken } from '../../auth/api-tokens';
import type { IngestSource } from '../../db/generated/enums';
import { IngestError } from '../errors';

export interface IngestToken {
  id: string;
  source: IngestSource;
  clusterId: string | null;
}

interface CacheEntry {
  token: IngestToken | null;
  expires: number;
}

const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

export function createTokenAuthenticator(pool: pg.Pool, headerName: string) {
  const cache = new Map<string, CacheEntry>();
  const lastUsedWritten = new Map<string, number>();
  const header = headerName.toLowerCase();

  async function lookup(hash: string): Promise<IngestToken | null> {
    const now = Date.now();
    const hit = cache.get(hash);
    if (hit && hit.expires > now) return hit.token;
    const { rows } = await pool.query<{ id: string; source: IngestSource; clusterId: string | null }>(
      `SELECT id, source::text AS source, "clusterId" FROM api_token
        WHERE "tokenHash" = $1 AND "revokedAt" IS NULL AND ("expiresAt" IS NULL OR "expiresAt" > now())`,
      [hash],
    );
    const token = rows[0] ?? null;
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(hash, { token, expires: now + TTL_MS });
    return token;
  }

  function recordUse(token: IngestToken): void {
    const now = Date.now();
    if ((lastUsedWritten.get(token.id) ?? 0) > now - 60_000) return;
    lastUsedWritten.set(token.id, now);
    pool.query('UPDATE api_token SET "lastUsedAt" = now() WHERE id = $1', [token.id]).catch(() => undefined);
  }

  return async function authenticate(req: http.IncomingMessage, source: IngestSource): Promise<IngestToken> {
    const authorization = req.headers.authorization;
    const bearer = authorization?.toLowerCase().startsWith('bearer ') ? authorization.slice(7).trim() : undefined;
    const custom = req.headers[header];
    const presented = bearer ?? (Array.isArray(custom) ? custom[0] : custom);
    if (!presented) {
      throw new IngestError(401, 'unauthenticated', `Send the ingest token as "Authorization: Bearer <token>" or in the ${headerName} header.`);
    }
    if (presented.length > 512) throw new IngestError(401, 'unauthenticated', 'The ingest token is not valid.');
    const token = await lookup(hashApiToken(presented));
    if (!token) throw new IngestError(401, 'unauthenticated', 'The ingest token is not valid (unknown, revoked or expired).');
    if (token.source !== source) {
      throw new IngestError(403, 'forbidden', `This token is for the ${token.source} source and cannot send ${source} events.`);
    }
    recordUse(token);
    return token;
  };
}
