import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestFn } from 'ava';
import type { Config } from '../../src/config.js';
import { memoryLogger } from '../../src/logger.js';
import { startMailLookups, type MailLookups } from '../../src/mail-auth/listeners.js';
import { writeMailServerFiles, type MailServerFiles, type MailServerPorts } from '../../src/mail-server/instance.js';
import { choosePorts, devPlan } from '../../src/mail-server/plan.js';
import { freePort, mailServerMissing, startMailServer, type RunningMailServer } from '../../src/mail-server/processes.js';
import { findMailSystemUsers } from '../../src/mail-server/system-users.js';
import type { ServiceContext } from '../../src/services/context.js';

const HOST = '127.0.0.1';

/** A Dovecot + Postfix of one test file, with Twostep's lookups answering from `serve(services)`. */
export interface TestMailServer {
  host: string;
  ports: MailServerPorts;
  authPort: number;
  mapPort: number;
  token: string;
  masterUser: string;
  masterPassword: string;
  files: MailServerFiles;
  /** The MAIL_* settings of an app that uses this server (pass to startTestServer or testConfig). */
  config: Partial<Config>;
  /** How long Dovecot's start took, in ms. */
  startedInMs: number;
  /** Lines logged by the lookup listeners. */
  logs: string[];
  /** Starts Twostep's lookup listeners (Dovecot's endpoint and Postfix's table) on the planned ports. */
  serve(services: ServiceContext): Promise<void>;
  /** Stops the lookup listeners (Twostep "down"); serve() starts them again. */
  stopServing(): Promise<void>;
  /** The Maildir folder of an account. */
  maildir(address: string): string;
  /** Stops Dovecot, Postfix and the lookups and removes the data folder. */
  close(): Promise<void>;
}

/** Why mail-server tests cannot run here (missing packages, not root, no python3), or null. */
export function mailServerSkipReason(): string | null {
  const missing = mailServerMissing();
  if (missing) return missing;
  if (!fs.existsSync('/usr/bin/python3') && !process.env.PATH?.split(':').some((dir) => fs.existsSync(path.join(dir, 'python3')))) {
    return 'python3 (the independent mail client of these tests) is not installed';
  }
  const users = findMailSystemUsers();
  return 'missing' in users ? `missing system accounts: ${users.missing.join(', ')}` : null;
}

/**
 * True when the file's mail-server tests can run; otherwise registers one skipped test whose title
 * says why (a laptop without Dovecot/Postfix). CI installs them, so there they always run.
 */
export function mailServerAvailable<Context>(test: TestFn<Context>): boolean {
  const reason = mailServerSkipReason();
  if (reason === null) return true;
  test.skip(`Mail server tests skipped: ${reason}`, () => undefined);
  return false;
}

/**
 * Starts a Dovecot and a Postfix of their own on free loopback ports, with a temporary data folder,
 * generated from deploy/ exactly like `npm run mail-server`. The lookups answer once `serve()` is
 * called (or at once when `services` is given). Wrong passwords answer without Dovecot's delay.
 */
export async function startTestMailServer(options: { services?: ServiceContext; authTimeoutMs?: number } = {}): Promise<TestMailServer> {
  const users = findMailSystemUsers();
  if ('missing' in users) throw new Error(`missing system accounts: ${users.missing.join(', ')}`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-mail-'));
  const ports = await choosePorts(HOST);
  const authPort = await freePort(HOST);
  let mapPort = await freePort(HOST);
  while (mapPort === authPort || Object.values(ports).includes(mapPort)) mapPort = await freePort(HOST);
  const token = randomBytes(32).toString('base64url');
  const plan = devPlan({
    root,
    host: HOST,
    ports,
    authPort,
    mapPort,
    token,
    masterUser: 'webmail',
    masterPassword: randomBytes(18).toString('base64url'),
    authFailureDelaySeconds: 0,
    authTimeoutMs: options.authTimeoutMs,
  });
  const files = writeMailServerFiles(plan, users);
  const started = Date.now();
  let running: RunningMailServer;
  try {
    running = await startMailServer(files, HOST, ports);
  } catch (err) {
    fs.rmSync(root, { recursive: true, force: true });
    throw err;
  }
  const startedInMs = Date.now() - started;
  const logger = memoryLogger();
  let lookups: MailLookups | null = null;
  const server: TestMailServer = {
    host: HOST,
    ports,
    authPort,
    mapPort,
    token,
    masterUser: plan.masterUser,
    masterPassword: plan.masterPassword,
    files,
    startedInMs,
    logs: logger.lines,
    config: {
      mailImap: { url: `imap://${HOST}:${ports.imap}`, host: HOST, port: ports.imap, secure: false },
      mailSmtp: { url: `smtp://${HOST}:${ports.submission}`, host: HOST, port: ports.submission, secure: false },
      mailMasterUser: plan.masterUser,
      mailMasterPassword: plan.masterPassword,
      mailAuthHost: HOST,
      mailAuthPort: authPort,
      mailMapPort: mapPort,
      mailAuthToken: token,
    },
    async serve(services) {
      if (lookups) return;
      lookups = await startMailLookups(services, { host: HOST, authPort, mapPort, token }, logger);
    },
    async stopServing() {
      await lookups?.close();
      lookups = null;
    },
    maildir(address) {
      const [name, domain] = address.split('@');
      return path.join(files.mailboxes, domain, name, 'Maildir');
    },
    async close() {
      await server.stopServing();
      await running.stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  if (options.services) await server.serve(options.services);
  return server;
}
