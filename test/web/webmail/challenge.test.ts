import test from 'ava';
import { FIRST_LOCK_MS } from '../../../src/core/lockout.js';
import { clockTime } from '../../../src/web/challenge-answer.js';
import { saveBranding } from '../../../src/services/branding.js';
import { hashRecoveryCode } from '../../../src/core/recovery-codes.js';
import { listAudit } from '../../../src/repos/audit.js';
import { replaceRecoveryCodes } from '../../../src/repos/recovery-codes.js';
import { applyDomainChanges } from '../../../src/services/domains.js';
import { Browser, startTestServer, type TestServer } from '../../helpers/http.js';
import { TEST_ADMIN } from '../../helpers/services.js';
import { answer, codeNow, logIn, makeAccount, sessionId, type TestAccount } from './helpers.js';

async function withPaired(run: (server: TestServer, alice: TestAccount) => Promise<void>): Promise<void> {
  const server = await startTestServer();
  try {
    await run(server, await makeAccount(server, { setting: 'enabled', paired: true }));
  } finally {
    await server.close();
  }
}

async function storedSids(server: TestServer): Promise<string[]> {
  return (await server.testDb.db('sessions').select('sid')).map((row) => row.sid);
}

test('login → challenge → mailbox with a code computed from the account key; a new session id at each step', async (t) => {
  await withPaired(async (server, alice) => {
    const browser = new Browser(server.url);
    const afterPassword = await logIn(browser, alice.address);
    t.is(afterPassword.status, 303);
    t.is(afterPassword.location, '/login/verify');
    const pendingId = sessionId(browser);
    const [pendingSid] = await storedSids(server);

    const page = await browser.get('/login/verify');
    t.is(page.status, 200);
    const input = page.$('#code');
    t.is(input.attr('inputmode'), 'numeric');
    t.is(input.attr('autocomplete'), 'one-time-code');
    t.is(input.attr('pattern'), '[0-9]{6}');
    t.is(page.$('label[for=code]').text(), 'Verification code');
    t.is(page.$('button[type=submit]').text(), 'Next');
    t.is(page.$('a[href="/login"]').text(), 'Back to sign in');
    t.is(page.$('a[href="/login/verify/recovery"]').text(), 'Use a recovery code instead');
    t.is(page.$('.brand').text(), 'Twostep');
    t.is(page.$('script').length, 0);

    const done = await answer(browser, codeNow(server));
    t.is(done.status, 303);
    t.is(done.location, '/mail');
    t.not(sessionId(browser), pendingId);
    const sids = await storedSids(server);
    t.is(sids.length, 1);
    t.not(sids[0], pendingSid);
    const mail = await browser.get('/mail');
    t.is(mail.status, 200);
    t.regex(mail.$('.messages').text(), /Welcome to Twostep/);
    const [event] = await listAudit(server.testDb.db, { event: 'challenge.succeeded', limit: 1 });
    t.like(event, { subject: alice.address, actor: { kind: 'user', name: alice.address, ip: '127.0.0.1' } });
  });
});

test('the same code used again in a second login is refused', async (t) => {
  await withPaired(async (server, alice) => {
    const code = codeNow(server);
    const first = new Browser(server.url);
    await logIn(first, alice.address);
    t.is((await answer(first, code)).location, '/mail');
    const second = new Browser(server.url);
    await logIn(second, alice.address);
    const refused = await answer(second, code);
    t.is(refused.status, 409);
    t.regex(refused.$('[role=alert]').text(), /already used/);
    t.is((await second.get('/mail')).location, '/login/verify');
    server.clock.advance(30_000);
    t.is((await answer(second, codeNow(server))).location, '/mail');
  });
});

test('two simultaneous answers with the same code from two pending logins: exactly one reaches the mailbox', async (t) => {
  await withPaired(async (server, alice) => {
    const browsers = [new Browser(server.url), new Browser(server.url)];
    for (const browser of browsers) await logIn(browser, alice.address);
    const pages = await Promise.all(browsers.map((browser) => browser.get('/login/verify')));
    const code = codeNow(server);
    const results = await Promise.all(browsers.map((browser, i) => browser.submitForm(pages[i], { code }, 'form', '/login/verify')));
    t.deepEqual(results.map((r) => r.status).sort(), [303, 409]);
    const mails = await Promise.all(browsers.map((browser) => browser.get('/mail')));
    t.deepEqual(mails.map((m) => m.status).sort(), [200, 303]);
  });
});

