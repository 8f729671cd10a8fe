import type { WebSocket } from 'ws';
import type { ShellEnv } from './shell-env.js';
import { baseName, isShell, runArgv, runScript } from './shell.js';
import { CLOSE, ERROR, RESIZE, sendFrame, STDERR, STDIN, STDOUT, statusPayload } from './channel-protocol.js';

export interface ExecRequest {
  argv: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

const READS_STDIN = new Set(['cat', 'grep', 'wc', 'head', 'tail', 'sort']);

/**
 * One exec stream over a channel.k8s.io WebSocket. Non-interactive commands run at once (or
 * after stdin's EOF when they read it); a shell with a TTY and stdin becomes a small REPL that
 * echoes keystrokes the way a terminal line discipline would.
 */
export class ExecSession {
  private stdinBuffer = '';
  private finished = false;
  private line = '';

  constructor(
    private readonly ws: WebSocket,
    private readonly protocol: string,
    private readonly request: ExecRequest,
    private readonly env: ShellEnv,
    private readonly onDone: (exitCode: number) => void,
  ) {}

  start(): void {
    const { argv, stdin, tty } = this.request;
    const shellWithoutScript = isShell(argv[0]) && !argv.includes('-c');
    this.ws.on('message', (data: Buffer, isBinary: boolean) => this.onMessage(isBinary ? data : Buffer.from(data)));
    this.ws.on('close', () => this.finish(0, true));
    if (stdin && tty && shellWithoutScript) {
      this.write(this.prompt());
      return;
    }
    if (stdin && (shellWithoutScript || READS_STDIN.has(baseName(argv[0] ?? '')))) return;
    this.complete(runArgv(argv, this.env));
  }

  private onMessage(data: Buffer): void {
    if (this.finished || data.length === 0) return;
    const channel = data[0];
    const payload = data.subarray(1);
    if (channel === STDIN) this.onStdin(payload.toString('utf8'));
    else if (channel === CLOSE && payload[0] === STDIN) this.onStdinEof();
    else if (channel === RESIZE) return;
  }

  private onStdin(text: string): void {
    const { argv, tty } = this.request;
    const interactive = tty && isShell(argv[0]) && !argv.includes('-c');
    if (!interactive) {
      this.stdinBuffer += text;
      return;
    }
    for (const ch of text) {
      if (ch === '\r' || ch === '\n') {
        this.write('\r\n');
        const command = this.line.trim();
        this.line = '';
        if (command === 'exit' || command.startsWith('exit ')) {
          this.finish(Number(command.split(/\s+/)[1] ?? 0) || 0);
          return;
        }
        if (command) {
          const result = runScript(command, this.env, baseName(argv[0] ?? 'sh'), '');
          this.write((result.stdout + result.stderr).replace(/\r?\n/g, '\r\n'));
        }
        this.write(this.prompt());
      } else if (ch === '\u0003') {
        this.line = '';
        this.write('^C\r\n' + this.prompt());
      } else if (ch === '\u0004') {
        if (this.line === '') {
          this.write('exit\r\n');
          this.finish(0);
          return;
        }
      } else if (ch === '\u007f' || ch === '\b') {
        if (this.line.length > 0) {
          this.line = this.line.slice(0, -1);
          this.write('\b \b');
        }
      } else if (ch >= ' ') {
        this.line += ch;
        this.write(ch);
      }
    }
  }

  private onStdinEof(): void {
    const { argv } = this.request;
    if (this.request.tty && isShell(argv[0]) && !argv.includes('-c')) {
      this.finish(0);
      return;
    }
    this.complete(runArgv(argv, this.env, this.stdinBuffer));
  }

  private prompt(): string {
    const u = this.env.user;
    if (this.env.container.profile.shell === 'busybox') return `${this.env.cwd} ${u.uid === 0 ? '#' : '$'} `;
    if (baseName(this.request.argv[0] ?? '') === 'bash') return `${u.name}@${this.env.pod.metadata.name}:${this.env.cwd}${u.uid === 0 ? '#' : '$'} `;
    return u.uid === 0 ? '# ' : '$ ';
  }

  private write(text: string, channel = STDOUT): void {
    if (text === '') return;
    const target = this.request.tty ? STDOUT : channel;
    if ((target === STDOUT && !this.request.stdout) || (target === STDERR && !this.request.stderr)) return;
    sendFrame(this.ws, target, this.request.tty ? text.replace(/(?<!\r)\n/g, '\r\n') : text);
  }

  private complete(result: { stdout: string; stderr: string; exitCode: number }): void {
    this.write(result.stdout, STDOUT);
    this.write(result.stderr, STDERR);
    this.finish(result.exitCode);
  }

  private finish(exitCode: number, socketClosed = false): void {
    if (this.finished) return;
    this.finished = true;
    if (!socketClosed) {
      const status = statusPayload(this.protocol, this.request.argv, exitCode);
      if (status !== undefined) sendFrame(this.ws, ERROR, status);
      this.ws.close(1000);
    }
    this.onDone(exitCode);
  }

  /** Ends the session from the server side (simulator shutdown). */
  abort(): void {
    if (this.finished) return;
    this.finished = true;
    this.ws.terminate();
    this.onDone(137);
  }
}
