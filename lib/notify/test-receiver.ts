// For tests: a real HTTP server on 127.0.0.1 that records what it receives and answers as told,
// so notification tests go through Node's fetch and a socket, with nothing mocked.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Hold the answer until this settles (to catch a request in flight). */
  waitFor?: Promise<unknown>;
}

export type Responder = (request: ReceivedRequest) => ScriptedResponse;

export interface TestReceiver {
  /** The receiver's URL with this path, e.g. url('/hook'). */
  url(path?: string): string;
  readonly requests: ReceivedRequest[];
  /** Answers the next requests with these, in order; then falls back to the responder. */
  queue(...responses: ScriptedResponse[]): void;
  respondWith(responder: Responder): void;
  reset(): void;
  close(): Promise<void>;
}

const accepted: Responder = () => ({ status: 202, headers: { 'content-type': 'application/json' }, body: '{"status":"success"}' });

export async function startTestReceiver(): Promise<TestReceiver> {
  const requests: ReceivedRequest[] = [];
  let scripted: ScriptedResponse[] = [];
  let responder: Responder = accepted;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(received);
      const answer = scripted.shift() ?? responder(received);
      void Promise.resolve(answer.waitFor).then(() => {
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body ?? '');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    requests,
    queue: (...responses) => void scripted.push(...responses),
    respondWith: (next) => void (responder = next),
    reset() {
      requests.length = 0;
      scripted = [];
      responder = accepted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
