import http from 'node:http';
import anyTest, { type TestFn } from 'ava';
import { PASSWORD_FREE_FAILURES } from '../../src/core/lockout.js';
import { applyAccountChanges, createAccount, requireAccount, type AccountChange } from '../../src/services/accounts.js';
import { createAppPassword, revokeAllAppPasswords, revokeAppPassword, accountAppPasswords } from '../../src/services/app-passwords.js';
import type { ServiceContext } from '../../src/services/context.js';
import { createDomain, requireDomain } from '../../src/services/domains.js';
import { accountPairingTarget, revokeDevicesByUser } from '../../src/services/pairing.js';
import type { TestDb } from '../helpers/db.js';
import { imapLogin, mailClient, type MailClientResult } from '../helpers/mail-client.js';
import { mailServerAvailable, startTestMailServer, type TestMailServer } from '../helpers/mail-server.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

// The rules of mail-client passwords, checked with a real Dovecot and Python's imaplib, poplib and
// smtplib: the account password while 2-Step Verification is off, app passwords only once it is on,
// and every revocation refused within 5 s whatever Dovecot may cache.

const test = anyTest as TestFn<{ mail: TestMailServer; ctx: ServiceContext; testDb: TestDb }>;

const KEY = 'JBSWY3DPEHPK3PXP';
/** How soon a revocation must be refused, in ms. */
const WITHIN_MS = 5000;
/** How long Dovecot waits for a slow Twostep here, in ms (production: 5 s): long enough for a busy test machine. */
const AUTH_TIMEOUT_MS = 4000;

