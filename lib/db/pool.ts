// node-postgres pools for the few paths that need raw SQL (batched ingest writes, health,
// LISTEN/NOTIFY). Everything else goes through Prisma (lib/db/client.ts).
import pg from 'pg';
import { databaseUrl } from '../env';
import { trackPool } from '../metrics/metrics';
import { parseDatabaseUrl } from './connection';

const TIMESTAMP_OID = 1114;

// Prisma stores DateTime as UTC in `timestamp without time zone`. Raw connections use UTC too, so
// comparisons with now() and values read back mean the same instant whatever the server's zone.
const parseUtcTimestamp = (value: string): Date => new Date(`${value.replace(' ', 'T')}Z`);
const utcTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === TIMESTAMP_OID ? parseUtcTimestamp : (pg.types.getTypeParser(oid, format ?? 'text') as unknown)) as typeof pg.types.getTypeParser,
};

export function createPgPool(max: number, name = 'cordon'): pg.Pool {
  const pool = new pg.Pool({
    ...parseDatabaseUrl(databaseUrl()),
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: name,
    options: '-c TimeZone=UTC',
    types: utcTypes,
  });
  // A client losing its connection (database restart) must not crash the process: idle clients
  // report on the pool, checked-out ones on themselves (between the queries of a transaction, say);
  // their next query fails with a connection error and the pool drops them.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  trackPool(name, pool);
  return pool;
}

const globalForPool = globalThis as unknown as { cordonPgPool?: pg.Pool };

export function pgPool(): pg.Pool {
  return (globalForPool.cordonPgPool ??= createPgPool(10));
}

export async function closePgPool(): Promise<void> {
  const pool = globalForPool.cordonPgPool;
  globalForPool.cordonPgPool = undefined;
  await pool?.end();
}
