import { programName } from '../../runtime/pod-runtimes.js';
import type { SimProcess } from '../../runtime/pod-runtimes.js';
import type { Command, ShellEnv } from '../shell-env.js';
import { fail, ok } from '../shell-env.js';
import { clockTime, cpuTime, padLeft, padRight } from './format.js';

const NODE_MEMORY_MB = 7936;

function withSelf(env: ShellEnv, command: string): SimProcess[] {
  const self: SimProcess = { pid: env.container.nextPid, ppid: 0, user: env.user.name, command, cpu: 0, memMb: 1, startedAtMs: env.now, tty: env.tty ? 'pts/0' : undefined };
  return [...env.container.processes, self];
}

function uidOf(user: string): string {
  return user.length > 8 ? user.slice(0, 7) + '+' : user;
}

/** `ps` in the flavour of the image: procps on Debian, busybox on Alpine. */
export const ps: Command = (args, env) => {
  const procs = withSelf(env, `ps ${args.join(' ')}`.trim());
  const flags = args.join(' ');
  if (env.container.profile.os === 'distroless') return fail('', 126, 'OCI runtime exec failed: exec failed: unable to start container process: exec: "ps": executable file not found in $PATH: unknown\n');
  if (env.container.profile.os === 'alpine') {
    const lines = ['PID   USER     TIME  COMMAND'];
    for (const p of procs) lines.push(`${padLeft(p.pid, 5)} ${padRight(uidOf(p.user), 8)} ${padLeft(cpuTime(p.cpu, env.now - p.startedAtMs, false), 5)} ${p.command}`);
    return ok(`${lines.join('\n')}\n`);
  }
  if (/(^|\s)-?[a-z]*a[a-z]*u[a-z]*x|aux/.test(flags)) {
    const lines = ['USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND'];
    for (const p of procs) {
      const mem = ((p.memMb / NODE_MEMORY_MB) * 100).toFixed(1);
      const rss = p.memMb * 1024;
      const stat = p.pid === 1 ? 'Ss' : p.command.startsWith('ps') ? 'R+' : p.cpu > 50 ? 'Rl' : 'S';
      lines.push(`${padRight(uidOf(p.user), 8)} ${padLeft(p.pid, 7)} ${padLeft(p.cpu.toFixed(1), 4)} ${padLeft(mem, 4)} ${padLeft(rss + 2000, 6)} ${padLeft(rss, 5)} ${padRight(p.tty ?? '?', 8)} ${padRight(stat, 4)} ${clockTime(p.startedAtMs, env.now)} ${padLeft(cpuTime(p.cpu, env.now - p.startedAtMs, false), 6)} ${p.command}`);
    }
    return ok(`${lines.join('\n')}\n`);
  }
  if (/-[a-zA-Z]*e|-[a-zA-Z]*f|-A/.test(flags)) {
    const full = flags.includes('f');
    const lines = [full ? 'UID          PID    PPID  C STIME TTY          TIME CMD' : '    PID TTY          TIME CMD'];
    for (const p of procs) {
      const time = cpuTime(p.cpu, env.now - p.startedAtMs, true);
      if (full) lines.push(`${padRight(uidOf(p.user), 8)} ${padLeft(p.pid, 7)} ${padLeft(p.ppid, 7)} ${padLeft(Math.min(99, Math.round(p.cpu)), 2)} ${clockTime(p.startedAtMs, env.now)} ${padRight(p.tty ?? '?', 8)} ${time} ${p.command}`);
      else lines.push(`${padLeft(p.pid, 7)} ${padRight(p.tty ?? '?', 8)} ${time} ${programName(p.command).slice(0, 15)}`);
    }
    return ok(`${lines.join('\n')}\n`);
  }
  const lines = ['    PID TTY          TIME CMD'];
  for (const p of procs) lines.push(`${padLeft(p.pid, 7)} ${padRight(p.tty ?? '?', 8)} ${cpuTime(p.cpu, env.now - p.startedAtMs, true)} ${programName(p.command).slice(0, 15)}`);
  return ok(`${lines.join('\n')}\n`);
};

/** `kill <pid>`: only processes of the same user (or root) can be signalled; PID 1 ignores SIGTERM. */
export const kill: Command = (args, env) => {
  const pids = args.filter((a) => /^\d+$/.test(a)).map(Number);
  if (pids.length === 0) return fail('kill: usage: kill [-s sigspec | -n signum | -sigspec] pid\n', 2);
  for (const pid of pids) {
    const index = env.container.processes.findIndex((p) => p.pid === pid);
    const proc = env.container.processes[index];
    if (!proc) return fail(`sh: kill: (${pid}) - No such process\n`);
    if (env.user.uid !== 0 && proc.user !== env.user.name) return fail(`sh: kill: (${pid}) - Operation not permitted\n`);
    if (pid !== 1) env.container.processes.splice(index, 1);
  }
  return ok();
};