if (mailServerAvailable(test)) {
  test.before(async (t) => {
    const { ctx, testDb } = await openServices();
    await createDomain(ctx, TEST_ADMIN, 'example.com', 'postmaster-password-1');
    const mail = await startTestMailServer({ services: ctx, authTimeoutMs: AUTH_TIMEOUT_MS });
    t.context = { mail, ctx, testDb };
  });

  test.after.always(async (t) => {
    await t.context.mail?.close();
    await t.context.testDb?.destroy();
  });

  const domainOf = (ctx: ServiceContext) => requireDomain(ctx, 'example.com');

  /** A new account with 2-Step Verification on (a provisioned key), and app passwords of the given names. */
  async function pairedAccount(ctx: ServiceContext, name: string, appPasswords: string[]): Promise<{ address: string; passwords: string[] }> {
    const domain = await domainOf(ctx);
    await createAccount(ctx, TEST_ADMIN, domain, { name, password: `${name}-password-1` }, [{ op: 'setTwoFactor', value: 'enabled' }, { op: 'provisionKey', key: KEY }]);
    const account = await requireAccount(ctx, domain, name);
    const passwords: string[] = [];
    for (const label of appPasswords) passwords.push((await createAppPassword(ctx, { kind: 'user', name: account.address }, account, label)).password);
    return { address: account.address, passwords };
  }

  let lastSource = 0;
  /** A loopback address no earlier call used (127.0.1.1, 127.0.1.2, …). */
  const freshSource = () => `127.0.${1 + Math.floor(++lastSource / 250)}.${1 + (lastSource % 250)}`;
  /**
   * A mail client that connects from a new loopback address each time, as many people's clients
   * would: deliberate failures then neither add up in Twostep's address throttle nor earn Dovecot's
   * growing delay for an address that failed before (about 4 s a sign-in here).
   */
  function clientFor(mail: TestMailServer) {
    return {
      imap: (user: string, password: string) => imapLogin(mail.ports.imap, user, password, freshSource()),
      pop3: (user: string, password: string) => mailClient('pop3_login', { port: mail.ports.pop3, user, password, source: freshSource() }),
      submit: (user: string, password: string, subject: string) =>
        mailClient('smtp_submit', { port: mail.ports.submission, user, password, from: user, to: ['postmaster@example.com'], subject, source: freshSource() }),
    };
  }

  /**
   * Tries to sign in every 100 ms until refused; answers the refusal and when the refused attempt
   * started, in ms after `since` (a busy machine may take long to answer; what counts is that an
   * attempt started within 5 s of the revocation is refused).
   */
  async function refusedWithin(since: number, signIn: () => Promise<MailClientResult>): Promise<{ result: MailClientResult; elapsedMs: number }> {
    for (;;) {
      const elapsedMs = Date.now() - since;
      const result = await signIn();
      if (!result.ok || elapsedMs > WITHIN_MS) return { result, elapsedMs };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  test('without 2-Step Verification the account password signs in over IMAP, POP3 and SMTP submission', async (t) => {
    const { mail, ctx } = t.context;
    const client = clientFor(mail);
    await createAccount(ctx, TEST_ADMIN, await domainOf(ctx), { name: 'carol', password: 'carol-password-1' });
    t.like(await client.imap('carol@example.com', 'carol-password-1'), { ok: true });
    t.like(await client.pop3('carol@example.com', 'carol-password-1'), { ok: true });
    t.like(await client.submit('carol@example.com', 'carol-password-1', 'Password only'), { ok: true });
  });

  test('once 2-Step Verification is on the password is refused, saying an app password is needed; a new app password works for IMAP, POP3 and SMTP submission', async (t) => {
    const { mail, ctx } = t.context;
    const client = clientFor(mail);
    const domain = await domainOf(ctx);
    await createAccount(ctx, TEST_ADMIN, domain, { name: 'dave', password: 'dave-password-1' }, [{ op: 'setTwoFactor', value: 'enabled' }]);
    t.like(await client.imap('dave@example.com', 'dave-password-1'), { ok: true }, 'off: the password works');
    await applyAccountChanges(ctx, TEST_ADMIN, domain, 'dave', [{ op: 'provisionKey', key: KEY }]);

    for (const refused of [await client.imap('dave@example.com', 'dave-password-1'), await client.pop3('dave@example.com', 'dave-password-1'), await client.submit('dave@example.com', 'dave-password-1', 'Refused')]) {
      t.like(refused, { ok: false });
      t.regex(refused.ok ? '' : refused.error, /sign in with an app password/);
    }

    const account = await requireAccount(ctx, domain, 'dave');
    const { password } = await createAppPassword(ctx, { kind: 'user', name: account.address }, account, 'Thunderbird');
    t.like(await client.imap('dave@example.com', password), { ok: true });
    t.like(await client.imap('dave@example.com', password.replace(/ /g, '')), { ok: true });
    t.like(await client.pop3('dave@example.com', password), { ok: true });
    t.like(await client.submit('dave@example.com', password, 'Sent with an app password'), { ok: true });
    const inbox = await mailClient('imap_wait', { port: mail.ports.imap, user: 'postmaster@example.com', password: 'postmaster-password-1', subject: 'Sent with an app password' });
    t.true(inbox.ok && inbox.messages!.some((m) => m.subject === 'Sent with an app password'), JSON.stringify(inbox));
    const [used] = await accountAppPasswords(ctx, account);
    t.like(used, { lastUsedProtocol: 'SMTP' });
    t.regex(used.lastUsedIp ?? '', /^127\.0\.\d+\.\d+$/);
  });

  test('a revoked app password is refused within 5 s; the others keep working', async (t) => {
    const { mail, ctx } = t.context;
    const client = clientFor(mail);
    const { address, passwords } = await pairedAccount(ctx, 'erin', ['Phone', 'Laptop']);
    t.like(await client.imap(address, passwords[0]), { ok: true });
    const account = await requireAccount(ctx, await domainOf(ctx), 'erin');
    const [phone] = await accountAppPasswords(ctx, account);
    const since = Date.now();
    await revokeAppPassword(ctx, { kind: 'user', name: address }, account, phone.id);
    for (const signIn of [() => client.imap(address, passwords[0]), () => client.submit(address, passwords[0], 'Revoked')]) {
      const { result, elapsedMs } = await refusedWithin(since, signIn);
      t.like(result, { ok: false });
      t.true(elapsedMs <= WITHIN_MS, `refused from ${elapsedMs} ms on`);
    }
    t.like(await client.imap(address, passwords[1]), { ok: true });
    t.like(await client.submit(address, passwords[1], 'Still allowed'), { ok: true });
  });

  test('another account\'s app password is refused', async (t) => {
    const { mail, ctx } = t.context;
    const client = clientFor(mail);
    const { passwords } = await pairedAccount(ctx, 'frank', ['Phone']);
    const grace = await pairedAccount(ctx, 'grace', ['Phone']);
    t.like(await client.imap('grace@example.com', passwords[0]), { ok: false });
    t.like(await client.submit('grace@example.com', passwords[0], 'Not hers'), { ok: false });
    t.like(await client.imap('grace@example.com', grace.passwords[0]), { ok: true }, 'her own signs in');
    t.like(await client.imap('frank@example.com', passwords[0]), { ok: true }, 'and his signs in as him');
  });

  test('guessing app passwords is throttled: after the free guesses even the right one gets a temporary failure, which clients retry', async (t) => {
    const { mail, ctx } = t.context;
    const client = clientFor(mail);
    const { address, passwords } = await pairedAccount(ctx, 'judy', ['Phone']);
    const guesses = await Promise.all(Array.from({ length: PASSWORD_FREE_FAILURES }, (_, i) => client.imap(address, `abcd efgh ijkl mno${String.fromCharCode(97 + i)}`)));
    for (const guess of guesses) t.like(guess, { ok: false });
    const right = await client.imap(address, passwords[0]);
    t.like(right, { ok: false });
    t.regex(right.ok ? '' : right.error, /UNAVAILABLE|Temporary/i);
  });

  const adminChange = (changes: AccountChange[]) => async (ctx: ServiceContext, name: string) => {
    await applyAccountChanges(ctx, TEST_ADMIN, await domainOf(ctx), name, changes);
  };
  const ENDINGS: [string, (ctx: ServiceContext, name: string) => Promise<void>][] = [
    [
      'the user\'s "Revoke all devices"',
      async (ctx, name) => {
        const account = await requireAccount(ctx, await domainOf(ctx), name);
        await revokeDevicesByUser(ctx, { kind: 'user', name: account.address }, await accountPairingTarget(ctx, account), undefined, true);
      },
    ],
    [
      'the user\'s "Revoke all"',
      async (ctx, name) => {
        const account = await requireAccount(ctx, await domainOf(ctx), name);
        await revokeAllAppPasswords(ctx, { kind: 'user', name: account.address }, account);
      },
    ],
    ['a password change by an admin', adminChange([{ op: 'setPassword', password: 'a-new-password-1' }])],
    ['an admin\'s key reset', adminChange([{ op: 'resetKey' }])],
  ];

  for (const [index, [what, end]] of ENDINGS.entries()) {
    test(`after ${what} every app password is refused within 5 s`, async (t) => {
      const { mail, ctx } = t.context;
      const client = clientFor(mail);
      const { address, passwords } = await pairedAccount(ctx, `ending${index}`, ['Phone', 'Laptop']);
      for (const password of passwords) t.like(await client.imap(address, password), { ok: true });
      const since = Date.now();
      await end(ctx, `ending${index}`);
      const refusals = await Promise.all(
        passwords.flatMap((password) => [refusedWithin(since, () => client.imap(address, password)), refusedWithin(since, () => client.submit(address, password, 'Ended'))]),
      );
      for (const { result, elapsedMs } of refusals) {
        t.like(result, { ok: false });
        t.true(elapsedMs <= WITHIN_MS, `refused from ${elapsedMs} ms on`);
      }
    });
  }

  test('after a password change the new password alone is refused too, while 2-Step Verification stays on; a new app password signs in', async (t) => {
    const { mail, ctx } = t.context;
    const client = clientFor(mail);
    const { address } = await pairedAccount(ctx, 'kim', ['Phone']);
    await adminChange([{ op: 'setPassword', password: 'kim-new-password-1' }])(ctx, 'kim');
    const refused = await client.imap(address, 'kim-new-password-1');
    t.like(refused, { ok: false });
    t.regex(refused.ok ? '' : refused.error, /sign in with an app password/);
    const account = await requireAccount(ctx, await domainOf(ctx), 'kim');
    const { password } = await createAppPassword(ctx, { kind: 'user', name: address }, account, 'New phone');
    t.like(await client.imap(address, password), { ok: true });
    t.like(await client.submit(address, password, 'After the password change'), { ok: true });
  });

  test.serial('Twostep down right after a sign-in: Dovecot answers a temporary failure, never the sign-in it saw a moment ago', async (t) => {
    const { mail, ctx } = t.context;
    const client = clientFor(mail);
    const { address, passwords } = await pairedAccount(ctx, 'heidi', ['Phone']);
    t.like(await client.imap(address, passwords[0]), { ok: true });
    await mail.stopServing();
    try {
      const imap = await client.imap(address, passwords[0]);
      t.like(imap, { ok: false });
      t.regex(imap.ok ? '' : imap.error, /UNAVAILABLE|Temporary/i);
      const smtp = await client.submit(address, passwords[0], 'While down');
      t.like(smtp, { ok: false });
      t.true(!smtp.ok && smtp.code !== null && smtp.code >= 400 && smtp.code < 500, JSON.stringify(smtp));
    } finally {
      await mail.serve(ctx);
    }
    t.like(await client.imap(address, passwords[0]), { ok: true });
  });

  test.serial('Twostep slow: after its timeout Dovecot answers a temporary failure, never acceptance', async (t) => {
    const { mail, ctx } = t.context;
    const client = clientFor(mail);
    const { address, passwords } = await pairedAccount(ctx, 'ivan', ['Phone']);
    await mail.stopServing();
    // Takes the lookups and never answers them.
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(mail.authPort, mail.host, resolve));
    try {
      const started = Date.now();
      const imap = await client.imap(address, passwords[0]);
      t.like(imap, { ok: false });
      t.regex(imap.ok ? '' : imap.error, /UNAVAILABLE|Temporary/i);
      t.true(Date.now() - started >= AUTH_TIMEOUT_MS - 100, `answered after ${Date.now() - started} ms`);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
      await mail.serve(ctx);
    }
    t.like(await client.imap(address, passwords[0]), { ok: true });
  });

  test('the lookup endpoint of the running mail server refuses a request without its token or with a wrong one, and answers the one Dovecot sends', async (t) => {
    const { mail } = t.context;
    const body = new URLSearchParams({ user: 'postmaster@example.com', password: 'postmaster-password-1', service: 'imap', remote_ip: '127.0.0.1', master: '0' }).toString();
    const ask = (authorization?: string) =>
      fetch(`http://${mail.host}:${mail.authPort}/dovecot/passdb`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
        body,
      });
    const wrong = mail.token.slice(0, -1) + (mail.token.endsWith('a') ? 'b' : 'a');
    for (const authorization of [undefined, `Bearer ${wrong}`, mail.token]) {
      const response = await ask(authorization);
      t.is(response.status, 401, String(authorization));
      t.notRegex(await response.text(), /result=/);
    }
    const answered = await ask(`Bearer ${mail.token}`);
    t.is(answered.status, 200);
    t.regex(await answered.text(), /^result=ok$/m);
  });
}
