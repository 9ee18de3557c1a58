import anyTest, { type TestFn } from 'ava';
import { memoryLogger } from '../../src/logger.js';
import { startMailLookups, type MailLookups } from '../../src/mail-auth/listeners.js';
import { sameToken } from '../../src/mail-auth/http-app.js';
import { freePort } from '../../src/mail-server/processes.js';
import { createAccount } from '../../src/services/accounts.js';
import { createDomain } from '../../src/services/domains.js';
import type { TestDb } from '../helpers/db.js';
import { startTestServer } from '../helpers/http.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';

const test = anyTest as TestFn<{ lookups: MailLookups; base: string; testDb: TestDb; logs: string[] }>;

test.before(async (t) => {
  const { ctx, testDb } = await openServices();
  const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'postmaster-password-1');
  await createAccount(ctx, TEST_ADMIN, domain, { name: 'alice', password: 'alice-password-1' });
  const logger = memoryLogger();
  const lookups = await startMailLookups(ctx, { host: '127.0.0.1', authPort: await freePort('127.0.0.1'), mapPort: 0, token: TOKEN }, logger);
  t.context = { lookups, base: `http://127.0.0.1:${lookups.authPort}`, testDb, logs: logger.lines };
});

test.after.always(async (t) => {
  await t.context.lookups?.close();
  await t.context.testDb?.destroy();
});

function post(base: string, path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(base + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const passdb = (over: Record<string, string> = {}) =>
  form({ user: 'alice@example.com', password: 'alice-password-1', service: 'imap', remote_ip: '192.0.2.7', master: '0', ...over });

test('a lookup with the token answers Dovecot lines', async (t) => {
  const { base } = t.context;
  const ok = await post(base, '/dovecot/passdb', passdb());
  t.is(ok.status, 200);
  t.is(await ok.text(), 'result=ok\nuser=alice@example.com\n');
  t.is(await (await post(base, '/dovecot/passdb', passdb({ password: 'wrong-password' }))).text(), 'result=mismatch\n');
  t.is(await (await post(base, '/dovecot/passdb', passdb({ user: 'bob@example.com' }))).text(), 'result=unknown\n');
  t.is(await (await post(base, '/dovecot/passdb', passdb({ master: '1', password: 'x' }))).text(), 'result=ok\nuser=alice@example.com\n');
  t.is(await (await post(base, '/dovecot/passdb', passdb({ remote_ip: '' }))).text(), 'result=ok\nuser=alice@example.com\n');
  t.is(await (await post(base, '/dovecot/userdb', form({ user: 'ALICE@example.com', service: 'lmtp' }))).text(), 'result=ok\nuser=alice@example.com\n');
  t.is(await (await post(base, '/dovecot/userdb', form({ user: 'bob@example.com', service: 'lmtp' }))).text(), 'result=unknown\n');
});

const NO_TOKEN: [string, Record<string, string>][] = [
  ['no Authorization header', { authorization: '' }],
  ['a wrong token', { authorization: `Bearer ${TOKEN.slice(0, -1)}x` }],
  ['a longer token', { authorization: `Bearer ${TOKEN}x` }],
  ['another scheme', { authorization: `Basic ${TOKEN}` }],
];

for (const [what, headers] of NO_TOKEN) {
  test(`refused without the token: ${what}`, async (t) => {
    const response = await post(t.context.base, '/dovecot/passdb', passdb(), headers);
    t.is(response.status, 401);
    t.notRegex(await response.text(), /result=/);
  });
}

const MALFORMED: [string, () => [string, string, Record<string, string>?], number][] = [
  ['no user', () => ['/dovecot/passdb', form({ password: 'p', service: 'imap', master: '0' })], 400],
  ['a user with spaces', () => ['/dovecot/passdb', passdb({ user: 'alice @example.com' })], 400],
  ['a login longer than 320 characters', () => ['/dovecot/passdb', passdb({ user: `${'a'.repeat(320)}@example.com` })], 400],
  ['a password with a line break', () => ['/dovecot/passdb', passdb({ password: 'a\nresult=ok' })], 400],
  ['an unknown service name', () => ['/dovecot/passdb', passdb({ service: 'IMAP!' })], 400],
  ['a master flag other than 0 or 1', () => ['/dovecot/passdb', passdb({ master: 'yes' })], 400],
  ['a client address that is no IP', () => ['/dovecot/passdb', passdb({ remote_ip: '999.1.1.1' })], 400],
  ['a field given twice', () => ['/dovecot/passdb', `${passdb()}&user=bob@example.com`], 400],
  ['an oversized body', () => ['/dovecot/passdb', passdb({ password: 'x'.repeat(5000) })], 413],
  ['a JSON body', () => ['/dovecot/passdb', JSON.stringify({ user: 'alice@example.com' }), { 'content-type': 'application/json' }], 415],
  ['an unknown lookup', () => ['/dovecot/other', passdb()], 404],
];

for (const [what, request, status] of MALFORMED) {
  test(`a malformed lookup is refused with a 4xx: ${what}`, async (t) => {
    const [path, body, headers] = request();
    const response = await post(t.context.base, path, body, headers);
    t.is(response.status, status);
    t.notRegex(await response.text(), /result=|Error|at /);
  });
}

test('a lookup by GET is refused', async (t) => {
  const response = await fetch(`${t.context.base}/dovecot/passdb`, { headers: { authorization: `Bearer ${TOKEN}` } });
  t.is(response.status, 405);
});

test('no 5xx for bad input: the log stays free of errors', async (t) => {
  await post(t.context.base, '/dovecot/passdb', '%%%garbage=%zz&&');
  t.false(t.context.logs.some((line) => line.startsWith('error')));
});

test('the token comparison needs the same length and content', (t) => {
  t.true(sameToken(TOKEN, TOKEN));
  t.false(sameToken(TOKEN.slice(1), TOKEN));
  t.false(sameToken('', TOKEN));
});

test('a database failure answers 503 (Dovecot: temporary failure), logged without details in the answer', async (t) => {
  const { ctx, testDb } = await openServices();
  const logger = memoryLogger();
  const lookups = await startMailLookups(ctx, { host: '127.0.0.1', authPort: await freePort('127.0.0.1'), mapPort: 0, token: TOKEN }, logger);
  t.teardown(() => lookups.close());
  await testDb.destroy();
  const response = await post(`http://127.0.0.1:${lookups.authPort}`, '/dovecot/passdb', passdb());
  t.is(response.status, 503);
  t.is(await response.text(), 'temporarily unavailable');
  t.true(logger.lines.some((line) => line.startsWith('error Mail lookup failed')));
});

test('the WebMail and WebAdmin port does not serve the lookup endpoint', async (t) => {
  const server = await startTestServer({ mailAuthToken: TOKEN });
  t.teardown(() => server.close());
  for (const path of ['/dovecot/passdb', '/dovecot/userdb', '/admin/dovecot/passdb']) {
    const response = await post(server.url, path, passdb());
    t.not(response.status, 200, path);
    t.notRegex(await response.text(), /result=/);
    const get = await fetch(server.url + path, { headers: { authorization: `Bearer ${TOKEN}` } });
    if (!path.startsWith('/admin')) t.is(get.status, 404, path);
    t.notRegex(await get.text(), /result=/);
  }
});
