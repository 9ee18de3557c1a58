import net from 'node:net';
import test from 'ava';
import { startCliServer, type CliServer } from '../../src/cli/tcp-server.js';
import type { TestClock } from '../../src/clock.js';
import { memoryLogger } from '../../src/logger.js';
import { listAudit } from '../../src/repos/audit.js';
import { ensureBuiltinAdmin } from '../../src/services/bootstrap.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { TestDb } from '../helpers/db.js';
import { ADMIN_PASSWORD } from '../helpers/http.js';
import { referenceTotp } from '../helpers/rfc6238.js';
import { openServices } from '../helpers/services.js';
import { expectedText, loginExchanges, QUIT, TCP_WELCOME, TRANSCRIPT } from './transcript.js';

const PROMPT_AT_END = /<[A-Za-z#-]*> $/;

/** A raw TCP client that reads one reply (up to the next prompt, or the end of the connection) at a time. */
class Client {
  private buffer = '';
  private ended = false;
  private wake: (() => void) | null = null;
  readonly closed: Promise<void>;

  constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      this.buffer += chunk.toString('utf8');
      this.wake?.();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.ended = true;
        this.wake?.();
        resolve();
      });
    });
  }

  static async connect(port: number): Promise<Client> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new Client(socket);
  }

  /** Everything up to and including the next prompt, or what is left when the server hung up. */
  async read(): Promise<string> {
    while (!PROMPT_AT_END.test(this.buffer) && !this.ended) await new Promise<void>((resolve) => (this.wake = resolve));
    const text = this.buffer;
    this.buffer = '';
    return text;
  }

  /** Sends raw bytes and reads the replies they cause: `count` replies, each ending in a prompt at the start of a line. */
  async exchange(data: string | Buffer, count = 1): Promise<string> {
    this.socket.write(data);
    let text = await this.read();
    while ((text.match(/(?:^|\n)<[A-Za-z#-]*> /g) ?? []).length < count && !this.ended) text += await this.read();
    return text;
  }
}

interface Env {
  ctx: ServiceContext;
  clock: TestClock;
  testDb: TestDb;
  server: CliServer;
  logs: string[];
}

async function withServer(run: (env: Env) => Promise<void>, idleMs?: number): Promise<void> {
  const { ctx, clock, testDb } = await openServices();
  await ensureBuiltinAdmin(ctx, ADMIN_PASSWORD);
  const logger = memoryLogger();
  const server = await startCliServer(ctx, { host: '127.0.0.1', port: 0, logger, idleMs });
  try {
    await run({ ctx, clock, testDb, server, logs: logger.lines });
  } finally {
    await server.close();
    await testDb.destroy();
  }
}

async function loggedIn(port: number): Promise<Client> {
  const client = await Client.connect(port);
  await client.read();
  await client.exchange('USER admin\r\n');
  await client.exchange(`${ADMIN_PASSWORD}\r\n`);
  return client;
}

test('the reference session over TCP: every reply, prompt and CRLF exactly', async (t) => {
  await withServer(async ({ server, clock, ctx }) => {
    const client = await Client.connect(server.port);
    t.is(await client.read(), `${TCP_WELCOME}\r\n<login> `);
    const code = referenceTotp('JBSWY3DPEHPK3PXP', clock.now() / 1000);
    for (const exchange of [...loginExchanges(ADMIN_PASSWORD), ...TRANSCRIPT, QUIT]) {
      t.is(await client.exchange(`${exchange.send}\r\n`), expectedText(exchange, '\r\n', code), exchange.send);
    }
    await client.closed;
    const events = (await listAudit(ctx.db, { limit: 100 })).filter((event) => event.event !== 'admin.created');
    t.true(events.length > 5);
    t.true(events.every((event) => event.actor.kind === 'cli' && event.actor.name === 'admin' && event.actor.ip === '127.0.0.1'));
  });
});

test('LF input, pipelined lines and a half-closed client are all answered in order', async (t) => {
  await withServer(async ({ server }) => {
    const client = await Client.connect(server.port);
    await client.read();
    const replies = await client.exchange(`USER admin\n${ADMIN_PASSWORD}\nGET VERSION\n`, 3);
    t.regex(replies, /^\+OK: Enter the password\r\n<password> \+OK: Authentication successful\r\n<#> \d+\.\d+\.\d+\|[^|\r\n]+\|[^|\r\n]+\r\n\+OK: Version\r\n<#> $/);
    client.socket.end('LIST Domains\nSHOW Domain nowhere.example');
    let rest = '';
    for (let text = await client.read(); text; text = await client.read()) rest += text;
    t.is(rest, 'name  accounts  twoFactorAuthEnabled  brandingName\r\n----  --------  --------------------  ------------\r\n+OK: 0 domain(s)\r\n<#> -ERR: There is no domain nowhere.example.\r\n<#> ');
  });
});

test('over-long lines, bytes that are not UTF-8 and control characters get -ERR and the session goes on', async (t) => {
  await withServer(async ({ server }) => {
    const client = await loggedIn(server.port);
    t.is(await client.exchange(`${'A'.repeat(10_000)}\r\n`), '-ERR: The line is longer than 4096 bytes and was ignored\r\n<#> ');
    t.is(await client.exchange(Buffer.from([0xff, 0xfb, 0x01, 0xc3, 0x28, 0x0d, 0x0a])), '-ERR: The line is not valid UTF-8 and was ignored\r\n<#> ');
    t.is(await client.exchange(Buffer.from('LIST\u0000Domains\r\n')), '-ERR: The line holds a control character (such as a NUL byte) and was ignored\r\n<#> ');
    t.is(await client.exchange('\r\n'), '<#> ');
    t.is(await client.exchange('list DOMAINS\r\n'), 'name  accounts  twoFactorAuthEnabled  brandingName\r\n----  --------  --------------------  ------------\r\n+OK: 0 domain(s)\r\n<#> ');
    t.is(await client.exchange('exit\r\n'), '+OK: have a nice day\r\n');
    await client.closed;
  });
});

test('three wrong passwords close the connection', async (t) => {
  await withServer(async ({ server }) => {
    const client = await Client.connect(server.port);
    await client.read();
    for (let i = 0; i < 2; i++) {
      await client.exchange('USER admin\r\n');
      t.is(await client.exchange('guess\r\n'), '-ERR: Authentication failed\r\n<login> ');
    }
    await client.exchange('USER admin\r\n');
    t.is(await client.exchange('guess\r\n'), '-ERR: Authentication failed; too many attempts, closing the connection\r\n');
    await client.closed;
    t.pass();
  });
});

test('an idle connection is closed, and closing the service ends open sessions', async (t) => {
  await withServer(async ({ server }) => {
    const idle = await Client.connect(server.port);
    t.is(await idle.read(), `${TCP_WELCOME}\r\n<login> `);
    t.is(await idle.read(), '-ERR: No command for too long; closing the connection\r\n');
    await idle.closed;
  }, 50);
  let open: Client | null = null;
  await withServer(async ({ server }) => {
    open = await loggedIn(server.port);
  });
  await open!.closed;
  t.pass();
});
