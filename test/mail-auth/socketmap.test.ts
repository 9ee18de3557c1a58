import net from 'node:net';
import anyTest, { type TestFn } from 'ava';
import { memoryLogger } from '../../src/logger.js';
import { startMailLookups, type MailLookups } from '../../src/mail-auth/listeners.js';
import { readNetstring } from '../../src/mail-auth/socketmap.js';
import { freePort } from '../../src/mail-server/processes.js';
import { createAccount } from '../../src/services/accounts.js';
import { createDomain } from '../../src/services/domains.js';
import type { TestDb } from '../helpers/db.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

const test = anyTest as TestFn<{ lookups: MailLookups; testDb: TestDb; logs: string[] }>;

test.before(async (t) => {
  const { ctx, testDb } = await openServices();
  const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'postmaster-password-1');
  await createAccount(ctx, TEST_ADMIN, domain, { name: 'alice', password: 'alice-password-1' });
  const logger = memoryLogger();
  const lookups = await startMailLookups(ctx, { host: '127.0.0.1', authPort: 0, mapPort: await freePort('127.0.0.1'), token: 'x'.repeat(32) }, logger);
  t.context = { lookups, testDb, logs: logger.lines };
});

test.after.always(async (t) => {
  await t.context.lookups?.close();
  await t.context.testDb?.destroy();
});

/** Sends raw bytes and collects what the server answers until it closes or `replies` netstrings came. */
function exchange(port: number, bytes: string | Buffer, replies: number): Promise<{ answers: string[]; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let buffer: Buffer = Buffer.alloc(0);
    const answers: string[] = [];
    const done = (closed: boolean) => {
      socket.destroy();
      resolve({ answers, closed });
    };
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (let next = readNetstring(buffer, 100_000); next; next = readNetstring(buffer, 100_000)) {
        answers.push(next.text);
        buffer = next.rest;
      }
      if (answers.length >= replies) done(false);
    });
    socket.on('end', () => done(true));
    socket.on('error', reject);
    socket.write(bytes);
  });
}

const ns = (text: string) => `${Buffer.byteLength(text)}:${text},`;

test('Postfix tables: domains, mailboxes and sender owners, several requests on one connection', async (t) => {
  const port = t.context.lookups.mapPort!;
  const requests = [
    'domains example.com',
    'domains Example.COM',
    'domains example.org',
    'mailboxes alice@example.com',
    'mailboxes ALICE@example.com',
    'mailboxes bob@example.com',
    'mailboxes @example.com',
    'mailboxes alice',
    'senders alice@example.com',
    'senders postmaster@example.com',
    'senders bob@example.com',
  ];
  const { answers } = await exchange(port, requests.map(ns).join(''), requests.length);
  t.deepEqual(answers, [
    'OK example.com',
    'OK example.com',
    'NOTFOUND ',
    'OK alice@example.com',
    'OK alice@example.com',
    'NOTFOUND ',
    'NOTFOUND ',
    'NOTFOUND ',
    'OK alice@example.com',
    'OK postmaster@example.com',
    'NOTFOUND ',
  ]);
});

test('a request split over several packets is answered once complete', async (t) => {
  const port = t.context.lookups.mapPort!;
  const socket = net.connect({ host: '127.0.0.1', port });
  t.teardown(() => socket.destroy());
  const answer = new Promise<string>((resolve) => socket.once('data', (chunk) => resolve(chunk.toString())));
  const request = ns('mailboxes alice@example.com');
  socket.write(request.slice(0, 5));
  await new Promise((resolve) => setTimeout(resolve, 20));
  socket.write(request.slice(5));
  t.is(await answer, ns('OK alice@example.com'));
});

const BAD: [string, string][] = [
  ['no netstring at all', 'GET / HTTP/1.1\r\n\r\n'],
  ['a length that is too long', `${2000}:${'a'.repeat(2000)},`],
  ['a length of six digits', '123456:'],
  ['a netstring without its comma', '19:domains example.comX'],
  ['an unknown map', ns('passwords alice@example.com')],
  ['no key', ns('domains')],
  ['a key with a control character', ns('mailboxes alice\u0001@example.com')],
];

for (const [what, bytes] of BAD) {
  test(`refused with PERM and the connection closed: ${what}`, async (t) => {
    const { answers, closed } = await exchange(t.context.lookups.mapPort!, bytes, 2);
    t.is(answers.length, 1);
    t.regex(answers[0], /^PERM /);
    t.true(closed);
    t.false(t.context.logs.some((line) => line.startsWith('error')));
  });
}

test('a database failure answers TEMP: Postfix defers, never accepts', async (t) => {
  const { ctx, testDb } = await openServices();
  const lookups = await startMailLookups(ctx, { host: '127.0.0.1', authPort: 0, mapPort: await freePort('127.0.0.1'), token: 'x'.repeat(32) }, memoryLogger());
  t.teardown(() => lookups.close());
  await testDb.destroy();
  const { answers } = await exchange(lookups.mapPort!, ns('mailboxes alice@example.com'), 1);
  t.deepEqual(answers, ['TEMP lookup failed']);
});
