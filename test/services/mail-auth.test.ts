import anyTest, { type TestFn } from 'ava';
import { PASSWORD_FREE_FAILURES } from '../../src/core/lockout.js';
import { listAudit } from '../../src/repos/audit.js';
import { listMessages } from '../../src/repos/messages.js';
import { lockCodeEntry } from '../../src/repos/two-factor.js';
import { applyAccountChanges, createAccount, removeAccount, requireAccount } from '../../src/services/accounts.js';
import { accountAppPasswords, createAppPassword, revokeAllAppPasswords } from '../../src/services/app-passwords.js';
import type { ServiceContext } from '../../src/services/context.js';
import { createDomain, requireDomain } from '../../src/services/domains.js';
import { logIn } from '../../src/services/login.js';
import { checkMailSignIn, isMailDomain, MAIL_AUTH_TEXT, mailAccountAddress, type MailSignIn } from '../../src/services/mail-auth.js';
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
  // A temporary failure: mail clients retry it by themselves instead of asking for a new password.
  t.deepEqual(await checkMailSignIn(ctx, signIn({ ip: '203.0.113.1' })), { result: 'tempfail', reason: 'Too many failed sign-ins. Try again in 1 second.' });
});

test('guesses are throttled per client address across accounts', async (t) => {
  const { ctx } = t.context;
  for (let i = 0; i < PASSWORD_FREE_FAILURES; i++) await checkMailSignIn(ctx, signIn({ user: `nobody${i}@example.com` }));
  t.like(await checkMailSignIn(ctx, signIn()), { result: 'tempfail' });
  t.like(await checkMailSignIn(ctx, signIn({ ip: '192.0.2.8' })), { result: 'ok' });
});

test('a throttle ends by itself', async (t) => {
  const { ctx, clock } = t.context;
  for (let i = 0; i < PASSWORD_FREE_FAILURES; i++) await checkMailSignIn(ctx, signIn({ password: `guess-${i}` }));
  t.like(await checkMailSignIn(ctx, signIn()), { result: 'tempfail' });
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

const KEY = 'JBSWY3DPEHPK3PXP';

/** Turns 2-Step Verification on for alice (a provisioned key) and gives her an app password. */
async function withAppPassword(ctx: ServiceContext, name = 'Thunderbird'): Promise<string> {
  const domain = await requireDomain(ctx, 'example.com');
  await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'setTwoFactor', value: 'enabled' }, { op: 'provisionKey', key: KEY }]);
  const account = await requireAccount(ctx, domain, 'alice');
  return (await createAppPassword(ctx, { kind: 'user', name: account.address }, account, name)).password;
}

test('once 2-Step Verification is on, the account password alone is refused with words saying an app password is needed', async (t) => {
  const { ctx } = t.context;
  await withAppPassword(ctx);
  const refused = await checkMailSignIn(ctx, signIn());
  t.deepEqual(refused, { result: 'refused', user: 'alice@example.com', reason: MAIL_AUTH_TEXT.appPasswordNeeded });
  t.regex(MAIL_AUTH_TEXT.appPasswordNeeded, /^[\x20-\x7e]+$/, 'plain ASCII for IMAP and SMTP replies');
  t.regex(MAIL_AUTH_TEXT.appPasswordNeeded, /app password/);
  t.deepEqual(await checkMailSignIn(ctx, signIn({ password: 'wrong-password' })), { result: 'mismatch' }, 'a wrong password learns nothing');
  const details = (await listAudit(ctx.db, { event: 'signin.failed', limit: 10 })).map((row) => row.detail ?? '');
  t.true(details.some((detail) => /^mail client: refused: .*app password is needed$/.test(detail)), details.join('; '));
});

test('a mandatory setting refuses the account password alone even before the account has paired', async (t) => {
  const { ctx } = t.context;
  await applyAccountChanges(ctx, TEST_ADMIN, await requireDomain(ctx, 'example.com'), 'alice', [{ op: 'setTwoFactor', value: 'mandatory' }]);
  t.like(await checkMailSignIn(ctx, signIn()), { result: 'refused', reason: MAIL_AUTH_TEXT.appPasswordNeeded });
});

const APP_PASSWORD_FORMS: [string, (password: string) => string][] = [
  ['as shown, in groups', (password) => password],
  ['without spaces', (password) => password.replace(/ /g, '')],
  ['in capitals', (password) => password.toUpperCase()],
];
for (const [what, typed] of APP_PASSWORD_FORMS) {
  test(`an app password signs a mail client in over every protocol: ${what}`, async (t) => {
    const { ctx } = t.context;
    const password = await withAppPassword(ctx);
    for (const service of ['imap', 'pop3', 'submission']) {
      t.deepEqual(await checkMailSignIn(ctx, signIn({ password: typed(password), service })), { result: 'ok', user: 'alice@example.com' }, service);
    }
  });
}

test('an app password is no account password: it does not sign in to WebMail', async (t) => {
  const { ctx } = t.context;
  const password = await withAppPassword(ctx);
  t.like(await logIn(ctx, { username: 'alice@example.com', password, domainName: null, ip: '192.0.2.7', channel: 'webmail' }), { ok: false, reason: 'wrong' });
});

