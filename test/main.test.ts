import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { ROOT_DIR } from '../src/paths.js';
import { SECRETS_FILE } from '../src/secrets-file.js';
import { Browser } from './helpers/http.js';

const MAIN = path.join(ROOT_DIR, 'dist/src/main.js');

/** The newest modification time under `dir`, in ms. */
function newest(dir: string): number {
  return Math.max(...fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs));
}

test.before(async (t) => {
  // What `npm start` runs. `npm test` builds it with its type check; a run of this file alone builds
  // it here when it is older than the sources.
  t.timeout(600_000);
  const built = fs.existsSync(MAIN) ? fs.statSync(MAIN).mtimeMs : 0;
  if (built < Math.max(newest(path.join(ROOT_DIR, 'src')), newest(path.join(ROOT_DIR, 'migrations')))) {
    await promisify(execFile)('npx', ['tsc', '-b', 'tsconfig.build.json'], { cwd: ROOT_DIR });
  }
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A started `node dist/src/main.js`: what it printed so far, and how it ended. */
interface Started {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  const clean = { ...process.env };
  for (const name of ['ADMIN_PASSWORD', 'APP_KEYS', 'SECRET_KEY', 'DATABASE_URL', 'PORT', 'CLI_PORT', 'HOST', 'CLI_HOST', 'DATA_DIR']) delete clean[name];
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT_DIR, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exit };
}

/** Waits until the process printed `text` (or ended). */
async function printed(started: Started, text: string): Promise<void> {
  let ended = false;
  void started.exit.then(() => (ended = true));
  while (!started.out().includes(text)) {
    if (ended) throw new Error(`ended before printing ${text}:\n${started.out()}\n${started.err()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(started: Started): Promise<void> {
  started.child.kill('SIGTERM');
  await started.exit;
}

test('the built server on an empty data folder prints the next steps and the admin password once, and reuses data/secrets.json', async (t) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-start-'));
  t.teardown(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const env = { DATA_DIR: dataDir, PORT: String(await freePort()), CLI_PORT: String(await freePort()) };
  const first = start(env);
  t.teardown(() => first.child.kill('SIGKILL'));
  await printed(first, 'says more.');
  const password = first.out().match(/"admin" with password (\S+)/)?.[1];
  t.truthy(password, first.out());
  t.regex(first.out(), new RegExp(`Next steps \\(no domain yet\\):\\n  1\\. Sign in to WebAdmin as "admin": http://127\\.0\\.0\\.1:${env.PORT}/admin`));
  for (const step of ['2. Add a domain: Manage Domains → Add domain', '3. Turn on 2-Step Verification', '4. Add an account', 'CLI: CREATE Domain name']) t.true(first.out().includes(step), step);
  t.regex(first.out(), new RegExp(`Twostep CLI: 127\\.0\\.0\\.1:${env.CLI_PORT}`));
  const secrets = fs.readFileSync(path.join(dataDir, SECRETS_FILE), 'utf8');
  t.is(fs.statSync(path.join(dataDir, SECRETS_FILE)).mode & 0o777, 0o600);
  // Signed in with the printed password; the cookie must still work after a restart (same keys).
  const admin = new Browser(`http://127.0.0.1:${env.PORT}`);
  t.is((await admin.submit('/admin/login', { name: 'admin', password: password! })).status, 303);
  t.is((await admin.get('/admin/me')).status, 200);
  await stop(first);

  const second = start(env);
  t.teardown(() => second.child.kill('SIGKILL'));
  await printed(second, 'says more.');
  t.false(second.out().includes('with password'), 'the password is printed only at the first start');
  t.is(fs.readFileSync(path.join(dataDir, SECRETS_FILE), 'utf8'), secrets);
  t.is((await admin.get('/admin/me')).status, 200, 'the session of the first start is still signed (the same keys)');
  await stop(second);
});

for (const variable of ['PORT', 'CLI_PORT']) {
  test(`a ${variable} already in use stops the start with one line naming it, and exit code 1`, async (t) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-busy-'));
    t.teardown(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    t.teardown(() => busy.close());
    const port = (busy.address() as net.AddressInfo).port;
    const env = { DATA_DIR: dataDir, PORT: String(await freePort()), CLI_PORT: String(await freePort()), ADMIN_PASSWORD: 'start-test-password', [variable]: String(port) };
    const started = start(env);
    t.teardown(() => started.child.kill('SIGKILL'));
    t.is(await started.exit, 1);
    t.is(started.err(), `Configuration error: ${variable} ${port} is already in use on 127.0.0.1; stop what uses it or choose another ${variable}\n`);
  });
}

test('a malformed data/secrets.json stops the start with one line and exit code 1, and is left as it is', async (t) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-secrets-'));
  t.teardown(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const file = path.join(dataDir, SECRETS_FILE);
  fs.writeFileSync(file, '{"secretKey": "0123"}');
  const started = start({ DATA_DIR: dataDir, PORT: String(await freePort()), CLI_PORT: '0', ADMIN_PASSWORD: 'start-test-password' });
  t.teardown(() => started.child.kill('SIGKILL'));
  t.is(await started.exit, 1);
  t.is(started.err(), `Configuration error: ${file} has a secretKey that is not 64 hexadecimal digits; fix it, or give the value in the environment (it is never replaced, since stored 2-Step Verification keys need it)\n`);
  t.is(fs.readFileSync(file, 'utf8'), '{"secretKey": "0123"}');
});
