// `npm start`: the whole console in one command.
//   build if needed → PostgreSQL (embedded unless DATABASE_URL) → migrations → demo seed →
//   cluster simulator (unless a cluster is configured) → HTTP server → "Cordon ready at …".
// Ctrl-C (SIGINT) or SIGTERM stops everything it started.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureBuild } from './lib/build';
import { startEmbeddedDb, type EmbeddedDb } from './lib/embedded-db';
import { loadOrCreateLocalSecret } from './lib/local-secret';
import { projectRoot, runPrisma } from './lib/prisma-cli';

const dev = process.argv.includes('--dev');
const say = (line: string): void => console.log(`[cordon] ${line}`);

type Stopper = () => Promise<void> | void;
const stoppers: Stopper[] = [];
let stopping = false;

async function main(): Promise<void> {
  if (!process.env.NODE_ENV) Object.assign(process.env, { NODE_ENV: dev ? 'development' : 'production' });
  const dataDir = path.resolve(projectRoot, process.env.CORDON_DATA_DIR ?? '.cordon');
  process.env.CORDON_DATA_DIR = dataDir;
  process.env.CORDON_SECRET ??= await loadOrCreateLocalSecret(dataDir);

  const usingEmbedded = !process.env.DATABASE_URL;
  process.env.CORDON_DEMO ??= usingEmbedded ? 'true' : 'false';
  // The demo's "never seen before" detections learn for one minute, not ten.
  if (process.env.CORDON_DEMO === 'true') process.env.CORDON_BASELINE_LEARNING_MINUTES ??= '1';

  // The build is CPU-bound and needs no database: run both at once.
  const [db] = await Promise.all([prepareDatabase(dataDir, usingEmbedded), dev ? null : ensureBuildLogged()]);
  if (db) stoppers.push(() => db.stop());

  const { resetEnvCache, env } = await import('../lib/env');
  resetEnvCache();
  const { seedIfEmpty, demoCredentials } = await import('../prisma/seed');
  const seeded = await seedIfEmpty({ demo: env().CORDON_DEMO ?? false });
  if (seeded.seeded) say('seeded the demo accounts and incidents');

  const { startCordonApp } = await import('../lib/server/app');
  const server = await startCordonApp({ dev, dir: projectRoot, host: env().HOST, port: env().PORT });
  stoppers.unshift(() => server.close());

  await registerConfiguredClusterLogged();
  if (await wantsSimulator()) {
    const sim = await startDemoCluster(dataDir, server.port);
    stoppers.splice(1, 0, () => sim.stop());
  }

  const url = `http://localhost:${server.port}`;
  console.log(`Cordon ready at ${url}`);
  if (env().CORDON_DEMO) {
    const admin = demoCredentials('admin');
    say(`sign in as ${admin.email} / ${admin.password} (also analyst@, responder@, viewer@ with cordon-demo-<role>)`);
  }
}

