import { describe, expect, it } from 'vitest';
import { diffMigrationsToSchema, isEmptyMigration } from '../scripts/db/new-migration';
import { useTestDatabase } from '../lib/test/database';
import { pgPool } from '../lib/db/pool';

describe('[DB] schema and migrations', () => {
  useTestDatabase();

  it('has no drift: the committed migrations produce exactly schema.prisma', async () => {
    const sql = await diffMigrationsToSchema();
    expect(isEmptyMigration(sql), `schema.prisma has changes without a migration; run npm run db:migration -- <name>\n${sql}`).toBe(
      true,
    );
  }, 120_000);

  it('applies every migration to an empty database, creating every model table', async () => {
    // The test database is a clone of a template built by `prisma migrate deploy` from nothing.
    const { rows } = await pgPool().query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    const tables = rows.map((r) => r.table_name);
    for (const table of ['user', 'session', 'account', 'alert', 'incident', 'timeline_entry', 'note', 'entity', 'flow',
      'containment_action', 'evidence', 'custody_event', 'api_token', 'audit_log', 'notification_target',
      'notification_delivery', 'cluster', 'cluster_object', 'post_incident_report']) {
      expect(tables).toContain(table);
    }
    const migrations = await pgPool().query<{ count: string }>('SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL');
    expect(Number(migrations.rows[0]?.count)).toBeGreaterThan(0);
  });

  it('treats comment-only output as an empty migration', () => {
    expect(isEmptyMigration('-- This is an empty migration.\n')).toBe(true);
    expect(isEmptyMigration('-- AlterTable\nALTER TABLE "x" ADD COLUMN "y" INT;\n')).toBe(false);
  });
});
