// What every benchmark needs: a real PostgreSQL on loopback (embedded, in a temporary folder) and
// the real console started by the same script as `npm start`, in its own process — and both
// stopped afterwards, whatever happens.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findFreePort, startEmbeddedDb, type EmbeddedDb } from '../lib/embedded-db';
import { projectRoot } from '../lib/prisma-cli';

export interface BenchEnvironment {
  databaseUrl: string;
  consoleUrl: string;
  /** The console's CORDON_DATA_DIR (the simulator's kubeconfig is in sim/). */
  dataDir: string;
  console: ChildProcess;
  stop(): Promise<void>;
}

export interface BenchOptions {
  env?: Record<string, string>;
  quiet?: boolean;
  nodeArgs?: string[];
  /** Runs against the started database before the console starts (e.g. migrations and a seed). */
  prepare?: (databaseUrl: string) => Promise<void>;
}

export async function startBenchEnvironment(options: BenchOptions = {}): Promise<BenchEnvironment> {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'cordon-bench-'));
  await chmod(tempDir, 0o755);
  let db: EmbeddedDb | null = null;
  let child: ChildProcess | null = null;
  // Ctrl-C or a kill stops what was started too (the console runs in its own process group).
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`[bench] ${signal}: stopping`);
    void stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let stopped: Promise<void> | null = null;
  const stop = () => (stopped ??= stopAll());
  const stopAll = async () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      try {
        process.kill(-child.pid!, 'SIGINT');
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    }
    await db?.stop();
    await rm(tempDir, { recursive: true, force: true });
  };
  try {
    db = await startEmbeddedDb({ dataDir: path.join(tempDir, 'pg'), database: 'cordon_bench' });
    await options.prepare?.(db.url);
    const port = await findFreePort();
    let output = '';
    child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', '--import', './scripts/lib/register-hooks.mjs', 'scripts/start.ts'], {
      cwd: projectRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        PORT: String(port),
        CORDON_DATA_DIR: path.join(tempDir, 'data'),
        CORDON_DEMO: 'false',
        CORDON_SIMULATOR: 'off',
        LOG_LEVEL: 'warn',
        ...options.env,
      },
    });
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => {
      output += c.toString();
      if (!options.quiet) process.stderr.write(c);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`console not ready:\n${output.slice(-2000)}`)), 10 * 60_000);
      child!.stdout!.on('data', () => {
        if (output.includes('Cordon ready at')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child!.once('exit', (code) => reject(new Error(`console exited (${code}):\n${output.slice(-2000)}`)));
    });
    return { databaseUrl: db.url, consoleUrl: `http://127.0.0.1:${port}`, dataDir: path.join(tempDir, 'data'), console: child, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

/** Cumulative CPU seconds of PostgreSQL, the console process tree and this process (Linux ps). */
export async function cpuSeconds(consolePid: number): Promise<{ postgres: number; console: number; bench: number }> {
  const { execFileSync } = await import('node:child_process');
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,comm=,times='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map(([pid, ppid, comm, times]) => ({ pid: Number(pid), ppid: Number(ppid), comm: comm!, times: Number(times) }));
  const children = new Map<number, number[]>();
  for (const row of rows) children.set(row.ppid, [...(children.get(row.ppid) ?? []), row.pid]);
  const tree = new Set<number>();
  const stack = [consolePid];
  while (stack.length) {
    const pid = stack.pop()!;
    tree.add(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  const out = { postgres: 0, console: 0, bench: 0 };
  for (const row of rows) {
    if (row.comm === 'postgres') out.postgres += row.times;
    else if (tree.has(row.pid)) out.console += row.times;
    else if (row.pid === process.pid) out.bench += row.times;
  }
  return out;
}