/** KUBECONFIG, or the pod's service account inside a cluster: registered at every start (credentials may rotate). */
async function registerConfiguredClusterLogged(): Promise<void> {
  const { env } = await import('../lib/env');
  const inCluster = !!process.env.KUBERNETES_SERVICE_HOST && existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token');
  if (!env().KUBECONFIG && !inCluster) return;
  const { registerConfiguredCluster } = await import('../lib/clusters/commands/register-configured-cluster');
  const configured = env().KUBECONFIG
    ? { kind: 'kubeconfig' as const, path: path.resolve(env().KUBECONFIG!.split(path.delimiter)[0]!), name: env().CORDON_CLUSTER_NAME }
    : { kind: 'in_cluster' as const, name: env().CORDON_CLUSTER_NAME };
  try {
    const cluster = await registerConfiguredCluster(configured, { type: 'system', id: null, label: 'npm start' });
    say(`cluster "${cluster.name}" at ${cluster.server}${cluster.identity ? ` as ${cluster.identity}` : ''}`);
  } catch (error) {
    say(`could not register the configured cluster: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The built-in simulator runs unless told not to, or (auto) when a real cluster is configured. */
async function wantsSimulator(): Promise<boolean> {
  const { env } = await import('../lib/env');
  const mode = env().CORDON_SIMULATOR;
  if (mode !== 'auto') return mode === 'on';
  if (env().KUBECONFIG) return false;
  const { db } = await import('../lib/db/client');
  return (await db.cluster.count({ where: { source: { in: ['kubeconfig', 'in_cluster'] } } })) === 0;
}

const DEMO_SCENARIOS = ['crypto-miner', 'kubectl-exec', 'rbac-escalation', 'reverse-shell', 'public-exposure', 'rogue-workload', 'metadata-credential-theft'];

async function startDemoCluster(dataDir: string, port: number) {
  const { db } = await import('../lib/db/client');
  const { issueSimulatorTokens } = await import('../lib/clusters/commands/issue-simulator-tokens');
  const { registerCluster } = await import('../lib/clusters/commands/register-cluster');
  const { startSimulatorProcess } = await import('./lib/simulator-process');
  const { randomBytes } = await import('node:crypto');
  const { readFile } = await import('node:fs/promises');

  const cluster = await db.cluster.upsert({
    where: { name: 'demo' },
    create: { name: 'demo', displayName: 'Demo cluster (simulator)', source: 'simulator' },
    update: {},
    select: { id: true },
  });
  const tokens = await issueSimulatorTokens(cluster.id);
  const sim = await startSimulatorProcess({
    dataDir,
    consoleUrl: `http://127.0.0.1:${port}`,
    tokens,
    adminToken: randomBytes(24).toString('base64url'),
    log: (line) => say(line),
  });
  await registerCluster(
    {
      name: 'demo',
      displayName: 'Demo cluster (simulator)',
      source: 'simulator',
      server: sim.url,
      kubeconfig: await readFile(sim.kubeconfigPath, 'utf8'),
      identity: 'kubernetes-admin',
    },
    { type: 'system', id: null, label: 'npm start' },
  );
  say(`cluster simulator at ${sim.url} (kubectl --kubeconfig ${path.relative(projectRoot, sim.kubeconfigPath)} get pods -A)`);

  // Live demo attacks: the first a minute in, then one every 45 s (each repeats until contained).
  if (process.env.CORDON_DEMO === 'true' && process.env.CORDON_DEMO_ATTACKS !== 'off') {
    let next = 0;
    const launch = () => {
      const name = DEMO_SCENARIOS[next++];
      if (!name || stopping) return;
      sim.startScenario(name).then(
        () => say(`demo attack started: ${name}`),
        (error: unknown) => say(`could not start ${name}: ${error instanceof Error ? error.message : String(error)}`),
      );
      timer = setTimeout(launch, 45_000);
    };
    let timer = setTimeout(launch, 60_000);
    return { stop: async () => (clearTimeout(timer), await sim.stop()) };
  }
  return sim;
}

async function prepareDatabase(dataDir: string, embedded: boolean): Promise<EmbeddedDb | null> {
  let db: EmbeddedDb | null = null;
  if (embedded) {
    db = await startEmbeddedDb({
      dataDir: path.join(dataDir, 'pg'),
      database: 'cordon',
      port: process.env.CORDON_PG_PORT ? Number(process.env.CORDON_PG_PORT) : undefined,
    });
    process.env.DATABASE_URL = db.url;
    say(`embedded PostgreSQL running on 127.0.0.1:${db.port} (data in ${path.relative(projectRoot, dataDir) || '.'}/pg)`);
  }
  await runPrisma(['migrate', 'deploy'], { quiet: true });
  say('database migrations applied');
  return db;
}

async function ensureBuildLogged(): Promise<void> {
  // Another process already built and is serving this checkout (the e2e runner's second
  // console): rebuilding would swap .next under the running one.
  if (process.env.CORDON_SKIP_BUILD === '1' && existsSync(path.join(projectRoot, '.next', 'BUILD_ID'))) return;
  const result = await ensureBuild(projectRoot, say);
  if (result === 'built') say('build finished');
}

async function shutdown(signal: string, exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  say(`${signal}: stopping`);
  for (const stop of stoppers) {
    try {
      await stop();
    } catch (error) {
      console.error('[cordon] while stopping:', error instanceof Error ? error.message : error);
    }
  }
  process.exit(exitCode);
}

process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

main().catch(async (error: unknown) => {
  console.error(`[cordon] start failed: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown('error', 1);
});
