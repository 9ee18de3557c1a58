import test from 'ava';
import { FIRST_LOCK_MS, MAX_CODE_FAILURES } from '../../../src/core/lockout.js';
import { findAdminByName } from '../../../src/repos/admins.js';
import { listAudit } from '../../../src/repos/audit.js';
import { updateServerSettings } from '../../../src/repos/server-settings.js';
import type { Browser } from '../../helpers/http.js';
import { referenceTotp } from '../../helpers/rfc6238.js';
import { adminLogin, MAIN_FORM, signedInAdmin, threeTests, withServer } from './helpers.js';
import type { TestServer } from '../../helpers/http.js';

const code = (server: TestServer, secret: string, offsetMs = 0) => referenceTotp(secret, (server.clock.now() + offsetMs) / 1000);

/** Walks My account → Turn on → Get Started → password → pairing → recovery codes; answers the secret and the codes. */
async function turnOn(t: import('ava').ExecutionContext, server: TestServer, browser: Browser): Promise<{ secret: string; codes: string[] }> {
  const me = await browser.get('/admin/me');
  t.is(me.$('a.button[href="/admin/me/two-factor/turn-on"]').text(), 'Turn on');
  const dialog = await browser.get('/admin/me/two-factor/turn-on');
  t.is(dialog.$('[role=dialog] h2').text(), '2-Step Verification');
  t.is(dialog.$('[role=dialog] a.button').first().text(), 'Get Started');
  const verify = await browser.get(dialog.$('[role=dialog] a.button').first().attr('href')!);
  const wrong = await browser.submitForm(verify, { password: 'not-my-password' }, MAIN_FORM);
  t.is(wrong.status, 401);
  t.regex(wrong.$('#f-password-error').text(), /not correct/);
  const verified = await browser.submitForm(verify, { password: 'admin-password-1' }, MAIN_FORM);
  t.is(verified.location, '/admin/me/two-factor/pair');
  const pair = await browser.get('/admin/me/two-factor/pair');
  t.is(pair.$('.qr svg').length, 1);
  t.regex(pair.$('a[href^="otpauth://totp/"]').attr('href')!, /issuer=Twostep%20WebAdmin/);
  const secret = pair.$('#secret-key').text().replace(/\s+/g, '');
  t.regex(secret, /^[A-Z2-7]{32}$/);
  const bad = await browser.submitForm(pair, { code: '000000' === code(server, secret) ? '111111' : '000000' }, MAIN_FORM);
  t.is(bad.status, 400);
  t.regex(bad.$('#code-error').text(), /not correct/);
  t.false((await findAdminByName(server.testDb.db, 'admin'))!.state.configured, 'nothing is on before a right code');
  const paired = await browser.submitForm(bad, { code: code(server, secret) }, MAIN_FORM);
  t.is(paired.location, '/admin/me/two-factor/codes');
  const codesPage = await browser.get('/admin/me/two-factor/codes');
  const codes = codesPage.$('#recovery-codes code').map((_, el) => codesPage.$(el).text()).get();
  t.is(codes.length, 10);
  const file = await browser.get(codesPage.$('a[download]').attr('href')!);
  t.is(file.headers.get('content-disposition'), 'attachment; filename="recovery-codes.txt"');
  t.is(file.headers.get('cache-control'), 'no-store');
  t.deepEqual(file.text.split('\r\n').slice(2, 12), codes, 'the download holds the same codes');
  const saved = await browser.get(codesPage.$('a.button:contains("I have saved these codes")').attr('href')!);
  t.is(saved.location, '/admin/me');
  t.is((await browser.get('/admin/me/two-factor/codes')).$('#recovery-codes').length, 0, 'the codes are shown only until they are saved');
  t.is((await browser.get('/admin/me/two-factor/recovery-codes.txt')).location, '/admin/me/two-factor/codes');
  return { secret, codes };
}

test('My account screens: three tests', (t) =>
  withServer(async (server) => {
    await threeTests(t, server, '/admin/me', (page) => t.is(page.$('#tsv-heading').text(), '2-Step Verification'));
    await threeTests(t, server, '/admin/me/two-factor/turn-on', (page) => t.is(page.$('[role=dialog]').length, 1));
    await threeTests(t, server, '/admin/me/two-factor/verify', (page) => t.is(page.$('input[name=password]').length, 1));
    await threeTests(t, server, '/admin/me/two-factor/codes', (page) => t.regex(page.$('main').text(), /shown once/));
  }));

