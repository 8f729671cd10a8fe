import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedDb } from './embedded-db';

describe('[START] embedded PostgreSQL', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps its data across a stop and a second start', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cordon-embedded-'));
    await chmod(dir, 0o755);
    const first = await startEmbeddedDb({ dataDir: path.join(dir, 'pg'), database: 'cordon' });
    const c1 = new pg.Client({ connectionString: first.url });
    await c1.connect();
    await c1.query('CREATE TABLE kept (v text)');
    await c1.query("INSERT INTO kept VALUES ('survives restarts')");
    await c1.end();
    await first.stop();

    const second = await startEmbeddedDb({ dataDir: path.join(dir, 'pg'), database: 'cordon' });
    const c2 = new pg.Client({ connectionString: second.url });
    await c2.connect();
    const { rows } = await c2.query<{ v: string }>('SELECT v FROM kept');
    await c2.end();
    await second.stop();
    expect(rows).toEqual([{ v: 'survives restarts' }]);
    // A password is required: the server is not open to every local user.
    expect(new URL(second.url).password.length).toBeGreaterThan(20);
  }, 60_000);
});
