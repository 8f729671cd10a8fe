// A TCP proxy in front of the simulator's API server, so a test can take the API server away
// mid-action (cut: connections reset, new ones refused), hang it (stall: connections accepted but
// never answered, as a wedged API server or a black-holed network does) and bring it back, while
// the cluster's state survives as it would in etcd.
import net from 'node:net';

export interface TcpProxy {
  readonly port: number;
  forward(): Promise<void>;
  stall(): void;
  cut(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, host = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let mode: 'forward' | 'stall' = 'forward';
  let server: net.Server | null = null;
  let port = 0;

  const listen = async () => {
    const s = net.createServer((client) => {
      sockets.add(client);
      client.on('close', () => sockets.delete(client));
      client.on('error', () => undefined);
      if (mode === 'stall') return;
      const upstream = net.connect(targetPort, host);
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, host, () => resolve());
    });
    port = (s.address() as net.AddressInfo).port;
    server = s;
  };
  const shut = async () => {
    const s = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (s) await new Promise((resolve) => s.close(resolve));
  };

  await listen();
  return {
    get port() {
      return port;
    },
    async forward() {
      mode = 'forward';
      for (const socket of sockets) socket.destroy(); // stalled connections: their clients retry
      if (!server) await listen();
    },
    stall() {
      mode = 'stall';
    },
    cut: shut,
    close: shut,
  };
}
