// `npm run serve`: the production entry point (the container image runs it). It starts one
// replica from a finished build and an existing, migrated database — nothing else:
//   no build (the image carries .next), no embedded PostgreSQL (DATABASE_URL is required), no
//   migrations (a separate step: `npm run db:migrate`, the init container in deploy/), no demo
//   seed, no simulator; CORDON_SECRET is required, so nothing is written to the data folder.
// SIGTERM or SIGINT closes the server (open streams get 3 s) and the background services, then
// exits 0; a second signal exits at once.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(message: string): never {
  // Before the logger exists (the environment is not valid yet): one JSON line like the others.
  console.error(JSON.stringify({ level: 60, time: new Date().toISOString(), service: 'cordon', msg: message }));
  process.exit(2);
}

if (!process.env.NODE_ENV) Object.assign(process.env, { NODE_ENV: 'production' });
if (!process.env.DATABASE_URL) fail('DATABASE_URL is not set: the production entry needs a PostgreSQL server (migrated with `npm run db:migrate`)');
if (!process.env.CORDON_SECRET) fail('CORDON_SECRET is not set: production keeps it in a Secret (32+ characters), so every replica signs sessions alike');
if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) fail(`no production build in ${path.join(root, '.next')}: run \`npm run build\` first`);

const { env } = await import('../lib/env');
let config: ReturnType<typeof env>;
try {
  config = env();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const { logger } = await import('../lib/log');
if (config.CORDON_SIMULATOR === 'on') logger.warn('CORDON_SIMULATOR=on is ignored by the production entry (npm start runs the simulator)');

const { startCordonApp } = await import('../lib/server/app');
const app = await startCordonApp({ dev: false, dir: root, host: config.HOST, port: config.PORT, trustProxy: config.CORDON_TRUST_PROXY });

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    logger.warn({ signal }, 'second signal: exiting now');
    process.exit(1);
  }
  stopping = true;
  logger.info({ signal }, 'stopping');
  try {
    await app.close();
    logger.info('stopped');
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'error while stopping');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

const { registerConfiguredClusterFromEnv } = await import('./lib/configured-cluster');
await registerConfiguredClusterFromEnv({ type: 'system', id: null, label: 'cordon serve' }, logger);

logger.info({ port: app.port, host: config.HOST, publicUrl: config.CORDON_PUBLIC_URL ?? null }, 'Cordon ready');
