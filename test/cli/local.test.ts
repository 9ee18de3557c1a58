import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { startCliServer } from '../../src/cli/tcp-server.js';
import { createServiceContext } from '../../src/app.js';
import { systemClock } from '../../src/clock.js';
import { createDb } from '../../src/db/create-db.js';
import { memoryLogger } from '../../src/logger.js';
import { listAudit } from '../../src/repos/audit.js';
import { testConfig } from '../helpers/config.js';
import { referenceTotp } from '../helpers/rfc6238.js';
import { runProcess } from '../helpers/run.js';
import { expectedText, LOCAL_WELCOME, QUIT, TRANSCRIPT } from './transcript.js';

/** A fresh data folder with a SQLite file, for one child process. */
function tempData(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-cli-'));
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, DATABASE_URL: path.join(dir, 'twostep.sqlite') };
  delete env.SECRET_KEY;
  delete env.APP_KEYS;
  return { dir, env };
}

const cli = (args: string[], env: NodeJS.ProcessEnv, input = '') => runProcess(process.execPath, ['--import', 'tsx', 'src/cli/local.ts', ...args], env, input);

/** Every code of `key` from one step before `fromMs` to one step after `toMs`. */
function codesBetween(key: string, fromMs: number, toMs: number): string[] {
  const codes: string[] = [];
  for (let step = Math.floor(fromMs / 30_000) - 1; step <= Math.floor(toMs / 30_000) + 1; step++) codes.push(referenceTotp(key, step * 30));
  return codes;
}

test('npm run cli: the reference session from standard input prints the same replies', async (t) => {
  const { dir, env } = tempData();
  try {
    const exchanges = [...TRANSCRIPT, QUIT];
    const started = Date.now();
    const result = await runProcess('npm', ['run', '--silent', 'cli'], env, exchanges.map((exchange) => exchange.send).join('\n') + '\n');
    const ended = Date.now();
    t.is(result.stderr, '');
    t.is(result.code, 0);
    const code = /twoFactorCode = (\d{6})/.exec(result.stdout)?.[1] ?? 'none';
    t.true(codesBetween('JBSWY3DPEHPK3PXP', started, ended).includes(code), `code ${code}`);
    t.is(result.stdout, `${LOCAL_WELCOME}\n<#> ` + exchanges.map((exchange) => expectedText(exchange, '\n', code)).join(''));
    const db = createDb({ kind: 'sqlite', filename: path.join(dir, 'twostep.sqlite') });
    try {
      const events = await listAudit(db, { limit: 100 });
      t.true(events.length > 5);
      t.true(events.every((event) => event.actor.kind === 'cli' && event.actor.name === 'local'));
    } finally {
      await db.destroy();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('commands as arguments separated by ";", a script file with comments, and the exit code', async (t) => {
  const { dir, env } = tempData();
  try {
    const mistakes = Promise.all([cli(['-f'], env), cli(['-f', path.join(dir, 'nope.txt')], env)]);
    const args = await cli(['CREATE Domain name example.com postmasterPassword "Secret 123";', 'SHOW', 'Domain', 'nowhere.example;', 'LIST Domains'], env);
    t.is(args.code, 1, 'a refused command makes the exit code 1');
    t.is(
      args.stdout,
      `${LOCAL_WELCOME}\n<#> +OK: Domain example.com created with its postmaster account\n<#> -ERR: There is no domain nowhere.example.\n<#> ` +
        'name         accounts  twoFactorAuthEnabled  brandingName\n-----------  --------  --------------------  ------------\n' +
        'example.com  1         disabled              -\n+OK: 1 domain(s)\n<#> \n',
    );
    const script = path.join(dir, 'script.txt');
    fs.writeFileSync(script, '# comments and blank lines are skipped\r\n\r\nUPDATE Domain example.com\r\nSET brandingName "Example Mail"\r\nCOMMIT\r\nSHOW Domain example.com\r\n');
    const file = await cli(['-f', script], env);
    t.is(file.code, 0, file.stdout);
    t.true(file.stdout.includes('\nbrandingName = Example Mail\n'));
    const [usage, missing] = await mistakes;
    t.is(usage.code, 2);
    t.regex(usage.stderr, /Usage:/);
    t.is(missing.code, 2);
    t.regex(missing.stderr, /No such script file/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad configuration stops with a clear message and exit code 1', async (t) => {
  const { dir, env } = tempData();
  try {
    const result = await cli(['LIST Domains'], { ...env, DATABASE_URL: 'mysql://localhost/x' });
    t.is(result.code, 1);
    t.regex(result.stderr, /^Configuration error: DATABASE_URL/);
    t.is(result.stdout, '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the local CLI works while the server runs on the same database', async (t) => {
  const { dir, env } = tempData();
  const first = await cli(['CREATE Domain name one.example postmasterPassword Secret-123'], env);
  t.is(first.code, 0, first.stdout + first.stderr);
  const secrets = JSON.parse(fs.readFileSync(path.join(dir, 'secrets.json'), 'utf8')) as { secretKey: string };
  const db = createDb({ kind: 'sqlite', filename: path.join(dir, 'twostep.sqlite') });
  const services = createServiceContext(db, systemClock, testConfig({ secretKey: Buffer.from(secrets.secretKey, 'hex') }));
  const server = await startCliServer(services, { host: '127.0.0.1', port: 0, logger: memoryLogger() });
  try {
    const second = await cli(['CREATE Domain name two.example postmasterPassword Secret-123; LIST Domains'], env);
    t.is(second.code, 0, second.stdout + second.stderr);
    t.regex(second.stdout, /\none\.example\s+1\s+disabled\s+-\ntwo\.example\s+1\s+disabled\s+-\n/);
  } finally {
    await server.close();
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