test('five wrong codes drop the pending login and lock code entry; the right code is then refused with the time left', async (t) => {
  await withPaired(async (server, alice) => {
    const browser = new Browser(server.url);
    await logIn(browser, alice.address);
    const token = (await browser.get('/login/verify')).$('input[name=_csrf]').val() as string;
    for (let left = 4; left >= 1; left--) {
      const wrong = await answer(browser, '000001');
      t.is(wrong.status, 401);
      t.is(wrong.$('[role=alert]').text(), `That code is not correct. ${left} attempt${left === 1 ? '' : 's'} left.`);
    }
    const locked = await answer(browser, '000001');
    t.is(locked.status, 423);
    t.regex(locked.$('[role=alert]').text(), /locked for 15 minutes/);
    t.is(locked.$('#username').length, 1);
    t.is((await browser.get('/login/verify')).location, '/login');
    t.is((await storedSids(server)).length, 0);

    server.clock.advance(5 * 60 * 1000);
    t.is((await logIn(browser, alice.address)).location, '/login/verify');
    const shown = await browser.get('/login/verify');
    t.is(shown.$('[role=alert]').text(), `Too many wrong codes were entered for this account, so code entry is locked until ${clockTime(server.clock.now() + 10 * 60_000)}, in 10 minutes.`);
    t.is(shown.$('#code').length + shown.$('#recoveryCode').length, 0, 'no field asks for what would not be checked');
    t.regex(shown.text, /Recovery codes wait too/);
    t.regex(shown.text, /ask your administrator/);
    t.is((await browser.get('/login/verify/recovery')).$('#recoveryCode').length, 0);
    const refused = await browser.post('/login/verify', { _csrf: token, code: codeNow(server) });
    t.is(refused.status, 423);
    t.regex(refused.$('[role=alert]').text(), /locked until .+, in 10 minutes/);
    t.is((await browser.get('/mail')).location, '/login/verify');

    server.clock.advance(FIRST_LOCK_MS);
    t.is((await answer(browser, codeNow(server))).location, '/mail');
    const mail = await browser.get('/mail');
    t.regex(mail.$('.messages').text(), /Too many wrong verification codes/);
  });
});

test('a recovery code passes the challenge once, and the mailbox says how many are left', async (t) => {
  await withPaired(async (server, alice) => {
    await replaceRecoveryCodes(server.testDb.db, { kind: 'account', id: alice.account.id }, ['abcd-efgh-jkmn', 'pqrs-tuvw-xyz2'].map(hashRecoveryCode), 0);
    const browser = new Browser(server.url);
    await logIn(browser, alice.address);
    const page = await browser.get('/login/verify/recovery');
    t.is(page.$('label[for=recoveryCode]').text(), 'Recovery code');
    t.is(page.$('a[href="/login/verify"]').length, 1);
    const done = await browser.submit('/login/verify/recovery', { recoveryCode: 'ABCD-EFGH-JKMN' });
    t.is(done.location, '/mail');
    const mail = await browser.get('/mail');
    t.regex(mail.$('.flash.ok').text(), /1 recovery code left/);
    t.is((await browser.get('/mail')).$('.flash').length, 0);

    const again = new Browser(server.url);
    await logIn(again, alice.address);
    const reused = await again.submit('/login/verify/recovery', { recoveryCode: 'abcd-efgh-jkmn' });
    t.is(reused.status, 401);
    t.regex(reused.$('[role=alert]').text(), /not correct or was already used\. 4 attempts left/);
  });
});

test('"Back to sign in" abandons the pending login', async (t) => {
  await withPaired(async (server, alice) => {
    const browser = new Browser(server.url);
    await logIn(browser, alice.address);
    const first = sessionId(browser);
    const login = await browser.get('/login');
    t.is(login.status, 200);
    t.not(sessionId(browser), first);
    t.is((await storedSids(server)).length, 0);
    t.is((await browser.get('/login/verify')).location, '/login');
  });
});