test('after turning it on, the admin sign-in asks for a code; a used code is refused; the session id changes at step up', (t) =>
  withServer(async (server) => {
    const admin = await signedInAdmin(server);
    const { secret } = await turnOn(t, server, admin);
    t.regex((await admin.get('/admin/me')).$('.badge').first().text(), /on/);
    t.true((await listAudit(server.testDb.db, { subject: 'admin', event: 'two_factor.turned_on', limit: 1 })).length === 1);

    const again = await adminLogin(server);
    t.is(again.page.location, '/admin/login/challenge');
    const pendingSid = again.browser.cookies.get('twostep.admin');
    for (const path of ['/admin/domains', '/admin/settings', '/admin/me', '/admin/login/setup']) {
      t.is((await again.browser.get(path)).location, '/admin/login/challenge', `${path} is out of reach before the code`);
    }
    const challenge = await again.browser.get('/admin/login/challenge');
    t.is(challenge.$('input[name=code]').attr('autocomplete'), 'one-time-code');
    t.is(challenge.$('input[name=code]').attr('inputmode'), 'numeric');
    const replayed = await again.browser.submitForm(challenge, { code: code(server, secret) }, MAIN_FORM);
    t.is(replayed.status, 409, 'the code used to pair cannot sign in again');
    t.regex(replayed.$('#challenge-error').text(), /already used/);

    server.clock.advance(30_000);
    const ok = await again.browser.submitForm(challenge, { code: code(server, secret) }, MAIN_FORM);
    t.is(ok.status, 303);
    t.is(ok.location, '/admin');
    t.not(again.browser.cookies.get('twostep.admin'), pendingSid);
    t.is((await again.browser.get('/admin/domains')).status, 200);

    const third = await adminLogin(server);
    const reused = await third.browser.submit('/admin/login/challenge', { code: code(server, secret) }, MAIN_FORM);
    t.is(reused.status, 409, 'replay refused in another sign-in too');
  }));

test('five wrong codes drop the pending sign-in and lock code entry; even the right code waits out the lock', (t) =>
  withServer(async (server) => {
    const { secret } = await turnOn(t, server, await signedInAdmin(server));
    server.clock.advance(30_000);
    const { browser } = await adminLogin(server);
    let page = await browser.get('/admin/login/challenge');
    const wrongCode = code(server, secret) === '123456' ? '654321' : '123456';
    for (let i = 1; i < MAX_CODE_FAILURES; i++) {
      page = await browser.submitForm(page, { code: wrongCode }, MAIN_FORM);
      t.is(page.status, 401);
      t.regex(page.$('#challenge-error').text(), new RegExp(`${MAX_CODE_FAILURES - i} attempts? left`));
    }
    const locked = await browser.submitForm(page, { code: wrongCode }, MAIN_FORM);
    t.is(locked.status, 423);
    t.regex(locked.$('[role=alert]').text(), /locked for 15 minutes/);
    t.is((await browser.get('/admin/domains')).status, 303, 'the pending sign-in was dropped');

    const retry = await adminLogin(server);
    const lockedPage = await retry.browser.get('/admin/login/challenge');
    t.is(lockedPage.$('#code').length, 0, 'no code field while locked');
    t.regex(lockedPage.text, /Recovery codes wait too/);
    const token = lockedPage.$('input[name=_csrf]').first().val() as string;
    const refused = await retry.browser.post('/admin/login/challenge', { _csrf: token, code: code(server, secret) });
    t.is(refused.status, 423);
    t.regex(refused.$('#challenge-error').text(), /locked until .+, in 15 minutes/);
    server.clock.advance(FIRST_LOCK_MS);
    const passed = await retry.browser.submit('/admin/login/challenge', { code: code(server, secret) }, MAIN_FORM);
    t.is(passed.status, 303);
    t.true((await listAudit(server.testDb.db, { subject: 'admin', event: 'challenge.locked', limit: 1 })).length === 1);
  }));

