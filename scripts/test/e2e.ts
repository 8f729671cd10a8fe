// npm run test:e2e — the end-to-end suite against the real thing:
//   a real PostgreSQL (embedded in a temporary folder, or a new database on TEST_DATABASE_URL),
//   the console started by the same script as `npm start` (production build, built if needed),
//   Playwright in headless Chromium, then Ctrl-C, checking that nothing is left running.
// Extra arguments go to `playwright test` (e.g. npm run test:e2e -- e2e/roles.spec.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { findFreePort, startEmbeddedDb, type EmbeddedDb } from '../lib/embedded-db';
import { projectRoot } from '../lib/prisma-cli';
import { startE2eIdp } from './e2e-idp';
import { findSecretsInLogs, type KnownSecret } from './log-secrets';

const READY_TIMEOUT_MS = 10 * 60_000; // includes a first production build
const require = createRequire(import.meta.url);

async function main(): Promise<number> {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'cordon-e2e-'));
  await chmod(tempDir, 0o755);
  let embedded: EmbeddedDb | null = null;
  let databaseUrl: string;
  let dropDatabase: (() => Promise<void>) | null = null;

  if (process.env.TEST_DATABASE_URL) {
    const name = `cordon_e2e_${process.pid}`;
    await adminQuery(process.env.TEST_DATABASE_URL, `CREATE DATABASE ${name}`);
    const url = new URL(process.env.TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = () => adminQuery(process.env.TEST_DATABASE_URL!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    embedded = await startEmbeddedDb({ dataDir: path.join(tempDir, 'pg'), database: 'cordon_e2e' });
    databaseUrl = embedded.url;
  }

  // Two replicas on one database, as behind a load balancer: the same secret, so a session is
  // valid on both. The first runs the cluster simulator (attacks are started by the tests).
  const secret = randomBytes(32).toString('base64url');
  const [port, secondPort] = [await findFreePort(), await findFreePort()];
  const dataDir = path.join(tempDir, 'data');
  // Single sign-on against a test OpenID Connect provider on loopback (e2e/sso.spec.ts).
  const idp = await startE2eIdp([port, secondPort]);
  // Both replicas share the evidence store, as production replicas must (a folder or S3).
  // LOG_LEVEL=debug: a line per request as well, so the secret scan at the end reads a full log.
  const common = { LOG_LEVEL: 'debug', DATABASE_URL: databaseUrl, CORDON_SECRET: secret, CORDON_DEMO: 'true', CORDON_DEMO_ATTACKS: 'off', CORDON_EVIDENCE_DIR: path.join(tempDir, 'evidence'), ...idp.env };
  const server = startConsole({ ...common, PORT: String(port), CORDON_DATA_DIR: dataDir, CORDON_PUBLIC_URL: `http://127.0.0.1:${port}` });
  let second: ReturnType<typeof startConsole> | null = null;
  let exitCode = 1;
  try {
    await server.ready;
    second = startConsole({
      ...common,
      PORT: String(secondPort),
      CORDON_DATA_DIR: path.join(tempDir, 'data-2'),
      CORDON_SIMULATOR: 'off',
      CORDON_SKIP_BUILD: '1',
      CORDON_PUBLIC_URL: `http://127.0.0.1:${secondPort}`,
    });
    await second.ready;
    exitCode = await runPlaywright({
      CORDON_E2E_URL: `http://127.0.0.1:${port}`,
      CORDON_E2E_URL_2: `http://127.0.0.1:${secondPort}`,
      CORDON_E2E_DATABASE_URL: databaseUrl,
      CORDON_E2E_DATA_DIR: dataDir,
      CORDON_E2E_EVIDENCE_DIR: common.CORDON_EVIDENCE_DIR,
    });
    const simTokens = await simulatorTokens(dataDir); // before Ctrl-C: the console may remove it
    for (const instance of [server, second]) {
      const leftovers = await instance.stopWithCtrlC();
      if (leftovers.length > 0) {
        console.error(`[e2e] processes still running 30 s after Ctrl-C:\n${leftovers.join('\n')}`);
        exitCode = exitCode || 1;
      }
    }
    if (exitCode === 0) console.log('[e2e] Ctrl-C stopped both consoles and everything they started');

    // Secrets never logged: scan everything both consoles printed during the whole run.
    const logs = server.output() + second.output();
    const leaked = findSecretsInLogs(logs, [
      { name: 'CORDON_SECRET', value: secret },
      { name: 'the database password', value: decodeURIComponent(new URL(databaseUrl).password) },
      { name: 'the OIDC client secret', value: idp.env.CORDON_OIDC_CLIENT_SECRET },
      // The demo accounts' passwords are printed on purpose at start (how to sign in), so they are
      // not on this list; a password typed into a form would show as a "password" field.
      ...simTokens,
    ]);
    const jsonLines = logs.split('\n').filter((l) => l.startsWith('{"level"')).length;
    if (simTokens.length === 0) {
      console.error('[e2e] no simulator kubeconfig to take its tokens from: the secret scan would be incomplete');
      exitCode = exitCode || 1;
    } else if (leaked.length > 0) {
      console.error(`[e2e] secrets in the consoles' logs: ${leaked.join(', ')}`);
      exitCode = exitCode || 1;
    } else if (jsonLines < 200) {
      console.error(`[e2e] the consoles printed only ${jsonLines} log lines: the secret scan would prove nothing`);
      exitCode = exitCode || 1;
    } else {
      console.log(`[e2e] no secret in the consoles' ${jsonLines} log lines`);
    }
  } catch (error) {
    console.error(`[e2e] ${error instanceof Error ? error.message : String(error)}`);
    console.error(server.output().slice(-4000));
    if (second) console.error(second.output().slice(-2000));
    await server.stopWithCtrlC();
    await second?.stopWithCtrlC();
  } finally {
    await idp.close();
    await embedded?.stop();
    await dropDatabase?.();
    await rm(tempDir, { recursive: true, force: true });
  }
  return exitCode;
}

/** The bearer tokens of the demo cluster's kubeconfig, which the first console wrote. */
async function simulatorTokens(dataDir: string): Promise<KnownSecret[]> {
  const kubeconfig = await readFile(path.join(dataDir, 'sim', 'kubeconfig'), 'utf8').catch(() => '');
  return [...kubeconfig.matchAll(/token:\s*(\S+)/g)].map((m, i) => ({ name: `simulator bearer token ${i + 1}`, value: m[1]! }));
}

function startConsole(env: Record<string, string>) {
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [require.resolve('tsx/cli'), '--import', './scripts/lib/register-hooks.mjs', 'scripts/start.ts'],
    { cwd: projectRoot, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    if (process.env.CORDON_E2E_VERBOSE) process.stdout.write(chunk);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the console did not become ready in time')), READY_TIMEOUT_MS);
    const check = () => {
      if (output.includes('Cordon ready at')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the console exited early (code ${code})`));
    });
  });

  return {
    ready,
    output: () => output,
    /** SIGINT to the whole process group, as a terminal's Ctrl-C; returns what is still running after 30 s. */
    async stopWithCtrlC(): Promise<string[]> {
      const pgid = child.pid!;
      try {
        process.kill(-pgid, 'SIGINT');
      } catch {
        return [];
      }
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        if ((await groupMembers(pgid)).length === 0) return [];
        await new Promise((r) => setTimeout(r, 250));
      }
      const left = await groupMembers(pgid);
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already gone
      }
      return left;
    },
  };
}

async function groupMembers(pgid: number): Promise<string[]> {
  const ps = spawn('ps', ['-o', 'pid=,pgid=,args=', '-e']);
  let text = '';
  ps.stdout.on('data', (c: Buffer) => (text += c.toString()));
  await new Promise((r) => ps.on('close', r));
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.split(/\s+/)[1] === String(pgid));
}

async function runPlaywright(env: Record<string, string>): Promise<number> {
  const cli = require.resolve('@playwright/test/cli');
  const child = spawn(process.execPath, [cli, 'test', ...process.argv.slice(2)], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  return await new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

process.exitCode = await main();
