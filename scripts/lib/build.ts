// `npm start` builds the console when no production build exists or its sources changed since
// the last build (a content hash of the inputs is stored beside the build).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const INPUT_DIRS = ['app', 'components', 'lib', 'public'];
const INPUT_FILES = ['next.config.js', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json', 'prisma/schema.prisma'];
const SKIP = new Set(['node_modules', '.next', 'generated']);

async function collect(dir: string, out: string[]): Promise<void> {
  if (!existsSync(dir)) return;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.endsWith('.test.ts')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await collect(full, out);
    else out.push(full);
  }
}

export async function sourceHash(root: string): Promise<string> {
  const files: string[] = INPUT_FILES.map((f) => path.join(root, f)).filter((f) => existsSync(f));
  for (const dir of INPUT_DIRS) await collect(path.join(root, dir), files);
  files.sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(path.relative(root, file)).update('\0').update(await readFile(file)).update('\0');
  }
  return hash.digest('hex');
}

export async function ensureBuild(root: string, log: (line: string) => void): Promise<'fresh' | 'built'> {
  const stampFile = path.join(root, '.next', 'cordon-source-hash');
  const hash = await sourceHash(root);
  const current = existsSync(path.join(root, '.next', 'BUILD_ID')) && existsSync(stampFile)
    ? (await readFile(stampFile, 'utf8')).trim()
    : '';
  if (current === hash) return 'fresh';
  log('building the console (first start or changed sources; this takes a minute or two)…');
  await runNextBuild(root);
  await writeFile(stampFile, hash);
  return 'built';
}

export async function runNextBuild(root: string): Promise<void> {
  const require = createRequire(path.join(root, 'package.json'));
  const nextBin = require.resolve('next/dist/bin/next');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code}):\n${output.slice(-4000)}`))));
  });
}
