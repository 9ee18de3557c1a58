import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import type { MailServerFiles, MailServerPorts } from './instance.js';

/** Dovecot's and Postfix's programs on Debian. */
export const PROGRAMS = {
  dovecot: '/usr/sbin/dovecot',
  doveadm: '/usr/bin/doveadm',
  postconf: '/usr/sbin/postconf',
  luaModule: '/usr/lib/dovecot/modules/auth/libauthdb_lua.so',
} as const;

/** Why a mail server cannot be started here, or null when it can (Debian packages, run as root). */
export function mailServerMissing(): string | null {
  const missing = [PROGRAMS.dovecot, PROGRAMS.postconf, PROGRAMS.luaModule].filter((file) => !fs.existsSync(file));
  if (missing.length) return `not installed: ${missing.join(', ')} (Debian: dovecot-core dovecot-imapd dovecot-pop3d dovecot-lmtpd dovecot-submissiond dovecot-auth-lua postfix)`;
  if (process.getuid?.() !== 0) return 'Dovecot and Postfix need to be started as root here';
  return null;
}

/** A started instance: both process ids, and how to stop them. */
export interface RunningMailServer {
  dovecotPid: number;
  postfixPid: number;
  /** Resolves with "Dovecot" or "Postfix" when one of them exits (stopped or not). */
  exited: Promise<string>;
  /** Stops both by their own PIDs and waits for them to exit. */
  stop(): Promise<void>;
}

function postfixMaster(): string {
  const result = spawnSync(PROGRAMS.postconf, ['-d', '-h', 'daemon_directory'], { encoding: 'utf8' });
  return `${result.stdout.trim() || '/usr/lib/postfix/sbin'}/master`;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until every port accepts a connection; throws after `timeoutMs` or when a process exits. */
async function waitForPorts(host: string, ports: number[], children: ChildProcess[], timeoutMs: number, logs: string[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(ports);
  while (pending.size) {
    const dead = children.find((child) => child.exitCode !== null || child.signalCode !== null);
    if (dead) throw new Error(`${dead.spawnfile} exited (${dead.exitCode ?? dead.signalCode}) while starting; see ${logs.join(' and ')}`);
    if (Date.now() > deadline) throw new Error(`the mail server did not open ports ${[...pending].join(', ')} in time; see ${logs.join(' and ')}`);
    for (const port of [...pending]) if (await accepts(host, port)) pending.delete(port);
    if (pending.size) await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Starts Dovecot (`dovecot -F -c FILE`) and Postfix's master (in the foreground, `-d`) from the
 * generated files and waits until all their ports accept connections. Their standard error goes to
 * `stderr` (inherit for a developer, ignore in tests: both also write their log files).
 */
export async function startMailServer(
  files: MailServerFiles,
  host: string,
  ports: MailServerPorts,
  options: { stdio?: 'inherit' | 'ignore'; timeoutMs?: number } = {},
): Promise<RunningMailServer> {
  const stdio = options.stdio ?? 'ignore';
  // Their own process groups: a Ctrl-C reaches only the caller, which stops them by their PIDs.
  const dovecot = spawn(PROGRAMS.dovecot, ['-F', '-c', files.dovecotConf], { stdio: ['ignore', stdio, stdio], detached: true });
  const postfix = spawn(postfixMaster(), ['-c', files.postfixConfigDir, '-d'], { stdio: ['ignore', stdio, stdio], detached: true });
  const children = [dovecot, postfix];
  const stop = async () => {
    await Promise.all(children.map((child) => stopChild(child)));
  };
  try {
    await waitForPorts(host, Object.values(ports), children, options.timeoutMs ?? 20_000, [files.dovecotLog, files.postfixLog]);
  } catch (err) {
    await stop();
    throw err;
  }
  const exitedOne = Promise.race([exited(dovecot).then(() => 'Dovecot'), exited(postfix).then(() => 'Postfix')]);
  return { dovecotPid: dovecot.pid ?? -1, postfixPid: postfix.pid ?? -1, exited: exitedOne, stop };
}

/** Asks a free port of `host` from the system (bind to 0, read it, close). */
export function freePort(host: string, preferred?: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (preferred !== undefined && err.code === 'EADDRINUSE') resolve(freePort(host));
      else reject(err);
    });
    server.listen(preferred ?? 0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
