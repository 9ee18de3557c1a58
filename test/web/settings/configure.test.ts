import test from 'ava';
import { recoveryCodeMatches } from '../../../src/core/recovery-codes.js';
import { listAudit } from '../../../src/repos/audit.js';
import { unusedRecoveryCodes } from '../../../src/repos/recovery-codes.js';
import { getTwoFactorState } from '../../../src/repos/two-factor.js';
import { applyAccountChanges } from '../../../src/services/accounts.js';
import { Browser, type TestServer } from '../../helpers/http.js';
import { TEST_ADMIN } from '../../helpers/services.js';
import { logIn } from '../webmail/helpers.js';
import { codeFor, MAIN_FORM, reverify, shownKey, signedIn, turnOn, withServer } from './helpers.js';

async function configured(server: TestServer) {
  const signed = await signedIn(server, 'enabled');
  const { key, codes } = await turnOn(server, signed.browser);
  await signed.browser.get('/settings/two-step/codes/done');
  return { ...signed, key, codes, subject: { kind: 'account' as const, id: signed.user.account.id } };
}

test('Configure asks for the password again after a few minutes, and is refused while 2-Step Verification is off', withServer(async (t, server) => {
  const { browser: off } = await signedIn(server, 'enabled', { name: 'bob' });
  t.is((await off.get('/settings/two-step')).location, '/settings');
  t.is((await off.get('/settings/two-step/revoke')).location, '/settings');
  const { browser } = await configured(server);
  t.is((await browser.get('/settings/two-step')).status, 200, 'the password given to turn on still counts');
  server.clock.advance(5 * 60_000);
  const later = await browser.get('/settings/two-step');
  t.is(later.status, 303);
  t.is(later.location, '/settings/two-step/verify?next=configure');
  const posted = await browser.get('/settings/two-step/regenerate');
  t.is(posted.location, '/settings/two-step/verify?next=configure');
  const verified = await reverify(browser, 'configure');
  t.is(verified.location, '/settings/two-step');
  const page = await browser.get('/settings/two-step');
  t.is(page.$('h1').text(), 'Configure 2-Step Verification');
  t.deepEqual(page.$('main a.button').map((_, el) => page.$(el).text()).get(), ['Add device', 'Regenerate recovery codes', 'Revoke all devices']);
  t.regex(page.$('main').text(), /10 recovery codes left/);
}));

test('Add device shows the same key again; the optional check reports success and keeps the key working', withServer(async (t, server) => {
  const { browser, user, key, subject } = await configured(server);
  const before = await getTwoFactorState(server.testDb.db, subject);
  const page = await browser.get('/settings/two-step/add-device');
  t.is(page.status, 200);
  t.is(shownKey(page), key);
  t.is(new URL(page.$('a[href^="otpauth://"]').attr('href')!).searchParams.get('secret'), key);
  t.is(page.$('.qr svg[role=img]').length, 1);
  const wrong = await browser.submitForm(page, { code: '000000' === codeFor(server, key) ? '111111' : '000000' }, MAIN_FORM);
  t.is(wrong.status, 400);
  t.regex(wrong.$('main .field-error').text(), /not correct/);
  const malformed = await browser.submitForm(page, { code: 'abc' }, MAIN_FORM);
  t.is(malformed.status, 400);
  const csrf = page.$('main input[name=_csrf]').attr('value')!;
  t.is((await browser.post('/settings/two-step/add-device', { _csrf: csrf, code: ['123456', '123456'] })).status, 400);
  t.is((await browser.post('/settings/two-step/add-device', { code: '123456' })).status, 403);
  server.clock.advance(30_000);
  const code = codeFor(server, key);
  const ok = await browser.submitForm(page, { code }, MAIN_FORM);
  t.is(ok.status, 303);
  t.is(ok.location, '/settings/two-step');
  t.regex((await browser.get('/settings/two-step')).$('.flash.ok').text(), /right code/);
  t.deepEqual(await getTwoFactorState(server.testDb.db, subject), before);
  t.is((await listAudit(server.testDb.db, { event: 'device.added', limit: 5 })).length, 1);
  const fresh = new Browser(server.url);
  await logIn(fresh, user.address);
  const signedIn2 = await fresh.submit('/login/verify', { code }, MAIN_FORM);
  t.is(signedIn2.location, '/mail', 'the existing key still signs in, even with the code just checked');
}));

