import type { ExecutionContext } from 'ava';
import { CliSession, type CliOutput } from '../../src/cli/session.js';
import type { TestClock } from '../../src/clock.js';
import { memoryLogger } from '../../src/logger.js';
import { ensureBuiltinAdmin } from '../../src/services/bootstrap.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { TestDb } from '../helpers/db.js';
import { ADMIN_PASSWORD } from '../helpers/http.js';
import { openServices } from '../helpers/services.js';

/** Client address of the test sessions. */
export const PEER = '192.0.2.7';

/** An interpreter session over a fresh database with the built-in admin, driven line by line. */
export interface CliHarness {
  ctx: ServiceContext;
  clock: TestClock;
  testDb: TestDb;
  logs: string[];
  session: CliSession;
  /** Sends one line and answers the session's output. */
  send(line: string): Promise<CliOutput>;
  /** Sends a line that must answer +OK; answers the output. */
  ok(line: string): Promise<CliOutput>;
  /** Sends a line that must answer -ERR matching `message`; answers the output. */
  err(line: string, message?: RegExp): Promise<CliOutput>;
  /** Sends lines that must each answer +OK. */
  script(...lines: string[]): Promise<void>;
  /** Logs in as the built-in admin. */
  login(): Promise<void>;
  /** A new session on the same database (another operator). */
  another(): CliSession;
}

/** Opens a harness; close it with `testDb.destroy()`. */
export async function openCli(t: ExecutionContext): Promise<CliHarness> {
  const { ctx, clock, testDb } = await openServices();
  await ensureBuiltinAdmin(ctx, ADMIN_PASSWORD);
  const logger = memoryLogger();
  const make = () => new CliSession({ services: ctx, logger, peer: PEER });
  const session = make();
  const last = (output: CliOutput) => output.lines[output.lines.length - 1] ?? '';
  const harness: CliHarness = {
    ctx,
    clock,
    testDb,
    logs: logger.lines,
    session,
    send: (line) => session.handle(line),
    async ok(line) {
      const output = await session.handle(line);
      t.true(last(output).startsWith('+OK: '), `${line} → ${output.lines.join(' | ')}`);
      return output;
    },
    async err(line, message) {
      const output = await session.handle(line);
      t.true(last(output).startsWith('-ERR: '), `${line} → ${output.lines.join(' | ')}`);
      if (message) t.regex(last(output), message, line);
      return output;
    },
    async script(...lines) {
      for (const line of lines) await harness.ok(line);
    },
    async login() {
      await harness.ok('USER admin');
      await harness.ok(ADMIN_PASSWORD);
    },
    another: make,
  };
  return harness;
}

/** A logged-in CLI on a fresh database with example.com, its class staff and the account alice; closed afterwards. */
export async function withDomainCli(t: ExecutionContext, body: (cli: CliHarness) => Promise<void>): Promise<void> {
  const cli = await openCli(t);
  try {
    await cli.login();
    await cli.script('CREATE Domain name example.com postmasterPassword "Secret-123"', 'UPDATE Domain example.com', 'ADD accountClass name staff', 'COMMIT', 'ADD Account name alice password "Secret-123"', 'COMMIT');
    await body(cli);
  } finally {
    await cli.testDb.destroy();
  }
}

/** The `key = value` line a SHOW printed for `key`, if any. */
export const shownLine = (output: { lines: string[] }, key: string) => output.lines.find((line) => line.startsWith(`${key} = `));