test('a recovery code signs in once; bad answers are 4xx with the message', (t) =>
  withServer(async (server) => {
    const { codes } = await turnOn(t, server, await signedInAdmin(server));
    const { browser } = await adminLogin(server);
    const recovery = await browser.get('/admin/login/challenge?mode=recovery');
    t.is(recovery.$('input[name=recoveryCode]').length, 1);
    for (const fields of [{ code: '' }, { code: '12345' }, { code: 'x'.repeat(10_000) }]) {
      t.is((await browser.submit('/admin/login/challenge', fields, MAIN_FORM)).status, 400);
    }
    t.is((await browser.submitForm(recovery, { recoveryCode: 'nope' }, MAIN_FORM)).status, 400);
    const ok = await browser.submitForm(recovery, { recoveryCode: codes[0] }, MAIN_FORM);
    t.is(ok.status, 303);
    t.regex((await browser.follow(ok)).$('.flash.ok').text(), /9 recovery codes left/);
    const other = await adminLogin(server);
    const again = await other.browser.submit('/admin/login/challenge?mode=recovery', { recoveryCode: codes[0] }, MAIN_FORM);
    t.is(again.status, 401, 'a used recovery code counts as wrong');
  }));

test('mandatory for administrators: an unpaired admin pairs right after the password, then reaches WebAdmin', (t) =>
  withServer(async (server) => {
    await updateServerSettings(server.testDb.db, { adminTwoFactorMandatory: true });
    server.app.deps.settings.invalidate();
    const { browser, page } = await adminLogin(server);
    t.is(page.location, '/admin/login/setup');
    t.is((await browser.get('/admin/domains')).location, '/admin/login/setup');
    t.is((await browser.get('/admin/me')).location, '/admin/login/setup');
    const intro = await browser.get('/admin/login/setup');
    t.regex(intro.$('[role=dialog]').text(), /mandatory for administrators/);
    t.is(intro.$('[role=dialog] form[action="/admin/logout"]').length, 1, 'the only other way out is signing out');
    const pair = await browser.get(intro.$('[role=dialog] a.button').attr('href')!);
    const secret = pair.$('#secret-key').text().replace(/\s+/g, '');
    const done = await browser.submitForm(pair, { code: code(server, secret) }, MAIN_FORM);
    t.is(done.location, '/admin/me/two-factor/codes');
    t.is((await browser.get('/admin/me/two-factor/codes')).$('#recovery-codes li').length, 10);
    t.is((await browser.get('/admin/domains')).status, 200);
  }));

test('revoking all devices turns it off, or, when mandatory, sends the admin back to set-up at once', (t) =>
  withServer(async (server) => {
    const admin = await signedInAdmin(server);
    await turnOn(t, server, admin);
    const confirm = await admin.get('/admin/me/two-factor/revoke');
    t.is((await admin.submitForm(confirm, { password: 'wrong-password' }, MAIN_FORM)).status, 401);
    t.true((await findAdminByName(server.testDb.db, 'admin'))!.state.configured);
    const revoked = await admin.submitForm(confirm, { password: 'admin-password-1' }, MAIN_FORM);
    t.is(revoked.location, '/admin/me');
    t.false((await findAdminByName(server.testDb.db, 'admin'))!.state.configured);
    t.regex((await admin.get('/admin/me')).$('.flash.ok').text(), /off/);
    t.is((await adminLogin(server)).page.location, '/admin', 'no challenge any more');

    await turnOn(t, server, admin);
    await updateServerSettings(server.testDb.db, { adminTwoFactorMandatory: true });
    server.app.deps.settings.invalidate();
    const again = await admin.submit('/admin/me/two-factor/revoke', { password: 'admin-password-1' }, MAIN_FORM);
    t.is(again.location, '/admin/login/setup');
    t.is((await admin.get('/admin/domains')).location, '/admin/login/setup');
  }));

test('changing my own password needs the current one', (t) =>
  withServer(async (server) => {
    const admin = await signedInAdmin(server);
    const wrong = await admin.submit('/admin/me', { currentPassword: 'nope', password: 'new-password-1', confirmPassword: 'new-password-1' }, MAIN_FORM);
    t.is(wrong.status, 400);
    t.regex(wrong.$('#f-currentPassword-error').text(), /not correct/);
    t.is((await admin.submit('/admin/me', { currentPassword: 'admin-password-1', password: 'new-password-1', confirmPassword: 'other' }, MAIN_FORM)).status, 400);
    t.is((await admin.submit('/admin/me', { currentPassword: 'admin-password-1', password: 'short', confirmPassword: 'short' }, MAIN_FORM)).status, 400);
    const ok = await admin.submit('/admin/me', { currentPassword: 'admin-password-1', password: 'new-password-1', confirmPassword: 'new-password-1' }, MAIN_FORM);
    t.is(ok.status, 303);
    t.is((await admin.get('/admin/me')).status, 200, 'this session stays signed in');
    t.is((await adminLogin(server)).page.status, 401);
    t.is((await adminLogin(server, 'admin', 'new-password-1')).page.status, 303);
  }));
