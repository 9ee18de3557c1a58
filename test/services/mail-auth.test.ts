import anyTest, { type TestFn } from 'ava';
import { PASSWORD_FREE_FAILURES } from '../../src/core/lockout.js';
import { lockCodeEntry } from '../../src/repos/two-factor.js';
import { createAccount } from '../../src/services/accounts.js';
import type { ServiceContext } from '../../src/services/context.js';
import { createDomain } from '../../src/services/domains.js';
import { logIn } from '../../src/services/login.js';
import { checkMailSignIn, isMailDomain, mailAccountAddress, type MailSignIn } from '../../src/services/mail-auth.js';
import type { TestClock } from '../../src/clock.js';
import type { TestDb } from '../helpers/db.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

const test = anyTest as TestFn<{ ctx: ServiceContext; clock: TestClock; testDb: TestDb; aliceId: number }>;

test.beforeEach(async (t) => {
  const { ctx, clock, testDb } = await openServices();
  const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'postmaster-password-1');
  const alice = await createAccount(ctx, TEST_ADMIN, domain, { name: 'alice', password: 'alice-password-1' });
  t.context = { ctx, clock, testDb, aliceId: alice.id };
});

test.afterEach.always(async (t) => {
  await t.context.testDb.destroy();
});

const signIn = (over: Partial<MailSignIn> = {}): MailSignIn => ({
  user: 'alice@example.com',
  password: 'alice-password-1',
  service: 'imap',
  ip: '192.0.2.7',
  master: false,
  ...over,
});

test('the account password signs in, whatever the case of the login; the answer names the account', async (t) => {
  const { ctx } = t.context;
  t.deepEqual(await checkMailSignIn(ctx, signIn()), { result: 'ok', user: 'alice@example.com' });
  t.deepEqual(await checkMailSignIn(ctx, signIn({ user: ' Alice@EXAMPLE.com ' })), { result: 'ok', user: 'alice@example.com' });
});

const REFUSED: [string, Partial<MailSignIn>, string][] = [
  ['a wrong password', { password: 'not-the-password' }, 'mismatch'],
  ['an empty password', { password: '' }, 'mismatch'],
  ['an unknown account', { user: 'bob@example.com' }, 'unknown'],
  ['an unknown domain', { user: 'alice@example.org' }, 'unknown'],
  ['a login that is no address', { user: 'alice' }, 'unknown'],
];

for (const [what, over, result] of REFUSED) {
  test(`refused: ${what}`, async (t) => {
    t.deepEqual(await checkMailSignIn(t.context.ctx, signIn(over)), { result } as never);
  });
}

test('the master user (WebMail) needs only the account to exist: no password is checked', async (t) => {
  const { ctx } = t.context;
  t.deepEqual(await checkMailSignIn(ctx, signIn({ master: true, password: 'the-master-password' })), { result: 'ok', user: 'alice@example.com' });
  t.deepEqual(await checkMailSignIn(ctx, signIn({ master: true, user: 'bob@example.com' })), { result: 'unknown' });
});

test('guesses are throttled per account, with the same counter as the WebMail password', async (t) => {
  const { ctx } = t.context;
  for (let i = 0; i < PASSWORD_FREE_FAILURES - 1; i++) t.like(await checkMailSignIn(ctx, signIn({ password: `guess-${i}`, ip: `198.51.100.${i}` })), { result: 'mismatch' });
  // The last free failure is a WebMail one: both doors share one budget.
  t.like(await logIn(ctx, { username: 'alice@example.com', password: 'guess-web', domainName: null, ip: '198.51.100.99', channel: 'webmail' }), { ok: false, reason: 'wrong' });
  const refused = await checkMailSignIn(ctx, signIn({ ip: '203.0.113.1' }));
  t.is(refused.result, 'refused');
  t.regex(refused.result === 'refused' ? refused.reason : '', /^Too many failed sign-ins\. Try again in 1 second\.$/);
});

test('guesses are throttled per client address across accounts', async (t) => {
  const { ctx } = t.context;
  for (let i = 0; i < PASSWORD_FREE_FAILURES; i++) await checkMailSignIn(ctx, signIn({ user: `nobody${i}@example.com` }));
  t.like(await checkMailSignIn(ctx, signIn()), { result: 'refused' });
  t.like(await checkMailSignIn(ctx, signIn({ ip: '192.0.2.8' })), { result: 'ok' });
});

test('a throttle ends by itself', async (t) => {
  const { ctx, clock } = t.context;
  for (let i = 0; i < PASSWORD_FREE_FAILURES; i++) await checkMailSignIn(ctx, signIn({ password: `guess-${i}` }));
  t.like(await checkMailSignIn(ctx, signIn()), { result: 'refused' });
  clock.advance(2000);
  t.like(await checkMailSignIn(ctx, signIn()), { result: 'ok' });
});

test('an account locked after wrong verification codes signs in nowhere; the reason shows only with the right password', async (t) => {
  const { ctx, clock, aliceId } = t.context;
  await lockCodeEntry(ctx.db, { kind: 'account', id: aliceId }, 1, clock.now() + 15 * 60 * 1000);
  const refused = await checkMailSignIn(ctx, signIn());
  t.deepEqual(refused, { result: 'refused', user: 'alice@example.com', reason: 'This account is locked after too many wrong verification codes. Try again in 15 minutes.' });
  t.deepEqual(await checkMailSignIn(ctx, signIn({ password: 'wrong-password' })), { result: 'mismatch' });
  clock.advance(15 * 60 * 1000);
  t.like(await checkMailSignIn(ctx, signIn()), { result: 'ok' });
});

test('userdb and Postfix lookups: accounts and domains exist exactly while Twostep has them', async (t) => {
  const { ctx } = t.context;
  t.is(await mailAccountAddress(ctx, 'Alice@Example.com'), 'alice@example.com');
  t.is(await mailAccountAddress(ctx, 'postmaster@example.com'), 'postmaster@example.com');
  t.is(await mailAccountAddress(ctx, 'bob@example.com'), null);
  t.is(await mailAccountAddress(ctx, 'alice'), null);
  t.true(await isMailDomain(ctx, 'example.com'));
  t.true(await isMailDomain(ctx, 'EXAMPLE.com'));
  t.false(await isMailDomain(ctx, 'example.org'));
  t.false(await isMailDomain(ctx, 'not a domain'));
});
