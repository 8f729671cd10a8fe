// Runs the Prisma CLI as a child process with the project's offline configuration: no step may
// download a native engine (see docs/database.md).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const prismaBin = require.resolve('prisma/build/index.js', { paths: [projectRoot] });

// The schema's datasource reads DATABASE_URL even for commands that never connect (generate):
// a placeholder keeps those commands offline-safe when no database is configured.
const PLACEHOLDER_URL = 'postgresql://cordon@127.0.0.1:5432/cordon';

export interface PrismaRunOptions {
  databaseUrl?: string;
  config?: string;
  /** Capture stdout instead of inheriting it (for `migrate diff --script`). */
  capture?: boolean;
  quiet?: boolean;
}

export async function runPrisma(args: string[], options: PrismaRunOptions = {}): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl ?? process.env.DATABASE_URL ?? PLACEHOLDER_URL,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1', // no telemetry call home
    // `migrate diff` checks that this file exists but does not load it when engine is "js".
    PRISMA_QUERY_ENGINE_LIBRARY: path.join(projectRoot, 'package.json'),
  };
  const fullArgs = [prismaBin, ...args, ...(options.config ? ['--config', options.config] : [])];
  return await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, fullArgs, {
      cwd: projectRoot,
      env,
      stdio: ['ignore', options.capture || options.quiet ? 'pipe' : 'inherit', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`prisma ${args.join(' ')} failed (exit ${code}):\n${stderr || stdout}`));
    });
  });
}

export { projectRoot };
