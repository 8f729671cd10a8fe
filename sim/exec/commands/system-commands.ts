import type { Command } from '../shell-env.js';
import { fail, ok } from '../shell-env.js';

export const id: Command = (_args, env) => {
  const u = env.user;
  const group = u.gid === 0 ? 'root' : u.name;
  return ok(`uid=${u.uid}(${u.name}) gid=${u.gid}(${group}) groups=${u.gid}(${group})\n`);
};

export const whoami: Command = (_args, env) => ok(`${env.user.name}\n`);
export const hostname: Command = (_args, env) => ok(`${env.pod.metadata.name}\n`);
export const pwd: Command = (_args, env) => ok(`${env.cwd}\n`);
export const trueCmd: Command = () => ok();
export const falseCmd: Command = () => fail('', 1);
export const echo: Command = (args) => {
  const noNewline = args[0] === '-n';
  const text = (noNewline ? args.slice(1) : args).join(' ');
  return ok(noNewline ? text : `${text}\n`);
};
export const sleep: Command = () => ok();
export const date: Command = (_args, env) => ok(`${new Date(env.now).toUTCString().replace('GMT', 'UTC')}\n`);

export const envCmd: Command = (_args, env) =>
  ok(
    Object.entries(env.env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );

export const printenv: Command = (args, env) => {
  if (args.length === 0) return envCmd(args, env, '');
  const values = args.map((a) => env.env[a]).filter((v): v is string => v !== undefined);
  return values.length === args.length ? ok(`${values.join('\n')}\n`) : fail('', 1, values.length ? `${values.join('\n')}\n` : '');
};

export const uname: Command = (args, env) => {
  const kernel = '6.1.0-27-cloud-amd64';
  if (args.includes('-a')) return ok(`Linux ${env.pod.metadata.name} ${kernel} #1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1 (2024-11-01) x86_64 GNU/Linux\n`);
  if (args.includes('-r')) return ok(`${kernel}\n`);
  return ok('Linux\n');
};
