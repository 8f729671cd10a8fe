// The Dockerfile cannot be built here (no registry access), so this checks what can be checked
// without Docker: that the runtime stage copies every project file the production entry and the
// migration load (their import graph, as esbuild resolves it), and that the image's command,
// user and port are the ones deploy/ and the entry's test (scripts/serve.test.ts) rely on.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEPLOY_DIR, find, hasKubectl, render } from './test-support';

const ROOT = path.resolve(DEPLOY_DIR, '..');

interface RuntimeStage {
  copied: string[];
  cmd: string[];
  user: string;
  expose: string;
}

function parseRuntimeStage(dockerfile: string): RuntimeStage {
  const lines = dockerfile.replace(/\\\n/g, ' ').split('\n');
  const start = lines.findIndex((line) => /^FROM\s+\S+\s+AS\s+runtime\b/i.test(line));
  if (start < 0) throw new Error('no runtime stage');
  const stage = lines.slice(start + 1);
  const copied = stage
    .filter((line) => line.startsWith('COPY --from=build'))
    .flatMap((line) => line.split(/\s+/).slice(2, -1))
    .map((source) => source.replace(/^\/app\//, ''));
  const cmd = stage.find((line) => line.startsWith('CMD '));
  return {
    copied,
    cmd: cmd ? (JSON.parse(cmd.slice(4)) as string[]) : [],
    user: stage.find((line) => line.startsWith('USER '))?.slice(5).trim() ?? '',
    expose: stage.find((line) => line.startsWith('EXPOSE '))?.slice(7).trim() ?? '',
  };
}

/** Project files (not packages) an entry loads, statically or with import(). */
async function localInputs(entry: string): Promise<string[]> {
  const result = await build({ entryPoints: [path.join(ROOT, entry)], absWorkingDir: ROOT, bundle: true, platform: 'node', format: 'esm', packages: 'external', metafile: true, write: false, logLevel: 'silent' });
  return Object.keys(result.metafile.inputs);
}

describe('[DEPLOY] Dockerfile runtime stage', () => {
  let stage: RuntimeStage;
  const isCopied = (file: string) => stage.copied.some((source) => file === source || file.startsWith(`${source.replace(/\/$/, '')}/`));

  beforeAll(async () => {
    stage = parseRuntimeStage(await readFile(path.join(ROOT, 'Dockerfile'), 'utf8'));
  });

  it('copies every project file that the production entry, the migration, create-user and the Prisma config load', async () => {
    for (const entry of ['scripts/serve.ts', 'scripts/db/migrate.ts', 'scripts/create-user.ts', 'prisma.config.ts']) {
      const inputs = await localInputs(entry);
      expect(inputs.length).toBeGreaterThan(1);
      expect(inputs.filter((file) => !isCopied(file)), `${entry} loads files the image lacks`).toEqual([]);
    }
    // Loaded by path rather than import: the loader hooks, the build, the migrations, the schema.
    for (const file of ['scripts/lib/register-hooks.mjs', 'scripts/lib/resolve-hooks.mjs', 'scripts/empty-module.js', '.next/BUILD_ID', 'prisma/migrations/migration_lock.toml', 'prisma/schema.prisma', 'node_modules/prisma/build/index.js', 'public']) {
      expect(isCopied(file), file).toBe(true);
    }
  });

  it('runs the production entry as a non-root numeric user on port 3000', () => {
    expect(stage.cmd).toEqual(['node', '--import', 'tsx', '--import', './scripts/lib/register-hooks.mjs', 'scripts/serve.ts']);
    expect(stage.user).toBe('10001:10001');
    expect(stage.expose).toBe('3000');
  });

  it.skipIf(!hasKubectl)('matches deploy/base: the same uid, the migration command the image holds', async () => {
    const deployment = find(await render('base'), 'Deployment', 'cordon').spec as { template: { spec: { securityContext: { runAsUser: number; runAsGroup: number }; initContainers: { command: string[] }[] } } };
    const pod = deployment.template.spec;
    expect(`${pod.securityContext.runAsUser}:${pod.securityContext.runAsGroup}`).toBe(stage.user);
    const command = pod.initContainers[0]?.command ?? [];
    expect(isCopied(command.at(-1) ?? '')).toBe(true);
  });
});
