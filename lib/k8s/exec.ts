// Run a command in a container (evidence capture: ps, netstat, ls …) over the exec WebSocket.
// client-node's Exec speaks the channel protocol; the socket is ours, because client-node's
// handler (1) resolves on open, not when the command ends, (2) reports a refused upgrade only as
// "Unexpected server response: 403" and drops the Status body with the real reason, (3) has no
// timeout, and (4) closes process.stdout if a server ever sends the v5 CLOSE signal to the client.
import 'server-only';
import { Writable } from 'node:stream';
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';
import WebSocket from 'ws';
import type { ClusterConnection } from './connection';
import { K8sError, k8sErrorFromResponse, toK8sError } from './errors';

export const DEFAULT_EXEC_TIMEOUT_MS = 30_000;
export const DEFAULT_EXEC_OUTPUT_BYTES = 1024 * 1024;
const MAX_REFUSAL_BODY_BYTES = 64 * 1024;

export interface ExecOptions {
  /** For connecting and running; the session is closed when it passes. Default 30 s. */
  timeoutMs?: number;
  /** Per stream; beyond it output is dropped and `truncated` is set. Default 1 MiB. */
  maxOutputBytes?: number;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** 0 on success, the command's exit code on NonZeroExitCode, null when the runtime gave none. */
  exitCode: number | null;
  status: 'Success' | 'Failure';
  reason: string | null;
  message: string | null;
  truncated: boolean;
}

type ExecTransportInterface = NonNullable<ConstructorParameters<typeof Exec>[1]>;

/** WebSocket transport for client-node's Exec that keeps the socket and a refused upgrade's Status. */
class ExecTransport implements ExecTransportInterface {
  socket: WebSocket | null = null;

  constructor(
    private readonly kc: KubeConfig,
    private readonly handshakeTimeoutMs: number,
  ) {}

  async connect(path: string, textHandler: ((text: string) => boolean) | null, binaryHandler: ((stream: number, buff: Buffer) => boolean) | null): Promise<WebSocket> {
    const server = this.kc.getCurrentCluster()?.server ?? '';
    const url = server.replace(/^http/, 'ws') + path;
    const options: WebSocket.ClientOptions = {};
    await this.kc.applyToHTTPSOptions(options);
    const protocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];
    const socket = new WebSocket(url, protocols, { ...options, handshakeTimeout: this.handshakeTimeoutMs });
    this.socket = socket;
    return await new Promise<WebSocket>((resolve, reject) => {
      socket.on('open', () => resolve(socket));
      socket.on('error', (err) => reject(err));
      // With a listener here ws no longer aborts on its own: read the Status, then end the attempt.
      socket.on('unexpected-response', (request, response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_REFUSAL_BODY_BYTES) chunks.push(chunk);
        });
        response.on('end', () => {
          reject(k8sErrorFromResponse(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
          request.destroy();
        });
        response.on('error', (err) => reject(err));
      });
      socket.on('message', (data: Buffer, isBinary: boolean) => {
        if (!isBinary) {
          if (textHandler && !textHandler(data.toString('utf8'))) socket.close();
          return;
        }
        const channel = data[0];
        // 255 is the v5 CLOSE signal; the client has no stream for the server to close.
        if (channel === undefined || channel === 255 || !binaryHandler) return;
        try {
          if (!binaryHandler(channel, data.subarray(1))) socket.close();
        } catch {
          // a channel the Exec protocol does not know (client-node throws): ignore it
        }
      });
    });
  }

  close(): void {
    const socket = this.socket;
    if (!socket) return;
    socket.removeAllListeners('error');
    socket.on('error', () => undefined);
    if (socket.readyState === WebSocket.OPEN) socket.close();
    else socket.terminate();
  }
}

/** Collects a stream up to a limit. */
function sink(limit: number): { stream: Writable; text: () => string; truncated: () => boolean } {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const room = limit - size;
      if (chunk.length > room) truncated = true;
      if (room > 0) {
        const kept = chunk.subarray(0, room);
        chunks.push(kept);
        size += kept.length;
      }
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8'), truncated: () => truncated };
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

function exitCodeOf(status: V1Status): number | null {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  const code = cause?.message !== undefined ? Number(cause.message) : NaN;
  return Number.isInteger(code) ? code : null;
}

/**
 * Runs `command` (argv, no shell unless you pass one) and waits for the status frame. A refused
 * exec is a K8sError (Forbidden with the cluster's message, NotFound, Invalid…); a command that
 * fails is a result with status Failure and its exit code.
 */
export async function execInPod(
  conn: ClusterConnection,
  namespace: string,
  pod: string,
  container: string,
  command: string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
  const limit = options.maxOutputBytes ?? DEFAULT_EXEC_OUTPUT_BYTES;
  const operation = `exec in ${namespace}/${pod}/${container}: ${command.join(' ')}`.slice(0, 200);
  const stdout = sink(limit);
  const stderr = sink(limit);
  const transport = new ExecTransport(conn.kubeConfig, timeoutMs);
  let settled = false;

  return await new Promise<ExecResult>((resolve, reject) => {
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      transport.close();
      outcome();
    };
    const timer = setTimeout(
      () => finish(() => reject(new K8sError('Timeout', `The command did not finish within ${seconds(timeoutMs)}; the exec session was closed.`, { operation, reason: 'Timeout' }))),
      timeoutMs,
    );
    const onStatus = (status: V1Status) =>
      finish(() =>
        resolve({
          stdout: stdout.text(),
          stderr: stderr.text(),
          exitCode: exitCodeOf(status),
          status: status.status === 'Success' ? 'Success' : 'Failure',
          reason: status.reason ?? null,
          message: status.message ?? null,
          truncated: stdout.truncated() || stderr.truncated(),
        }),
      );
    new Exec(conn.kubeConfig, transport)
      .exec(namespace, pod, container, command, stdout.stream, stderr.stream, null, false, onStatus)
      .then((socket) => {
        socket.on('close', () =>
          finish(() => reject(new K8sError('Unknown', 'The exec session closed before the command reported its exit status.', { operation, reason: 'SessionClosed' }))),
        );
      })
      .catch((err: unknown) => finish(() => reject(toK8sError(err, operation))));
  });
}
