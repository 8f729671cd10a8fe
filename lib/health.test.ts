import { describe, expect, it } from 'vitest';
import { closePgPool } from './db/pool';
import { resetEnvCache } from './env';
import { checkHealth, publicHealth } from './health';
import { useTestDatabase } from './test/database';
import { findFreePort } from '../scripts/lib/embedded-db';

describe('[HEALTH] /api/health report', () => {
  const database = useTestDatabase();

  it('reports the database version and the clusters when up', async () => {
    const report = await checkHealth();
    expect(report.status).toBe('ok');
    expect(report.database.state).toBe('up');
    expect(report.database.version).toMatch(/^PostgreSQL \d+/);
    expect(Array.isArray(report.clusters)).toBe(true);
  });

  it('reports the database down (the server answers 503 for this)', async () => {
    const url = new URL(database.url());
    url.port = String(await findFreePort()); // nothing listens there
    process.env.DATABASE_URL = url.toString();
    resetEnvCache();
    await closePgPool();
    const report = await checkHealth();
    expect(report.status).toBe('degraded');
    expect(report.database.state).toBe('down');
    expect(report.database.error).toBeTruthy();
    process.env.DATABASE_URL = database.url();
    resetEnvCache();
    await closePgPool();
  });

  it('tells remote callers only the state: no version, error text or cluster names', async () => {
    const report = await checkHealth();
    const shown = JSON.stringify(publicHealth({ ...report, database: { state: 'down', error: 'password authentication failed for user "cordon"' }, clusters: [{ name: 'prod-eu', source: 'kubeconfig', state: 'connected', lastSeenAt: null }] }));
    expect(JSON.parse(shown)).toEqual({ status: report.status, database: { state: 'down' }, uptimeSeconds: report.uptimeSeconds });
    expect(shown).not.toMatch(/PostgreSQL|password|prod-eu/);
  });
});
