import type { Pod } from '../api/types.js';
import type { ContainerRuntime, PodRuntimes } from '../runtime/pod-runtimes.js';
import type { FsEntry } from './filesystem.js';

/** Outcome of a connection attempt from inside the pod (NetworkPolicy decides). */
export type NetworkProbe = (host: string, port: number, protocol: 'TCP' | 'UDP') => { verdict: 'allowed' | 'denied' | 'unresolved'; ip?: string };

export interface ShellEnv {
  pod: Pod;
  container: ContainerRuntime;
  runtimes: PodRuntimes;
  user: { name: string; uid: number; gid: number; home: string };
  cwd: string;
  env: Record<string, string>;
  tty: boolean;
  now: number;
  fs: Map<string, FsEntry>;
  network: NetworkProbe;
}

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export type Command = (args: string[], env: ShellEnv, stdin: string) => CommandResult;

export const ok = (stdout = ''): CommandResult => ({ stdout, stderr: '', exitCode: 0 });
export const fail = (stderr: string, exitCode = 1, stdout = ''): CommandResult => ({ stdout, stderr, exitCode });

/** Environment a process in the container sees: image ENV, pod env, Kubernetes service links. */
export function containerEnvironment(pod: Pod, container: ContainerRuntime, serviceEnv: Record<string, string>): Record<string, string> {
  const spec = pod.spec.containers.find((c) => c.name === container.name);
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: pod.metadata.name,
    HOME: container.profile.user.home,
    ...container.profile.env,
    ...serviceEnv,
  };
  for (const e of spec?.env ?? []) env[e.name] = e.value ?? '';
  return env;
}
