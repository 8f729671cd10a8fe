// Finds the console's database for operator scripts (audit:verify): DATABASE_URL when set, else the
// embedded PostgreSQL of the data folder — the running one of `npm start` (its port is in
// postmaster.pid), or, when the console is stopped, the same folder started for the duration.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedDb } from './embedded-db';
import { projectRoot } from './prisma-cli';

export interface LocalDatabase {
  url: string;
  /** Where it came from, for the script's first line. */
  description: string;
  release(): Promise<void>;
}

export async function openLocalDatabase(): Promise<LocalDatabase> {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, description: 'DATABASE_URL', release: () => Promise.resolve() };
  }
  const dataDir = path.resolve(projectRoot, process.env.CORDON_DATA_DIR ?? '.cordon');
  const pgDir = path.join(dataDir, 'pg');
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
    throw new Error(`no database: DATABASE_URL is not set and ${pgDir} holds no embedded PostgreSQL (run npm start once, or set DATABASE_URL)`);
  }
  const running = await runningEmbeddedUrl(dataDir, pgDir);
  if (running) return { url: running, description: `the running embedded PostgreSQL in ${path.relative(projectRoot, pgDir)}`, release: () => Promise.resolve() };
  const db = await startEmbeddedDb({ dataDir: pgDir, database: 'cordon' });
  return { url: db.url, description: `the embedded PostgreSQL in ${path.relative(projectRoot, pgDir)}, started for this check`, release: () => db.stop() };
}

async function runningEmbeddedUrl(dataDir: string, pgDir: string): Promise<string | null> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  // postmaster.pid: pid, data directory, start time, port, ...
  const port = Number((await readFile(pidFile, 'utf8')).split('\n')[3]);
  const credentials = JSON.parse(await readFile(path.join(dataDir, 'embedded-db.json'), 'utf8')) as { user: string; password: string };
  const url = `postgresql://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/cordon`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return url;
  } catch {
    return null; // a stale pid file after a crash: start the folder ourselves
  } finally {
    await client.end().catch(() => undefined);
  }
}