test('a second password login while a challenge is pending gets a new session id', async (t) => {
  await withPaired(async (server, alice) => {
    const browser = new Browser(server.url);
    await logIn(browser, alice.address);
    const [first] = await storedSids(server);
    const page = await browser.get('/login/verify');
    const again = await browser.submitForm(page, {}, 'form', '/login/verify');
    t.is(again.status, 400);
    await browser.request('POST', '/login', { username: alice.address, password: 'alice-password-1', _csrf: page.$('input[name=_csrf]').attr('value')! });
    const sids = await storedSids(server);
    t.is(sids.length, 1);
    t.not(sids[0], first);
  });
});

const MALFORMED: [string, Record<string, string | string[]> | string, RegExp][] = [
  ['no code', {}, /Enter the 6-digit code/],
  ['a code as an array', { code: ['123456', '654321'] }, /Enter the 6-digit code/],
  ['a 10 KB code', { code: '1'.repeat(10_240) }, /Enter the 6-digit code/],
  ['letters', { code: 'abcdef' }, /6 digits/],
  ['five digits', { code: '12345' }, /6 digits/],
  ['non-UTF-8 bytes', 'code=%FF%FE%FD', /6 digits/],
];

for (const [name, form, message] of MALFORMED) {
  test(`a challenge form with ${name} is a 400 that counts no failure`, async (t) => {
    await withPaired(async (server, alice) => {
      const browser = new Browser(server.url);
      await logIn(browser, alice.address);
      const page = await browser.get('/login/verify');
      const token = page.$('input[name=_csrf]').attr('value')!;
      const body = typeof form === 'string' ? `${form}&_csrf=${encodeURIComponent(token)}` : { ...form, _csrf: token };
      const refused = await browser.post('/login/verify', body);
      t.is(refused.status, 400);
      t.regex(refused.$('[role=alert]').text(), message);
      const row = await server.testDb.db('accounts').where({ id: alice.account.id }).first('totp_failures');
      t.is(Number(row.totp_failures), 0);
      t.deepEqual(server.logs.filter((line) => line.startsWith('error')), []);
    });
  });
}

test('a malformed recovery code is a 400', async (t) => {
  await withPaired(async (server, alice) => {
    const browser = new Browser(server.url);
    await logIn(browser, alice.address);
    for (const [recoveryCode, message] of [
      ['', /Enter a recovery code/],
      ['x'.repeat(10_240), /Enter a recovery code/],
      ['short', /12 letters and digits/],
    ] as const) {
      const refused = await browser.submit('/login/verify/recovery', { recoveryCode });
      t.is(refused.status, 400);
      t.regex(refused.$('[role=alert]').text(), message);
    }
  });
});

test('the challenge page carries the branding name of the account\'s domain', async (t) => {
  await withPaired(async (server, alice) => {
    await applyDomainChanges(server.app.deps.services, TEST_ADMIN, alice.domain.name, [{ op: 'setBrandingName', value: 'Example Mail' }]);
    const browser = new Browser(server.url);
    await logIn(browser, alice.address);
    const page = await browser.get('/login/verify');
    t.regex(page.$('.brand').text(), /Example Mail/);
    t.regex(page.$('title').text(), /Example Mail/);
  });
});

test('the locked challenge points to the domain help link when the branding has one', async (t) => {
  await withPaired(async (server, alice) => {
    await server.testDb.db('accounts').where({ id: alice.account.id }).update({ totp_locked_until: server.clock.now() + FIRST_LOCK_MS, totp_lock_level: 1 });
    await saveBranding(server.app.deps.services, TEST_ADMIN, { kind: 'domain', id: alice.domain.id, name: alice.domain.name }, { texts: { helpUrl: 'https://help.example.com/2sv' }, uploads: {}, kept: {}, reset: new Set() });
    const browser = new Browser(server.url);
    await logIn(browser, alice.address);
    const shown = await browser.get('/login/verify');
    t.is(shown.$('main a[href="https://help.example.com/2sv"]').text(), 'Help for this domain');
    t.is(shown.$('form').length, 0);
  });
});
