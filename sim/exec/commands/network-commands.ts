import { programName } from '../../runtime/pod-runtimes.js';
import type { SimConnection } from '../../runtime/pod-runtimes.js';
import type { Command, ShellEnv } from '../shell-env.js';
import { fail, ok } from '../shell-env.js';
import { padLeft, padRight } from './format.js';

function wanted(args: string[], env: ShellEnv): SimConnection[] {
  const flags = args.filter((a) => a.startsWith('-')).join('');
  const all = env.runtimes.connections(env.pod, env.container);
  const tcp = flags.includes('t');
  const udp = flags.includes('u');
  const listenOnly = flags.includes('l');
  const withListen = flags.includes('a') || listenOnly;
  return all.filter((c) => {
    if ((tcp || udp) && !((tcp && c.proto === 'tcp') || (udp && c.proto === 'udp'))) return false;
    if (listenOnly) return c.state === 'LISTEN';
    return withListen || c.state !== 'LISTEN';
  });
}

function programOf(env: ShellEnv, pid: number): string {
  const proc = env.container.processes.find((p) => p.pid === pid);
  return proc ? proc.command : '-';
}

/** net-tools `netstat` (also what busybox prints). */
export const netstat: Command = (args, env) => {
  const flags = args.filter((a) => a.startsWith('-')).join('');
  const conns = wanted(args, env);
  const withPid = flags.includes('p');
  const heading = flags.includes('l') ? 'Active Internet connections (only servers)' : flags.includes('a') ? 'Active Internet connections (servers and established)' : 'Active Internet connections (w/o servers)';
  const lines = [heading, `Proto Recv-Q Send-Q Local Address           Foreign Address         State      ${withPid ? ' PID/Program name' : ''}`.trimEnd()];
  for (const c of conns) {
    const local = `${c.localIp}:${c.localPort}`;
    const remote = c.state === 'LISTEN' ? `${c.remoteIp}:*` : `${c.remoteIp}:${c.remotePort}`;
    const state = c.proto === 'udp' && c.state !== 'ESTABLISHED' ? '' : c.state;
    const program = withPid ? ` ${`${c.pid}/${programOf(env, c.pid)}`.slice(0, 24)}` : '';
    lines.push(`${padRight(c.proto, 5)} ${padLeft(0, 6)} ${padLeft(0, 6)} ${padRight(local, 23)} ${padRight(remote, 23)} ${padRight(state, 11)}${program}`.trimEnd());
  }
  return ok(`${lines.join('\n')}\n`);
};

/** iproute2 `ss`. */
export const ss: Command = (args, env) => {
  if (env.container.profile.os === 'alpine') return fail('sh: ss: not found\n', 127);
  const flags = args.filter((a) => a.startsWith('-')).join('');
  const conns = wanted(args, env);
  const lines = ['Netid State  Recv-Q Send-Q  Local Address:Port   Peer Address:Port Process'];
  for (const c of conns) {
    const state = c.state === 'ESTABLISHED' ? 'ESTAB' : c.state === 'LISTEN' ? (c.proto === 'udp' ? 'UNCONN' : 'LISTEN') : c.state === 'SYN_SENT' ? 'SYN-SENT' : c.state;
    const proc = flags.includes('p') ? ` users:(("${programName(programOf(env, c.pid))}",pid=${c.pid},fd=${3 + (c.localPort % 20)}))` : '';
    const peer = c.state === 'LISTEN' ? `${c.remoteIp}:*` : `${c.remoteIp}:${c.remotePort}`;
    lines.push(`${padRight(c.proto, 5)} ${padRight(state, 6)} ${padLeft(0, 6)} ${padLeft(c.state === 'LISTEN' ? 511 : 0, 6)} ${padLeft(`${c.localIp}:${c.localPort}`, 20)} ${padLeft(peer, 19)}${proc}`);
  }
  return ok(`${lines.join('\n')}\n`);
};

/** `curl`/`wget` to a URL: the pod's NetworkPolicy decides whether it connects. */
export function httpClient(tool: 'curl' | 'wget'): Command {
  return (args, env) => {
    const target = args.find((a) => /^(https?:\/\/)?[\w.-]+(:\d+)?(\/|$)/.test(a) && !a.startsWith('-'));
    if (!target) return fail(tool === 'curl' ? "curl: try 'curl --help' or 'curl --manual' for more information\n" : 'BusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] URL...\n', 2);
    const url = new URL(target.includes('://') ? target : `http://${target}`);
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const result = env.network(url.hostname, port, 'TCP');
    if (result.verdict === 'unresolved') return fail(tool === 'curl' ? `curl: (6) Could not resolve host: ${url.hostname}\n` : `wget: bad address '${url.hostname}'\n`, tool === 'curl' ? 6 : 1);
    if (result.verdict === 'denied') return fail(tool === 'curl' ? `curl: (28) Failed to connect to ${url.hostname} port ${port} after 130012 ms: Couldn't connect to server\n` : `wget: can't connect to remote host (${result.ip ?? url.hostname}): Connection timed out\n`, tool === 'curl' ? 28 : 1);
    const body = url.hostname === '169.254.169.254'
      ? url.pathname.includes('security-credentials/')
        ? url.pathname.endsWith('/') ? 'shop-node-role\n' : JSON.stringify({ Code: 'Success', Type: 'AWS-HMAC', AccessKeyId: 'ASIAQXAMPLE7NODEROLE', SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', Token: 'IQoJb3JpZ2luX2VjE...', Expiration: new Date(env.now + 6 * 3600_000).toISOString() }, null, 2)
        : 'ami-id\nhostname\niam/\ninstance-id\nlocal-ipv4\nplacement/\nsecurity-groups\n'
      : '{"status":"ok"}\n';
    return ok(body);
  };
}
