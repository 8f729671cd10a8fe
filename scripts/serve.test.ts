// The production entry the container image runs (scripts/serve.ts), started as the image starts
// it — `node --import tsx --import ./scripts/lib/register-hooks.mjs scripts/serve.ts` — against a
// migrated test database on loopback. The image itself cannot be built here (no registry), so
// this is what proves its command works.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../lib/test/database';
import { ensureBuild } from './lib/build';
import { projectRoot } from './lib/prisma-cli';

const SECRET = 'serve-test-secret-serve-test-secret-0123';

interface Child {
  lines: () => Record<string, unknown>[];
  stderr: () => string;
  exited: Promise<number | null>;
  kill: (signal: NodeJS.Signals) => void;
}

function startServe(extraEnv: Record<string, string | undefined>): Child {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', NODE_ENV: 'production', ...extraEnv };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', './scripts/lib/register-hooks.mjs', 'scripts/serve.ts'], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const parse = (text: string) =>
    text
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { lines: () => [...parse(stdout), ...parse(stderr)], stderr: () => stderr, exited, kill: (signal) => child.kill(signal) };
}

async function waitForLine(child: Child, msg: string, timeoutMs: number): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = child.lines().find((l) => l.msg === msg);
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no "${msg}" line within ${timeoutMs} ms; output:\n${JSON.stringify(child.lines(), null, 1).slice(-3000)}\n${child.stderr().slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('[DEPLOY] production entry: npm run serve', () => {
  const database = useTestDatabase();
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cordon-serve-'));
    // An existing build is used as it is (the health paths do not depend on page sources); a fresh
    // checkout builds once here, and `npm start` / the e2e runner find that build afterwards.
    // ensureBuild stamps the build with its source hash, so the e2e runner does not build again.
    if (!existsSync(path.join(projectRoot, '.next', 'BUILD_ID'))) await ensureBuild(projectRoot, () => undefined);
  }, 15 * 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses to start without CORDON_SECRET or DATABASE_URL, saying which', async () => {
    const noSecret = startServe({ DATABASE_URL: database.url() });
    expect(await noSecret.exited).toBe(2);
    expect(noSecret.stderr()).toContain('CORDON_SECRET is not set');
    const noDatabase = startServe({ CORDON_SECRET: SECRET });
    expect(await noDatabase.exited).toBe(2);
    expect(noDatabase.stderr()).toContain('DATABASE_URL is not set');
  });

  it('serves health and liveness from the build, writes nothing to the data folder, stops cleanly on SIGTERM', { timeout: 120_000 }, async () => {
    const dataDir = path.join(dir, 'data'); // must stay absent: in the cluster it is read-only
    const child = startServe({
      DATABASE_URL: database.url(),
      CORDON_SECRET: SECRET,
      HOST: '127.0.0.1',
      PORT: '0',
      CORDON_DATA_DIR: dataDir,
      CORDON_EVIDENCE_VERIFY_INTERVAL_MIN: '0',
    });
    try {
      const ready = await waitForLine(child, 'Cordon ready', 90_000);
      const base = `http://127.0.0.1:${String(ready.port)}`;

      const health = await fetch(`${base}/api/health`);
      expect(health.status).toBe(200);
      const report = (await health.json()) as { status: string; database: { state: string } };
      expect(report).toMatchObject({ status: 'ok', database: { state: 'up' } });

      const live = await fetch(`${base}/api/health/live`);
      expect(live.status).toBe(200);
      expect(await live.json()).toMatchObject({ status: 'ok' });

      // Next.js answers the rest from the production build: the sign-in page.
      const signIn = await fetch(`${base}/sign-in`);
      expect(signIn.status).toBe(200);
      expect(await signIn.text()).toContain('<html');
      // Pages are compressed by the server at its fast levels (http-server.ts), in what the client takes.
      for (const [accepts, encoding] of [['br, gzip', 'br'], ['gzip', 'gzip'], ['identity', null]] as const) {
        const page = await fetch(`${base}/sign-in`, { headers: { 'accept-encoding': accepts } });
        expect(page.headers.get('content-encoding')).toBe(encoding);
        expect(await page.text()).toContain('<html');
      }

      expect(existsSync(dataDir)).toBe(false);
      // No KUBECONFIG and not in a pod: no cluster registered, nothing simulated.
      expect(child.lines().some((l) => l.msg === 'cluster registered')).toBe(false);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await child.exited).toBe(0);
    expect(child.lines().some((l) => l.msg === 'stopped')).toBe(true);
  });
});
