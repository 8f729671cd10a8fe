// npm run deps:audit — the dependency audit CI runs before the tests (policy: docs/security.md).
// Fails on a high or critical advisory in a production dependency unless audit-allowlist.json
// accepts it with a reason and an expiry date; lists moderate and low ones. When the registry's
// audit endpoint cannot be reached (an offline mirror answers 405), says so and does not fail:
// the audit is then owed by the next run that can reach it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluateAudit, type Allowed, type AuditReport } from './lib/deps-audit-policy';
import { projectRoot } from './lib/prisma-cli';

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: projectRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
let report: AuditReport;
try {
  report = JSON.parse(run.stdout) as AuditReport;
} catch {
  console.error(`[deps-audit] npm audit printed no report (exit ${run.status}):\n${run.stderr.slice(-2000)}`);
  process.exit(1);
}

if (!report.vulnerabilities) {
  const why = report.error?.summary || report.message || `exit ${run.status}`;
  console.log(`[deps-audit] SKIPPED: the registry's audit endpoint did not answer (${why}). Run npm run deps:audit where the npm registry is reachable.`);
  process.exit(0);
}

const allowlist = JSON.parse(readFileSync(path.join(projectRoot, 'audit-allowlist.json'), 'utf8')) as Allowed[];
const result = evaluateAudit(report, allowlist, new Date().toISOString().slice(0, 10));
for (const line of result.lines) console.log(`[deps-audit] ${line}`);
process.exit(result.failing > 0 ? 1 : 0);
