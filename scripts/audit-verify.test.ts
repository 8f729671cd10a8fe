// npm run audit:verify against a real database: intact, then a modified and a deleted row named.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { writeAudit } from '../lib/audit/write-audit';
import { db } from '../lib/db/client';
import { pgPool } from '../lib/db/pool';
import { useTestDatabase } from '../lib/test/database';
import { projectRoot } from './lib/prisma-cli';

function auditVerify(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', './scripts/lib/register-hooks.mjs', 'scripts/audit-verify.ts'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('[AUDIT] npm run audit:verify', () => {
  const database = useTestDatabase();
  const actor = { type: 'user' as const, id: 'u1', label: 'alice@test.local', ip: null };

  it('reports an intact chain with exit 0, then names a modified and a deleted row with exit 1', async () => {
    for (let i = 0; i < 6; i += 1) {
      await db.$transaction((tx) => writeAudit(tx, actor, { action: 'test.write', targetType: 'thing', targetId: i, details: { i } }));
    }
    const intact = await auditVerify(database.url());
    expect(intact.output).toContain('audit log intact: 6 entries checked');
    expect(intact.code, intact.output).toBe(0);

    const rows = await db.auditLog.findMany({ orderBy: { id: 'asc' }, select: { id: true } });
    await pgPool().query(`UPDATE audit_log SET "actorLabel" = 'mallory@test.local' WHERE id = $1`, [rows[1]!.id.toString()]);
    await pgPool().query('DELETE FROM audit_log WHERE id = $1', [rows[3]!.id.toString()]);

    const tampered = await auditVerify(database.url());
    expect(tampered.code, tampered.output).toBe(1);
    expect(tampered.output).toContain(`row ${rows[1]!.id}: content changed`);
    expect(tampered.output).toContain(`row ${rows[4]!.id}: chain broken`);
    expect(tampered.output).toContain('audit log TAMPERED: 2 problem(s) in 5 entries');
  }, 60_000);
});
