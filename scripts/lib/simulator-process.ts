// Runs the cluster simulator (sim/cli.ts) as a child process for `npm start`, and drives its demo
// attack scenarios through its control endpoint.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from './prisma-cli';

export interface SimulatorProcess {
  url: string;
  httpUrl: string;
  kubeconfigPath: string;
  adminToken: string;
  scenarios: string[];
  child: ChildProcess;
  startScenario(name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startSimulatorProcess(options: {
  dataDir: string;
  consoleUrl: string;
  tokens: { falco: string; k8sAudit: string; flows: string };
  adminToken: string;
  log: (line: string) => void;
}): Promise<SimulatorProcess> {
  const kubeconfigPath = path.join(options.dataDir, 'sim', 'kubeconfig');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'sim/cli.ts', '--port', '0', '--kubeconfig', kubeconfigPath, '--exit-with-stdin', '--log-level', 'warn'],
    {
      cwd: projectRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
      // Secrets go through the environment, not the command line (visible in `ps`).
      env: {
        ...process.env,
        CORDON_SIM_CONSOLE_URL: options.consoleUrl,
        CORDON_SIM_FALCO_TOKEN: options.tokens.falco,
        CORDON_SIM_AUDIT_TOKEN: options.tokens.k8sAudit,
        CORDON_SIM_FLOWS_TOKEN: options.tokens.flows,
        CORDON_SIM_ADMIN_TOKEN: options.adminToken,
      },
    },
  );
  child.stderr.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) options.log(`simulator: ${line.trim()}`);
  });
  const ready = await new Promise<{ url: string; httpUrl: string; scenarios: { name: string }[] | string[] }>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error('the cluster simulator did not start within 60 s')), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(buffer.slice(0, newline)) as { url: string; httpUrl: string; scenarios: string[] });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the cluster simulator exited (code ${code})`));
    });
  });
  const scenarios = ready.scenarios.map((s) => (typeof s === 'string' ? s : s.name));
  return {
    url: ready.url,
    httpUrl: ready.httpUrl,
    kubeconfigPath,
    adminToken: options.adminToken,
    scenarios,
    child,
    async startScenario(name) {
      const response = await fetch(`${ready.httpUrl}/__sim/scenarios/${encodeURIComponent(name)}/start`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.adminToken}` },
      });
      if (!response.ok) throw new Error(`starting scenario ${name}: HTTP ${response.status}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
