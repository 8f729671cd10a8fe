// Vitest global setup: one real PostgreSQL for the whole run — the embedded server in a
// temporary folder, or the server named by TEST_DATABASE_URL — with a template database that has
// every committed migration applied. Each test file clones the template (see lib/test/database.ts),
// so files run in parallel without sharing rows.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDb, type EmbeddedDb } from '../lib/embedded-db';
import { runPrisma } from '../lib/prisma-cli';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplateDb: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let embedded: EmbeddedDb | null = null;
  let tempDir: string | null = null;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'cordon-test-'));
    await chmod(tempDir, 0o755); // as root, PostgreSQL runs as "postgres" and must reach it
    embedded = await startEmbeddedDb({ dataDir: path.join(tempDir, 'pg'), database: 'postgres' });
    adminUrl = embedded.url;
  }

  const template = `cordon_template_${process.pid}`;
  await withClient(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${template}`);
    await client.query(`CREATE DATABASE ${template}`);
  });
  await runPrisma(['migrate', 'deploy'], { databaseUrl: withDatabase(adminUrl, template), quiet: true });

  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplateDb', template);

  return async () => {
    if (embedded) {
      await embedded.stop();
    } else {
      await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`)).catch(() => undefined);
    }
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
