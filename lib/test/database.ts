// For integration tests: gives the test file its own database, cloned from the migrated template,
// and points the app's database clients at it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { disconnectDb } from '../db/client';
import { closePgPool } from '../db/pool';
import { resetEnvCache } from '../env';

export function useTestDatabase(): { url: () => string } {
  let url = '';
  const adminUrl = inject('pgAdminUrl');
  const template = inject('pgTemplateDb');
  const name = `cordon_test_${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
    const parsed = new URL(adminUrl);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    process.env.DATABASE_URL = url;
    process.env.CORDON_SECRET ??= 'test-secret-test-secret-test-secret-0123';
    resetEnvCache();
    await disconnectDb();
    await closePgPool();
  });

  afterAll(async () => {
    await disconnectDb();
    await closePgPool();
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  return { url: () => url };
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
