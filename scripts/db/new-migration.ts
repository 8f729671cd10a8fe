// Writes the next migration from the difference between the committed migrations and
// prisma/schema.prisma, using an in-memory PGlite database as the shadow database.
//   npm run db:migration -- <name>
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot, runPrisma } from '../lib/prisma-cli';

/** The SQL that would bring a database built from the committed migrations to schema.prisma. */
export async function diffMigrationsToSchema(): Promise<string> {
  const migrationsDir = path.join(projectRoot, 'prisma/migrations');
  const existing = (await readdir(migrationsDir, { withFileTypes: true })).filter((e) => e.isDirectory());
  const from = existing.length > 0 ? ['--from-migrations', 'prisma/migrations'] : ['--from-empty'];
  return await runPrisma(['migrate', 'diff', ...from, '--to-schema-datamodel', 'prisma/schema.prisma', '--script'], {
    config: 'prisma/pglite.config.ts',
    capture: true,
  });
}

export function isEmptyMigration(sql: string): boolean {
  return !sql.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--'));
}

async function main(): Promise<void> {
  const name = (process.argv[2] ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  if (!name) {
    console.error('usage: npm run db:migration -- <name>');
    process.exit(2);
  }
  const sql = await diffMigrationsToSchema();
  if (isEmptyMigration(sql)) {
    console.log('schema.prisma matches the migrations: nothing to write');
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(projectRoot, 'prisma/migrations', `${stamp}_${name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'migration.sql'), sql);
  console.log(`wrote ${path.relative(projectRoot, dir)}/migration.sql`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
