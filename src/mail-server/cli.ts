import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { withGeneratedSecrets } from '../secrets-file.js';
import { writeMailServerFiles, type MailServerPorts } from './instance.js';
import { choosePorts, devPlan, environmentLines } from './plan.js';
import { freePort, mailServerMissing, startMailServer } from './processes.js';
import { findMailSystemUsers } from './system-users.js';

/** What the development server remembers between runs, so the printed lines stay the same. */
interface SavedState {
  masterPassword?: string;
  ports?: Partial<MailServerPorts>;
  authPort?: number;
  mapPort?: number;
}

function fail(message: string): never {
  console.error(`mail-server: ${message}`);
  process.exit(1);
}

function readState(file: string): SavedState {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as SavedState;
  } catch {
    return {};
  }
}

/**
 * `npm run mail-server`: Dovecot and Postfix for development, generated from deploy/ with data under
 * data/mail/, in the foreground. Prints the environment lines `npm start` needs on standard output
 * (everything else goes to standard error); Ctrl-C stops both.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = withGeneratedSecrets(loadConfig(process.env)).config;
  } catch (err) {
    if (err instanceof ConfigError) fail(`configuration error: ${err.message}`);
    throw err;
  }
  const missing = mailServerMissing();
  if (missing) fail(`cannot start Dovecot and Postfix: ${missing}`);
  const users = findMailSystemUsers();
  if ('missing' in users) fail(`missing system accounts: ${users.missing.join(', ')}`);
  const root = path.join(config.dataDir, 'mail');
  fs.mkdirSync(root, { recursive: true });
  const stateFile = path.join(root, 'server.json');
  const saved = readState(stateFile);
  const host = config.mailAuthHost;
  const ports = await choosePorts(host, saved.ports);
  // Twostep's own ports: kept from the last run even when taken (Twostep may be running already).
  const authPort = config.mailAuthPort || saved.authPort || (await freePort(host));
  const mapPort = config.mailMapPort || saved.mapPort || (await freePort(host));
  const plan = devPlan({
    root,
    host,
    ports,
    authPort,
    mapPort,
    token: config.mailAuthToken!,
    masterUser: config.mailMasterUser,
    masterPassword: config.mailMasterPassword ?? saved.masterPassword ?? randomBytes(24).toString('base64url'),
  });
  fs.writeFileSync(stateFile, JSON.stringify({ masterPassword: plan.masterPassword, ports, authPort, mapPort }, null, 2) + '\n', { mode: 0o600 });
  const files = writeMailServerFiles(plan, users);
  const started = Date.now();
  const server = await startMailServer(files, host, ports, { stdio: 'inherit' }).catch((err: Error) => fail(err.message));
  console.error(`Dovecot (pid ${server.dovecotPid}) and Postfix (pid ${server.postfixPid}) are up in ${Date.now() - started} ms; logs in ${path.dirname(files.dovecotLog)}.`);
  const lines = environmentLines(plan, authPort, mapPort);
  const envFile = path.join(root, 'env');
  fs.writeFileSync(envFile, lines.join('\n') + '\n', { mode: 0o600 });
  console.error(`Start Twostep in another terminal with these variables (also in ${envFile}: env $(cat ${path.relative(process.cwd(), envFile)}) npm start). Ctrl-C stops the mail server.`);
  for (const line of lines) console.log(line);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  void server.exited.then((which) => {
    if (stopping) return;
    console.error(`mail-server: ${which} exited; stopping.`);
    void stop(1);
  });
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err)));
