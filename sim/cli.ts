import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startSimulator } from './index.js';
import type { SimulatorOptions } from './options.js';
import { isScenarioName } from './scenarios/engine.js';
import { consoleLogger } from './util/logger.js';

const USAGE = `Usage: npm run sim -- [options]

  --port <n>                 API port (default 6443; 0 = any free port)
  --host <addr>              listen address (default 127.0.0.1)
  --kubeconfig <file>        where to write the kubeconfig (default .cordon/sim/kubeconfig)
  --profile demo|large       cluster to build (default demo)
  --namespaces <n>           large profile: namespaces (default 150)
  --workloads-per-namespace <n>  large profile: Deployments per namespace (default 20)
  --scenario <name>|all      start an attack scenario once ready (repeatable)
  --seed <n>                 seed for names, traffic and scenarios (default 1)
  --speed <x>                time compression for pod lifecycles and scenarios (default 1)
  --traffic-interval <ms>    background flow batches (default 2000; 0 = off)
  --no-checkpoint            answer the kubelet checkpoint API like a cluster without the feature
  --console-url <url>        post Falco alerts, audit events and flows to <url>/api/ingest/*
  --falco-token <t>          bearer token for /api/ingest/falco      (env CORDON_SIM_FALCO_TOKEN)
  --audit-token <t>          bearer token for /api/ingest/k8s-audit  (env CORDON_SIM_AUDIT_TOKEN)
  --flows-token <t>          bearer token for /api/ingest/flows      (env CORDON_SIM_FLOWS_TOKEN)
  --admin-token <t>          fixed admin token (env CORDON_SIM_ADMIN_TOKEN; default random)
  --exit-with-stdin          stop when stdin closes (for a parent process that may die)
  --log-level debug|info|warn|error

When the API is ready, stdout receives exactly one line: a JSON object
{"ready":true,"url":...,"httpUrl":...,"kubeconfig":...,"port":...,"profile":...,"scenarios":[...]}.
Logs go to stderr. SIGINT/SIGTERM stop the simulator cleanly.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      kubeconfig: { type: 'string' },
      profile: { type: 'string' },
      namespaces: { type: 'string' },
      'workloads-per-namespace': { type: 'string' },
      scenario: { type: 'string', multiple: true },
      seed: { type: 'string' },
      speed: { type: 'string' },
      'traffic-interval': { type: 'string' },
      'no-checkpoint': { type: 'boolean' },
      'console-url': { type: 'string' },
      'falco-token': { type: 'string' },
      'audit-token': { type: 'string' },
      'flows-token': { type: 'string' },
      'admin-token': { type: 'string' },
      'exit-with-stdin': { type: 'boolean' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return;
  }
  const env = process.env;
  const num = (v: string | undefined, name: string): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${v}"`);
    return n;
  };
  const profile = values.profile ?? 'demo';
  if (profile !== 'demo' && profile !== 'large') throw new Error(`--profile must be demo or large, got "${profile}"`);
  const scenarios = (values.scenario ?? []).flatMap((s) => (s === 'all' ? ['crypto-miner', 'reverse-shell', 'kubectl-exec', 'rbac-escalation', 'public-exposure', 'rogue-workload', 'metadata-credential-theft'] : [s]));
  for (const s of scenarios) if (!isScenarioName(s)) throw new Error(`unknown scenario "${s}"`);
  const consoleUrl = values['console-url'] ?? env.CORDON_SIM_CONSOLE_URL;
  const level = (values['log-level'] ?? 'info') as 'debug' | 'info' | 'warn' | 'error';
  const logger = consoleLogger(level);
  const options: SimulatorOptions = {
    port: num(values.port, 'port') ?? 6443,
    host: values.host,
    profile,
    large: { namespaces: num(values.namespaces, 'namespaces'), workloadsPerNamespace: num(values['workloads-per-namespace'], 'workloads-per-namespace') },
    seed: num(values.seed ?? env.CORDON_SIM_SEED, 'seed'),
    speed: num(values.speed, 'speed'),
    trafficIntervalMs: num(values['traffic-interval'], 'traffic-interval'),
    checkpointApi: !values['no-checkpoint'],
    logger,
    tokens: { admin: values['admin-token'] ?? env.CORDON_SIM_ADMIN_TOKEN },
    ingest: consoleUrl
      ? {
          baseUrl: consoleUrl,
          tokens: {
            falco: values['falco-token'] ?? env.CORDON_SIM_FALCO_TOKEN,
            k8sAudit: values['audit-token'] ?? env.CORDON_SIM_AUDIT_TOKEN,
            flows: values['flows-token'] ?? env.CORDON_SIM_FLOWS_TOKEN,
          },
        }
      : undefined,
  };
  const sim = await startSimulator(options);
  const kubeconfigPath = resolve(values.kubeconfig ?? '.cordon/sim/kubeconfig');
  await mkdir(dirname(kubeconfigPath), { recursive: true });
  await sim.writeKubeconfig(kubeconfigPath);
  for (const s of scenarios) sim.scenarios.start(s);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping`);
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    void sim.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  if (values['exit-with-stdin']) {
    process.stdin.resume();
    process.stdin.on('end', () => shutdown('stdin closed'));
  }
  process.stdout.write(`${JSON.stringify({ ready: true, url: sim.url, httpUrl: sim.httpUrl, kubeconfig: kubeconfigPath, port: sim.port, profile, scenarios })}\n`);
  logger.info(`ready: kubectl --kubeconfig ${kubeconfigPath} get pods -A`);
}

main().catch((err: unknown) => {
  process.stderr.write(`[sim] fatal: ${(err as Error)?.message ?? String(err)}\n`);
  process.exit(1);
});
