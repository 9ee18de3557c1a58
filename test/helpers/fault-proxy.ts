import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** How the proxy treats new connections: pass them on, refuse them at once, or accept and never answer. */
export type ProxyMode = 'pass' | 'down' | 'silent';

/** A TCP proxy in front of a real server whose behaviour a test switches, to play an unreachable or hanging server. */
export interface FaultProxy {
  port: number;
  mode: ProxyMode;
  /** Cuts every open connection (the server "restarts"). */
  cut(): void;
  close(): Promise<void>;
}

/** Starts a proxy on a free loopback port forwarding to `host:port`. */
export async function startFaultProxy(host: string, port: number): Promise<FaultProxy> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const proxy: FaultProxy = {
    port: 0,
    mode: 'pass',
    cut() {
      for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise((resolve) => {
        proxy.cut();
        server.close(() => resolve());
      }),
  };
  const server = net.createServer((client) => {
    track(client);
    if (proxy.mode === 'down') return client.destroy();
    if (proxy.mode === 'silent') return;
    const upstream = net.connect({ host, port });
    track(upstream);
    client.pipe(upstream).pipe(client);
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  proxy.port = (server.address() as AddressInfo).port;
  return proxy;
}
