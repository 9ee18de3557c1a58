import net from 'node:net';
import type { Logger } from '../logger.js';
import type { ServiceContext } from '../services/context.js';
import { LineSplitter, type LineEvent } from './line-splitter.js';
import { answerEvent, CliSession, renderOutput, type CliOutput } from './session.js';
import { S } from './strings.js';

/** Where and how the CLI service listens. */
export interface CliServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  logger: Logger;
  /** A connection without a command for this long is closed, in ms. */
  idleMs?: number;
}

/** A listening CLI service. */
export interface CliServer {
  port: number;
  close(): Promise<void>;
}

/** Idle connections are closed after this long, in ms. */
export const CLI_IDLE_MS = 15 * 60 * 1000;

// Lines a client may send ahead of the answers before the socket stops being read.
const MAX_QUEUED_LINES = 64;

const EOL = '\r\n';

/** Starts the Axigen-style CLI on TCP: one session per connection, lines ending in CRLF. */
export async function startCliServer(services: ServiceContext, options: CliServerOptions): Promise<CliServer> {
  const sockets = new Set<net.Socket>();
  // Half-open: a client may send its commands and close its side, and still read every answer.
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serve(socket, services, options);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => options.logger.error('CLI service error', err));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serve(socket: net.Socket, services: ServiceContext, options: CliServerOptions): void {
  const session = new CliSession({ services, logger: options.logger, peer: socket.remoteAddress ?? null });
  const splitter = new LineSplitter();
  let open = true;
  let queued = 0;
  let chain = Promise.resolve();

  const send = (output: CliOutput) => {
    if (!open) return;
    socket.write(renderOutput(output, EOL));
    if (output.prompt === null) {
      open = false;
      socket.end();
    }
  };

  socket.setNoDelay(true);
  socket.setTimeout(options.idleMs ?? CLI_IDLE_MS);
  socket.on('timeout', () => send({ lines: [`-ERR: ${S.idleClosing}`], prompt: null }));
  socket.on('error', () => {
    open = false;
  });
  const enqueue = (events: LineEvent[]) => {
    for (const event of events) {
      queued++;
      if (queued > MAX_QUEUED_LINES) socket.pause();
      chain = chain.then(async () => {
        if (open) send(await answerEvent(session, event));
        queued--;
        if (queued <= MAX_QUEUED_LINES / 4 && socket.isPaused()) socket.resume();
      });
    }
  };
  socket.on('data', (chunk: Buffer) => enqueue(splitter.push(chunk)));
  socket.on('end', () => {
    enqueue(splitter.end());
    chain = chain.then(() => {
      if (!open) return;
      open = false;
      socket.end();
    });
  });
  send(session.welcome());
}
