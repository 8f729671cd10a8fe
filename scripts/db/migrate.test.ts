// `npm run db:migrate` as the deployment runs it: one init container per replica, all at once, on
// an empty database. Each must succeed (a failed init container holds its pod back) and the
// migrations must be applied exactly once.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { projectRoot } from '../lib/prisma-cli';

function runMigrate(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/db/migrate.ts'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('[DEPLOY] db:migrate from concurrent init containers', () => {
  const adminUrl = inject('pgAdminUrl');
  const name = `cordon_migrate_${randomBytes(4).toString('hex')}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;

  afterAll(async () => {
    await query(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('two runs at once (two replicas) on an empty database both succeed and apply each migration once', { timeout: 180_000 }, async () => {
    await query(adminUrl, `CREATE DATABASE ${name}`);
    const runs = await Promise.all([0, 1].map(() => runMigrate(url.toString())));
    for (const run of runs) expect(run.code, run.output).toBe(0);
    const applied = await query<{ migration_name: string; n: string }>(
      url.toString(),
      'SELECT migration_name, count(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL GROUP BY migration_name',
    );
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.every((row) => row.n === '1')).toBe(true);
  });
});
