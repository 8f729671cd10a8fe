import { describe, expect, it } from 'vitest';
import { db } from '../db/client';
import { pgPool } from '../db/pool';
import { useTestDatabase } from '../test/database';
import { verifyAuditChain } from './verify-chain';
import { writeAudit } from './write-audit';

describe('[AUDIT] hash-chained audit log', () => {
  useTestDatabase();
  const actor = { type: 'user' as const, id: 'u1', label: 'alice@test.local', ip: '10.0.0.1' };

  it('chains entries written concurrently and verifies them', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.$transaction((tx) => writeAudit(tx, actor, { action: 'test.write', targetType: 'thing', targetId: i, details: { i } })),
      ),
    );
    const rows = await db.auditLog.findMany({ orderBy: { id: 'asc' } });
    expect(rows).toHaveLength(20);
    for (let i = 1; i < rows.length; i += 1) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(await verifyAuditChain()).toEqual({ checked: 20, ok: true, problems: [] });
  });

  it('rolls the audit row back with the transaction it belongs to', async () => {
    const before = await db.auditLog.count();
    await expect(
      db.$transaction(async (tx) => {
        await writeAudit(tx, actor, { action: 'test.rollback' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await db.auditLog.count()).toBe(before);
  });

  it('reports a modified row and a deleted row', async () => {
    const rows = await db.auditLog.findMany({ orderBy: { id: 'asc' }, take: 5 });
    await pgPool().query(`UPDATE audit_log SET details = '{"i": 999}' WHERE id = $1`, [rows[2]!.id.toString()]);
    let report = await verifyAuditChain();
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({ id: rows[2]!.id.toString(), reason: 'content_changed' });

    await pgPool().query('DELETE FROM audit_log WHERE id = $1', [rows[4]!.id.toString()]);
    report = await verifyAuditChain();
    expect(report.problems).toContainEqual({ id: (rows[4]!.id + 1n).toString(), reason: 'chain_broken' });
  });
});