test('Regenerate recovery codes: a confirmation, new codes shown once, old ones stop working', withServer(async (t, server) => {
  const { browser, codes, subject, user } = await configured(server);
  const confirm = await browser.get('/settings/two-step/regenerate');
  t.is(confirm.$('h1').text(), 'Regenerate recovery codes');
  t.is(confirm.$('main a:contains("Cancel")').attr('href'), '/settings/two-step');
  const noToken = await browser.post('/settings/two-step/regenerate', {});
  t.is(noToken.status, 403);
  const stored = (await unusedRecoveryCodes(server.testDb.db, subject)).map((r) => r.hash);
  t.true(codes.every((code) => stored.some((hash) => recoveryCodeMatches(hash, code))), 'a refused POST changes nothing');
  const done = await browser.submitForm(confirm, {}, MAIN_FORM);
  t.is(done.location, '/settings/two-step/codes');
  const page = await browser.get('/settings/two-step/codes');
  t.is(page.$('h1').text(), 'Your new recovery codes');
  const fresh = page.$('#recovery-codes code').map((_, el) => page.$(el).text()).get();
  t.is(fresh.length, 10);
  const now = (await unusedRecoveryCodes(server.testDb.db, subject)).map((r) => r.hash);
  t.false(codes.some((code) => now.some((hash) => recoveryCodeMatches(hash, code))));
  t.is((await browser.get(page.$('a:contains("I have saved these codes")').attr('href')!)).location, '/settings/two-step');
  const old = new Browser(server.url);
  await logIn(old, user.address);
  const refused = await old.submit('/login/verify/recovery', { recoveryCode: codes[0] }, MAIN_FORM);
  t.is(refused.status, 401, 'a code of the old set no longer signs in');
  const renewed = await old.submit('/login/verify/recovery', { recoveryCode: fresh[0] }, MAIN_FORM);
  t.is(renewed.location, '/mail');
}));

test('Revoke all devices (optional): confirmation, key and codes gone, other sessions signed out, next login not challenged', withServer(async (t, server) => {
  const { browser, user, subject, key } = await configured(server);
  const other = new Browser(server.url);
  await logIn(other, user.address);
  server.clock.advance(30_000);
  t.is((await other.submit('/login/verify', { code: codeFor(server, key) }, MAIN_FORM)).location, '/mail');
  t.is((await other.get('/mail')).status, 200);
  t.is((await browser.post('/settings/two-step/revoke', { _csrf: 'forged' })).status, 403);
  t.true((await getTwoFactorState(server.testDb.db, subject))!.configured, 'a forged POST changes nothing');
  const confirm = await browser.get('/settings/two-step/revoke');
  t.is(confirm.$('h1').text(), 'Revoke all devices');
  t.regex(confirm.text, /2-Step Verification will then be off/);
  const done = await browser.submitForm(confirm, {}, MAIN_FORM);
  t.is(done.status, 303);
  t.is(done.location, '/settings');
  const settings = await browser.get('/settings');
  t.regex(settings.$('.flash.ok').text(), /All devices were revoked/);
  t.is(settings.$('#two-step a.button').text(), 'Turn on');
  t.like(await getTwoFactorState(server.testDb.db, subject), { configured: false, secretSealed: null });
  t.is((await unusedRecoveryCodes(server.testDb.db, subject)).length, 0);
  t.is((await other.get('/mail')).location, '/login?revoked=1', 'the other session was signed out, and is told why');
  t.is((await browser.get('/mail')).status, 200, 'this session stays');
  const next = new Browser(server.url);
  t.is((await logIn(next, user.address)).location, '/mail');
  const subjects = (await browser.get('/mail')).text;
  t.regex(subjects, /All devices were revoked/);
  t.regex(subjects, /2-Step Verification is off/);
}));

test('Revoke all devices (mandatory): straight back into the set-up dialog', withServer(async (t, server) => {
  const { browser, user } = await configured(server);
  await applyAccountChanges(server.app.deps.services, TEST_ADMIN, user.domain, 'alice', [{ op: 'setTwoFactor', value: 'mandatory' }]);
  const confirm = await browser.get('/settings/two-step/revoke');
  t.regex(confirm.text, /set it up again at once/);
  const done = await browser.submitForm(confirm, {}, MAIN_FORM);
  t.is(done.location, '/setup');
  t.is((await browser.get('/mail')).location, '/setup', 'nothing else is reachable');
  const setup = await browser.get('/setup');
  t.is(setup.status, 200);
  t.is(setup.$('[role=dialog] a:contains("Get Started")').attr('href'), '/setup/pair');
}));
