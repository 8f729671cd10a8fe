import { childrenOf, resolvePath } from '../filesystem.js';
import type { FsEntry } from '../filesystem.js';
import type { Command, ShellEnv } from '../shell-env.js';
import { fail, ok } from '../shell-env.js';
import { lsDate, padLeft, padRight } from './format.js';

function canRead(entry: FsEntry, env: ShellEnv): boolean {
  if (env.user.uid === 0) return true;
  const others = entry.mode.slice(6, 7);
  return entry.owner === env.user.name ? entry.mode[0] === 'r' : others === 'r';
}

function longLine(e: FsEntry, name: string, now: number): string {
  const links = e.type === 'd' ? 2 : 1;
  return `${e.type}${e.mode} ${padLeft(links, 2)} ${padRight(e.owner, 8)} ${padRight(e.owner, 8)} ${padLeft(e.size, 8)} ${lsDate(e.mtimeMs, now)} ${name}`;
}

export const ls: Command = (args, env) => {
  const flags = args.filter((a) => a.startsWith('-')).join('');
  const paths = args.filter((a) => !a.startsWith('-'));
  const long = flags.includes('l');
  const all = flags.includes('a');
  const out: string[] = [];
  let errors = '';
  const targets = paths.length > 0 ? paths : [env.cwd];
  for (const target of targets) {
    const path = resolvePath(env.cwd, target);
    const entry = env.fs.get(path);
    if (!entry) {
      errors += `ls: cannot access '${target}': No such file or directory\n`;
      continue;
    }
    if (targets.length > 1) out.push(`${target}:`);
    if (entry.type !== 'd') {
      out.push(long ? longLine(entry, target, env.now) : target);
      continue;
    }
    let children = childrenOf(env.fs, path);
    if (!all) children = children.filter((c) => !baseName(c.path).startsWith('.'));
    if (long) {
      out.push(`total ${children.reduce((n, c) => n + Math.ceil(c.size / 4096) * 4, 0)}`);
      if (all) {
        out.push(longLine(entry, '.', env.now));
        out.push(longLine(env.fs.get(resolvePath(path, '..')) ?? entry, '..', env.now));
      }
      for (const c of children) out.push(longLine(c, baseName(c.path), env.now));
    } else {
      const names = [...(all ? ['.', '..'] : []), ...children.map((c) => baseName(c.path))];
      out.push(env.tty ? names.join('  ') : names.join('\n'));
    }
  }
  const stdout = out.length > 0 ? `${out.join('\n')}\n` : '';
  return errors ? fail(errors, 2, stdout) : ok(stdout);
};

function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}

function placeholderContent(e: FsEntry): string {
  return e.size > 4096 ? '\u0000'.repeat(16) : `# ${baseName(e.path)}\n`;
}

export const cat: Command = (args, env, stdin) => {
  const files = args.filter((a) => !a.startsWith('-') || a === '-');
  if (files.length === 0) return ok(stdin);
  let stdout = '';
  let stderr = '';
  for (const f of files) {
    if (f === '-') {
      stdout += stdin;
      continue;
    }
    const path = resolvePath(env.cwd, f);
    const entry = env.fs.get(path);
    if (!entry) stderr += `cat: ${f}: No such file or directory\n`;
    else if (entry.type === 'd') stderr += `cat: ${f}: Is a directory\n`;
    else if (!canRead(entry, env)) stderr += `cat: ${f}: Permission denied\n`;
    else stdout += entry.content ?? placeholderContent(entry);
  }
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
};

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** `find <path> [-type f|d] [-name glob] [-newer file] [-mmin -N] [-mtime -N] [-maxdepth N]`. */
export const find: Command = (args, env) => {
  const start = args[0] && !args[0].startsWith('-') ? resolvePath(env.cwd, args[0]) : env.cwd;
  const opts = args[0] && !args[0].startsWith('-') ? args.slice(1) : args;
  const tests: ((e: FsEntry) => boolean)[] = [];
  let maxDepth = Number.POSITIVE_INFINITY;
  for (let i = 0; i < opts.length; i++) {
    const opt = opts[i];
    const value = opts[i + 1] ?? '';
    switch (opt) {
      case '-type':
        tests.push((e) => e.type === (value === 'f' ? '-' : value));
        i++;
        break;
      case '-name': {
        const re = globToRegExp(value);
        tests.push((e) => re.test(baseName(e.path)));
        i++;
        break;
      }
      case '-newer': {
        const ref = env.fs.get(resolvePath(env.cwd, value));
        if (!ref) return fail(`find: '${value}': No such file or directory\n`);
        tests.push((e) => e.mtimeMs > ref.mtimeMs);
        i++;
        break;
      }
      case '-mmin':
      case '-mtime': {
        const unit = opt === '-mmin' ? 60_000 : 86_400_000;
        const n = Number(value.replace(/^[-+]/, ''));
        const age = (e: FsEntry) => (env.now - e.mtimeMs) / unit;
        tests.push(value.startsWith('-') ? (e) => age(e) < n : value.startsWith('+') ? (e) => age(e) > n : (e) => Math.floor(age(e)) === n);
        i++;
        break;
      }
      case '-maxdepth':
        maxDepth = Number(value);
        i++;
        break;
      case '-print':
      case '-xdev':
        break;
      default:
        if (opt?.startsWith('-')) return fail(`find: unknown predicate \`${opt}'\n`);
    }
  }
  if (!env.fs.has(start)) return fail(`find: '${args[0] ?? start}': No such file or directory\n`);
  const depthOf = (p: string) => (p === start ? 0 : p.slice(start === '/' ? 1 : start.length + 1).split('/').length);
  const matches = [...env.fs.values()]
    .filter((e) => (e.path === start || e.path.startsWith(start === '/' ? '/' : `${start}/`)) && depthOf(e.path) <= maxDepth && !e.path.startsWith('/proc/'))
    .filter((e) => tests.every((t) => t(e)))
    .map((e) => e.path)
    .sort();
  return ok(matches.length > 0 ? `${matches.join('\n')}\n` : '');
};
