import { resolvePath } from './filesystem.js';
import type { Command, CommandResult, ShellEnv } from './shell-env.js';
import { fail, ok } from './shell-env.js';
import { cat, find, ls } from './commands/file-commands.js';
import { grep, head, sort, tail, wc } from './commands/filters.js';
import { httpClient, netstat, ss } from './commands/network-commands.js';
import { kill, ps } from './commands/process-commands.js';
import { date, echo, envCmd, falseCmd, hostname, id, printenv, pwd, sleep, trueCmd, uname, whoami } from './commands/system-commands.js';

const COMMANDS: Record<string, Command> = {
  ps, kill, netstat, ss, curl: httpClient('curl'), wget: httpClient('wget'), ls, cat, find, id, whoami, hostname, pwd,
  true: trueCmd, false: falseCmd, echo, sleep, date, env: envCmd, printenv, uname, grep, head, tail, wc, sort,
};

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

export function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}

export function isShell(argv0: string | undefined): boolean {
  return argv0 !== undefined && SHELLS.has(baseName(argv0));
}

/** What runc says when the binary is not in the image. kubectl then reports exit code 126. */
function notInImage(binary: string): CommandResult {
  return fail('', 126, `OCI runtime exec failed: exec failed: unable to start container process: exec: "${binary}": executable file not found in $PATH: unknown\n`);
}

export function hasBinary(env: ShellEnv, argv0: string): boolean {
  const name = baseName(argv0);
  const os = env.container.profile.os;
  if (os === 'distroless') return env.container.processes.some((p) => baseName(p.command.split(' ')[0] ?? '') === name);
  if (name === 'bash') return os === 'debian';
  return SHELLS.has(name) || name in COMMANDS;
}

/** Runs one exec'd argv, as the container runtime would: no shell unless argv[0] is one. */
export function runArgv(argv: string[], env: ShellEnv, stdin = ''): CommandResult {
  const argv0 = argv[0];
  if (!argv0) return fail('you must specify at least 1 command\n', 1);
  if (!hasBinary(env, argv0)) return notInImage(argv0);
  if (isShell(argv0)) {
    const c = argv.indexOf('-c');
    if (c >= 0) return runScript(argv[c + 1] ?? '', env, baseName(argv0), stdin);
    return runScript(stdin, env, baseName(argv0), '');
  }
  return runSimple(argv, env, stdin, undefined);
}

function runSimple(argv: string[], env: ShellEnv, stdin: string, shell: string | undefined): CommandResult {
  const name = baseName(argv[0] ?? '');
  const command = COMMANDS[name];
  if (!command) {
    if (!shell) return notInImage(argv[0] ?? '');
    return fail(notFoundMessage(shell, env, name), 127);
  }
  return command(argv.slice(1), env, stdin);
}

function notFoundMessage(shell: string, env: ShellEnv, name: string): string {
  if (shell === 'bash') return `bash: line 1: ${name}: command not found\n`;
  if (env.container.profile.shell === 'busybox') return `sh: ${name}: not found\n`;
  return `sh: 1: ${name}: not found\n`;
}

type Token = { word: string } | { op: '&&' | '||' | ';' | '|' };

/** Splits a script into words and operators, honouring quotes and dropping redirections. */
export function tokenize(script: string, vars: Record<string, string>): Token[] {
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  const push = () => {
    if (inWord) tokens.push({ word });
    word = '';
    inWord = false;
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i] as string;
    if (ch === "'" || ch === '"') {
      const end = script.indexOf(ch, i + 1);
      const inner = script.slice(i + 1, end < 0 ? undefined : end);
      word += ch === '"' ? expand(inner, vars) : inner;
      inWord = true;
      i = end < 0 ? script.length : end;
    } else if (/\s/.test(ch)) push();
    else if (ch === '&' && script[i + 1] === '&') {
      push();
      tokens.push({ op: '&&' });
      i++;
    } else if (ch === '|' && script[i + 1] === '|') {
      push();
      tokens.push({ op: '||' });
      i++;
    } else if (ch === '|' || ch === ';' || ch === '\n') {
      push();
      tokens.push({ op: ch === '\n' ? ';' : ch });
    } else if (ch === '>' || (ch === '2' && script[i + 1] === '>' && !inWord)) {
      push();
      const rest = /^(2?>>?&?\s*[^\s;&|]+)/.exec(script.slice(i));
      i += (rest?.[1]?.length ?? 1) - 1;
    } else if (ch === '$') {
      const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/.exec(script.slice(i));
      if (m) {
        word += vars[m[1] as string] ?? '';
        inWord = true;
        i += (m[0]?.length ?? 1) - 1;
      } else {
        word += ch;
        inWord = true;
      }
    } else {
      word += ch;
      inWord = true;
    }
  }
  push();
  return tokens;
}

function expand(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, name: string) => vars[name] ?? '');
}

/** `sh -c '<script>'`: sequences (`;`, `&&`, `||`) of pipelines of known commands. */
export function runScript(script: string, env: ShellEnv, shell: string, stdin: string): CommandResult {
  const tokens = tokenize(script, env.env);
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  let i = 0;
  let skip = false;
  while (i < tokens.length) {
    const pipeline: string[][] = [[]];
    while (i < tokens.length) {
      const t = tokens[i] as Token;
      if ('op' in t && t.op !== '|') break;
      if ('op' in t) pipeline.push([]);
      else (pipeline[pipeline.length - 1] as string[]).push(t.word);
      i++;
    }
    const op = tokens[i];
    i++;
    if (!skip && pipeline.some((cmd) => cmd.length > 0)) {
      let input = stdin;
      for (const cmd of pipeline) {
        if (cmd.length === 0) continue;
        const name = cmd[0] as string;
        let result: CommandResult;
        if (name === 'exit') return { stdout, stderr, exitCode: Number(cmd[1] ?? exitCode) || 0 };
        if (name === 'cd') {
          const target = resolvePath(env.cwd, cmd[1] ?? env.user.home);
          if (env.fs.get(target)?.type === 'd') {
            env.cwd = target;
            result = ok();
          } else result = fail(`sh: cd: can't cd to ${cmd[1] ?? ''}: No such file or directory\n`, 2);
        } else result = runSimple(cmd, env, input, shell);
        stderr += result.stderr;
        input = result.stdout;
        exitCode = result.exitCode;
      }
      stdout += input;
    }
    const opText = op && 'op' in op ? op.op : ';';
    skip = (opText === '&&' && exitCode !== 0) || (opText === '||' && exitCode === 0);
  }
  return { stdout, stderr, exitCode };
}
