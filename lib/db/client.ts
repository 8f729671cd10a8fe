// The Prisma clients, one per process (kept on globalThis so the custom server and the Next.js
// bundle, which load this module separately, share them).
//   db      — application queries; secret columns are omitted unless a query asks for them.
//   authDb  — used only by the auth library, which must read password hashes.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { databaseUrl } from '../env';
import { trackPool } from '../metrics/metrics';
import { parseDatabaseUrl } from './connection';
import { PrismaClient } from './generated/client';

const SECRET_COLUMNS = {
  account: { password: true, accessToken: true, refreshToken: true, idToken: true },
  cluster: { kubeconfigEnc: true },
  notificationTarget: { configEnc: true },
  apiToken: { tokenHash: true },
  session: { token: true },
} as const;

function createClient<O extends Record<string, Record<string, boolean>>>(omit: O, max: number, name: string) {
  // UTC sessions: column defaults (now()) and Prisma's UTC reading of timestamps then agree on
  // any server, whatever its own time zone. The pool is made here, not by the adapter, so that
  // the metrics can see it; $disconnect ends it.
  const pool = new pg.Pool({ ...parseDatabaseUrl(databaseUrl()), max, connectionTimeoutMillis: 5_000, options: '-c TimeZone=UTC' });
  trackPool(name, pool);
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return new PrismaClient({ adapter, omit });
}

type AppClient = ReturnType<typeof createClient<typeof SECRET_COLUMNS>>;
type FullClient = ReturnType<typeof createClient<Record<string, never>>>;

const globalForDb = globalThis as unknown as { cordonDb?: AppClient; cordonAuthDb?: FullClient };

function getDb(): AppClient {
  return (globalForDb.cordonDb ??= createClient(SECRET_COLUMNS, 15, 'prisma'));
}

function getAuthDb(): FullClient {
  return (globalForDb.cordonAuthDb ??= createClient({}, 5, 'prisma-auth'));
}

// Lazy: the start script sets DATABASE_URL (embedded database) after modules are imported.
export const db: AppClient = new Proxy({} as AppClient, {
  get: (_target, property) => Reflect.get(getDb(), property) as unknown,
});

export const authDb: FullClient = new Proxy({} as FullClient, {
  get: (_target, property) => Reflect.get(getAuthDb(), property) as unknown,
});

export type Db = AppClient;
export type Tx = Parameters<Parameters<AppClient['$transaction']>[0]>[0];

export async function disconnectDb(): Promise<void> {
  await Promise.all([globalForDb.cordonDb?.$disconnect(), globalForDb.cordonAuthDb?.$disconnect()]);
  globalForDb.cordonDb = undefined;
  globalForDb.cordonAuthDb = undefined;
}