test('refused: a wrong app password, another account\'s, and a revoked one', async (t) => {
  const { ctx } = t.context;
  const password = await withAppPassword(ctx);
  t.deepEqual(await checkMailSignIn(ctx, signIn({ password: 'abcd efgh ijkl mnop' })), { result: 'mismatch' });
  t.deepEqual(await checkMailSignIn(ctx, signIn({ user: 'postmaster@example.com', password })), { result: 'mismatch' });
  const domain = await requireDomain(ctx, 'example.com');
  const account = await requireAccount(ctx, domain, 'alice');
  await revokeAllAppPasswords(ctx, { kind: 'user', name: account.address }, account);
  t.deepEqual(await checkMailSignIn(ctx, signIn({ password })), { result: 'mismatch' });
});

test('each sign-in notes the last use; the first use from a new address is audited and noticed once', async (t) => {
  const { ctx, clock, aliceId } = t.context;
  const password = await withAppPassword(ctx);
  clock.advance(60_000);
  await checkMailSignIn(ctx, signIn({ password, service: 'imap' }));
  await checkMailSignIn(ctx, signIn({ password, service: 'submission' }));
  clock.advance(60_000);
  await checkMailSignIn(ctx, signIn({ password, service: 'pop3', ip: '198.51.100.4' }));
  await checkMailSignIn(ctx, signIn({ password, service: 'imap', ip: '192.0.2.7' }));
  const domain = await requireDomain(ctx, 'example.com');
  const [used] = await accountAppPasswords(ctx, await requireAccount(ctx, domain, 'alice'));
  t.like(used, { name: 'Thunderbird', lastUsedAt: clock.now(), lastUsedIp: '192.0.2.7', lastUsedProtocol: 'IMAP' });
  const audited = (await listAudit(ctx.db, { event: 'app_password.new_address', limit: 10 })).map((row) => row.detail).reverse();
  t.deepEqual(audited, ['Thunderbird: IMAP from 192.0.2.7', 'Thunderbird: POP3 from 198.51.100.4']);
  const noticed = (await listMessages(ctx.db, aliceId)).filter((message) => message.subject === 'An app password was used from a new address');
  t.is(noticed.length, 2);
  t.true(noticed.some((message) => /Address: 198\.51\.100\.4\nProtocol: POP3/.test(message.body)));
});

test('guessing app passwords is throttled per account like the password, and a throttled right one must wait', async (t) => {
  const { ctx } = t.context;
  const password = await withAppPassword(ctx);
  for (let i = 0; i < PASSWORD_FREE_FAILURES; i++) {
    t.like(await checkMailSignIn(ctx, signIn({ password: `abcdefghijklmno${String.fromCharCode(97 + i)}`, ip: `198.51.100.${i}` })), { result: 'mismatch' });
  }
  t.deepEqual(await checkMailSignIn(ctx, signIn({ password, ip: '203.0.113.9' })), { result: 'tempfail', reason: MAIL_AUTH_TEXT.throttled('1 second') });
});

test('guessing app passwords is throttled per client address across accounts', async (t) => {
  const { ctx } = t.context;
  const password = await withAppPassword(ctx);
  for (let i = 0; i < PASSWORD_FREE_FAILURES; i++) await checkMailSignIn(ctx, signIn({ user: `user${i}@example.com`, password: 'abcdefghijklmnop', ip: '198.51.100.1' }));
  t.like(await checkMailSignIn(ctx, signIn({ password, ip: '198.51.100.1' })), { result: 'tempfail' });
  t.like(await checkMailSignIn(ctx, signIn({ password, ip: '198.51.100.2' })), { result: 'ok' });
});

test('a locked account signs in with no app password either', async (t) => {
  const { ctx, clock, aliceId } = t.context;
  const password = await withAppPassword(ctx);
  await lockCodeEntry(ctx.db, { kind: 'account', id: aliceId }, 1, clock.now() + 15 * 60 * 1000);
  t.like(await checkMailSignIn(ctx, signIn({ password })), { result: 'refused', reason: MAIL_AUTH_TEXT.locked('15 minutes') });
  const [audit] = await listAudit(ctx.db, { event: 'signin.failed', limit: 1 });
  t.regex(audit.detail ?? '', /code entry is locked/);
});

test('a removed account signs in with no app password', async (t) => {
  const { ctx } = t.context;
  const password = await withAppPassword(ctx);
  await removeAccount(ctx, TEST_ADMIN, await requireDomain(ctx, 'example.com'), 'alice');
  t.deepEqual(await checkMailSignIn(ctx, signIn({ password })), { result: 'unknown' });
});

test('turning 2-Step Verification off ends the app passwords and lets the account password in again', async (t) => {
  const { ctx } = t.context;
  const password = await withAppPassword(ctx);
  await applyAccountChanges(ctx, TEST_ADMIN, await requireDomain(ctx, 'example.com'), 'alice', [{ op: 'revokeAll' }]);
  t.deepEqual(await checkMailSignIn(ctx, signIn({ password })), { result: 'mismatch' });
  t.like(await checkMailSignIn(ctx, signIn()), { result: 'ok' });
});
