import 'server-only';
import { db } from '../../db/client';
import { verifyAuditChain, type ChainReport } from '../verify-chain';
import { writeAudit, type AuditActor } from '../write-audit';

/**
 * Verifies the audit log's hash chain on an admin's request and records that it was checked, with
 * the outcome. The record is appended after the walk, so it never verifies itself.
 */
export async function verifyAuditLog(actor: AuditActor): Promise<ChainReport> {
  const report = await verifyAuditChain();
  await db.$transaction((tx) =>
    writeAudit(tx, actor, {
      action: 'audit.verify',
      outcome: report.ok ? 'ok' : 'failed',
      details: { checked: report.checked, problems: report.problems.slice(0, 100) },
    }),
  );
  return report;
}
