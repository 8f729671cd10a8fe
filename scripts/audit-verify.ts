// npm run audit:verify — recomputes the audit log's hash chain and names every row that was
// modified, deleted or inserted after the fact. Exit code 0: intact; 1: tampering found; 2: could
// not check. Read-only: unlike the Settings button, it writes no audit entry of its own.
import { openLocalDatabase } from './lib/local-database';

const REASONS = {
  content_changed: 'content changed: the row no longer matches its hash (modified after it was written)',
  chain_broken: 'chain broken: the row does not follow the one before it (a row was modified, deleted or inserted)',
} as const;

let database;
try {
  database = await openLocalDatabase();
} catch (error) {
  console.error(`[cordon] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

process.env.DATABASE_URL = database.url;
const { verifyAuditChain } = await import('../lib/audit/verify-chain');
const { disconnectDb } = await import('../lib/db/client');
let exitCode = 2;
try {
  console.log(`[cordon] verifying the audit log in ${database.description}`);
  const report = await verifyAuditChain();
  for (const problem of report.problems) console.log(`row ${problem.id}: ${REASONS[problem.reason]}`);
  console.log(
    report.ok
      ? `audit log intact: ${report.checked} entries checked`
      : `audit log TAMPERED: ${report.problems.length} problem(s) in ${report.checked} entries`,
  );
  exitCode = report.ok ? 0 : 1;
} catch (error) {
  console.error(`[cordon] could not verify: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await disconnectDb();
  await database.release();
}
process.exit(exitCode);
