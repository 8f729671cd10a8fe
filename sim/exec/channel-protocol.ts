import type { WebSocket } from 'ws';

/** The channel.k8s.io family, best first. v5 adds the CLOSE signal; v4+ report status as JSON. */
export const SUPPORTED_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'] as const;

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const ERROR = 3;
export const RESIZE = 4;
export const CLOSE = 255;

export function chooseProtocol(offered: Set<string>): string | false {
  return SUPPORTED_PROTOCOLS.find((p) => offered.has(p)) ?? false;
}

export function sendFrame(ws: WebSocket, channel: number, data: string | Buffer): void {
  if (ws.readyState !== ws.OPEN) return;
  const payload = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const frame = Buffer.alloc(payload.length + 1);
  frame[0] = channel;
  payload.copy(frame, 1);
  ws.send(frame);
}

/** The status frame the kubelet writes when the process ends (metav1.Status on v4+, text before). */
export function statusPayload(protocol: string, argv: string[], exitCode: number, internalError?: string): string | undefined {
  const jsonStatus = protocol === 'v4.channel.k8s.io' || protocol === 'v5.channel.k8s.io';
  if (internalError) {
    return jsonStatus
      ? JSON.stringify({ metadata: {}, status: 'Failure', message: internalError, reason: 'InternalError', details: { causes: [{ message: internalError }] }, code: 500 })
      : internalError;
  }
  if (exitCode === 0) return jsonStatus ? JSON.stringify({ metadata: {}, status: 'Success' }) : undefined;
  const message = `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${exitCode}`;
  if (!jsonStatus) return message;
  return JSON.stringify({ metadata: {}, status: 'Failure', message, reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] } });
}
