import { createServer as createHttpServer } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { Server as NetServer, Socket } from 'node:net';
import { createSecureContext, TLSSocket } from 'node:tls';
import type { SimContext } from '../context.js';
import { createExecUpgradeHandler } from '../exec/upgrade.js';
import type { LogService } from '../logs/log-service.js';
import { handleHttp } from './pipeline.js';
import { buildRoutes } from './routes.js';
import type { ServingCertificate } from './tls/self-signed-cert.js';

const TLS_HANDSHAKE = 0x16;

/**
 * One port, two protocols: a connection that starts with a TLS handshake is served over HTTPS
 * (what the kubeconfig points kubectl at, because client-go only sends bearer tokens over TLS),
 * anything else as plain HTTP.
 */
export class ApiServer {
  private readonly http: HttpServer;
  private readonly listener: NetServer;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly sim: SimContext,
    logs: LogService,
    certificate: ServingCertificate,
  ) {
    const routes = buildRoutes(logs);
    this.http = createHttpServer({ keepAliveTimeout: 65_000, requestTimeout: 0, headersTimeout: 60_000 }, (req, res) => {
      handleHttp(sim, routes, req, res).catch((err: unknown) => {
        sim.logger.error('request handler crashed', { error: (err as Error)?.stack });
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    this.http.on('upgrade', createExecUpgradeHandler(sim));
    this.http.on('clientError', (_err, socket) => socket.destroy());
    const secureContext = createSecureContext({ key: certificate.keyPem, cert: certificate.certPem });
    this.listener = createNetServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      socket.once('data', (first: Buffer) => {
        socket.pause();
        socket.unshift(first);
        if (first[0] === TLS_HANDSHAKE) {
          const tlsSocket = new TLSSocket(socket, { isServer: true, secureContext, ALPNProtocols: ['http/1.1'] });
          tlsSocket.on('error', () => socket.destroy());
          this.http.emit('connection', tlsSocket);
        } else {
          this.http.emit('connection', socket);
          socket.resume();
        }
      });
    });
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.listener.once('error', reject);
      this.listener.listen(port, host, () => {
        const address = this.listener.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  /** Ends every open stream and socket so the process can exit at once. */
  close(): Promise<void> {
    this.sim.streams.closeAll();
    return new Promise((resolve) => {
      this.listener.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
      this.http.closeAllConnections?.();
    });
  }
}
