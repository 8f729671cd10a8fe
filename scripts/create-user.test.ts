// The first account of a production database, created the way docs/deploy.md says: the script
// with the password on stdin.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { useTestDatabase } from '../lib/test/database';
import { projectRoot } from './lib/prisma-cli';

function createUser(databaseUrl: string, args: string[], password: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', './scripts/lib/register-hooks.mjs', 'scripts/create-user.ts', ...args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
    child.stdin.end(password);
  });
}

describe('[DEPLOY] create-user: the first admin of a production database', () => {
  const database = useTestDatabase();
  const args = ['--email', 'First.Admin@Example.com', '--name', 'First Admin', '--role', 'admin'];

  it('creates the account from stdin, audited, and refuses a second one with the same email', async () => {
    const created = await createUser(database.url(), args, 'correct horse battery staple\n');
    expect(created.code, created.output).toBe(0);
    expect(created.output).toContain('created admin first.admin@example.com');
    const user = await db.user.findUnique({ where: { email: 'first.admin@example.com' }, select: { role: true, name: true } });
    expect(user).toEqual({ role: 'admin', name: 'First Admin' });
    expect(await db.auditLog.count({ where: { action: 'user.create', actorLabel: 'create-user script' } })).toBe(1);

    const again = await createUser(database.url(), args, 'correct horse battery staple');
    expect(again.code).toBe(1);
    expect(again.output).toContain('already exists');
  }, 60_000);

  it('refuses a short password or a missing name before touching the database', async () => {
    const short = await createUser(database.url(), ['--email', 'b@example.com', '--name', 'B', '--role', 'admin'], 'short');
    expect(short.code).toBe(2);
    expect(short.output).toContain('password: Use at least 12 characters');
    const usage = await createUser(database.url(), ['--email', 'b@example.com'], 'long enough password');
    expect(usage.code).toBe(2);
    expect(usage.output).toContain('usage: create-user');
  }, 60_000);
});
