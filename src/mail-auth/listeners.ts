import http from 'node:http';
import type net from 'node:net';
import type { Logger } from '../logger.js';
import type { ServiceContext } from '../services/context.js';
import { createMailAuthApp } from './http-app.js';
import { createSocketmapServer } from './socketmap.js';

/** Where the mail-server lookups listen; a port of 0 turns that listener off. */
export interface MailLookupOptions {
  host: string;
  authPort: number;
  mapPort: number;
  /** The shared token Dovecot sends (MAIL_AUTH_TOKEN). */
  token: string;
}

/** The running lookup listeners with the ports they got (null when off). */
export interface MailLookups {
  authPort: number | null;
  mapPort: number | null;
  close(): Promise<void>;
}

async function listen(server: net.Server, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as net.AddressInfo).port;
}

// Open connections of each listener: Postfix keeps its socketmap connection open, which would hold a plain net.Server's close.
const openSockets = new WeakMap<net.Server, Set<net.Socket>>();

function trackSockets(server: net.Server): void {
  const sockets = new Set<net.Socket>();
  openSockets.set(server, sockets);
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
}

function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    (server as http.Server).closeAllConnections?.();
    for (const socket of openSockets.get(server) ?? []) socket.destroy();
    server.close(() => resolve());
  });
}

/**
 * Starts the HTTP endpoint for Dovecot and the socketmap table for Postfix on their own listeners,
 * apart from WebMail and WebAdmin. `port: 0` in the options means "off" here; tests that want a
 * free port pass the port of their choosing.
 */
export async function startMailLookups(services: ServiceContext, options: MailLookupOptions, logger: Logger): Promise<MailLookups> {
  const servers: net.Server[] = [];
  let authPort: number | null = null;
  let mapPort: number | null = null;
  try {
    if (options.authPort !== 0) {
      const server = http.createServer(createMailAuthApp(services, options.token, logger).callback());
      server.keepAliveTimeout = 65_000;
      servers.push(server);
      authPort = await listen(server, options.host, options.authPort);
    }
    if (options.mapPort !== 0) {
      const server = createSocketmapServer(services, logger);
      trackSockets(server);
      servers.push(server);
      mapPort = await listen(server, options.host, options.mapPort);
    }
  } catch (err) {
    await Promise.all(servers.map(close));
    throw err;
  }
  return { authPort, mapPort, close: () => Promise.all(servers.map(close)).then(() => undefined) };
}
