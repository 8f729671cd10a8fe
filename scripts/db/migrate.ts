// npm run db:migrate — applies the committed migrations to DATABASE_URL (production deploys run
// this as a separate step or init container before the app starts).
// Runs that start together (each replica's init container) take turns on a session advisory lock:
// Prisma's own lock waits only 10 s before failing (P1002), less than a first migration can take.
import pg from 'pg';
import { parseDatabaseUrl } from '../../lib/db/connection';
import { runPrisma } from '../lib/prisma-cli';

const MIGRATE_LOCK_KEY = 0x636f7264; // "cord"; Prisma's own key (72707369) is another

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set');
  process.exit(2);
}
const client = new pg.Client({ ...parseDatabaseUrl(url), application_name: 'cordon-migrate' });
await client.connect();
try {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK_KEY]);
  await runPrisma(['migrate', 'deploy']);
} finally {
  await client.end(); // ends the session, which releases the lock
}
