import type { Command } from '../shell-env.js';
import { fail, ok } from '../shell-env.js';

/** Text filters used at the end of pipelines: grep, head, tail, wc, sort. */
export const grep: Command = (args, _env, stdin) => {
  const flags = args.filter((a) => a.startsWith('-')).join('');
  const pattern = args.find((a) => !a.startsWith('-'));
  if (pattern === undefined) return fail('Usage: grep [OPTION]... PATTERNS [FILE]...\n', 2);
  const ignoreCase = flags.includes('i');
  const invert = flags.includes('v');
  let re: RegExp;
  try {
    re = new RegExp(flags.includes('F') ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : pattern, ignoreCase ? 'i' : '');
  } catch {
    re = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), ignoreCase ? 'i' : '');
  }
  const lines = stdin.split('\n').filter((l) => l !== '' && re.test(l) !== invert);
  if (flags.includes('c')) return ok(`${lines.length}\n`);
  return lines.length > 0 ? ok(`${lines.join('\n')}\n`) : fail('', 1);
};

function countArg(args: string[], fallback: number): number {
  const n = args.find((a) => /^-?\d+$/.test(a.replace(/^-n/, '')) && a !== '-n');
  const nIndex = args.indexOf('-n');
  const raw = nIndex >= 0 ? args[nIndex + 1] : n?.replace(/^-n?/, '');
  const value = Number(raw);
  return Number.isFinite(value) && raw !== undefined ? Math.abs(value) : fallback;
}

export const head: Command = (args, _env, stdin) => ok(stdin.split('\n').slice(0, countArg(args, 10)).filter((_l, i, a) => i < a.length).join('\n') + (stdin ? '\n' : ''));
export const tail: Command = (args, _env, stdin) => {
  const lines = stdin.replace(/\n$/, '').split('\n');
  return ok(`${lines.slice(-countArg(args, 10)).join('\n')}\n`);
};
export const wc: Command = (args, _env, stdin) => {
  const lines = stdin === '' ? 0 : stdin.replace(/\n$/, '').split('\n').length;
  if (args.includes('-l')) return ok(`${lines}\n`);
  return ok(`${lines} ${stdin.split(/\s+/).filter(Boolean).length} ${Buffer.byteLength(stdin)}\n`);
};
export const sort: Command = (_args, _env, stdin) => ok(`${stdin.replace(/\n$/, '').split('\n').sort().join('\n')}\n`);
