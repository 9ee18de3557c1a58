import test from 'ava';
import { recoveryCodeMatches } from '../../../src/core/recovery-codes.js';
import { listAudit } from '../../../src/repos/audit.js';
import { unusedRecoveryCodes } from '../../../src/repos/recovery-codes.js';
import { getTwoFactorState } from '../../../src/repos/two-factor.js';
import { applyAccountChanges } from '../../../src/services/accounts.js';
import { Browser, type TestServer } from '../../helpers/http.js';
import { TEST_ADMIN } from '../../helpers/services.js';
import { logIn } from '../webmail/helpers.js';
import { codeFor, configured, MAIN_FORM, reverify, shownKey, signedIn, turnOn, withServer } from './helpers.js';

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

test('Add device pairs a second app with its own key and name; both sign in; Remove (confirmed) ends only that one', withServer(async (t, server) => {
  const { browser, user, key } = await configured(server);
  const page = await browser.get('/settings/two-step/add-device');
  t.is(page.status, 200);
  const second = shownKey(page);
  t.not(second, key, 'a new key of its own');
  t.is(new URL(page.$('a[href^="otpauth://"]').attr('href')!).searchParams.get('secret'), second);
  t.is(page.$('.qr svg[role=img]').length, 1);
  t.is(page.$('input[name=deviceName]').attr('required'), 'required');
  const wrong = await browser.submitForm(page, { deviceName: 'Work phone', code: '000000' === codeFor(server, second) ? '111111' : '000000' }, MAIN_FORM);
  t.is(wrong.status, 400);
  t.regex(wrong.$('#code-error').text(), /not correct/);
  t.is(shownKey(wrong), second, 'the same new key is shown again');
  const unnamed = await browser.submitForm(page, { deviceName: '  ', code: codeFor(server, second) }, MAIN_FORM);
  t.is(unnamed.status, 400);
  t.regex(unnamed.$('#device-name-error').text(), /Give the device a name/);
  t.is((await browser.post('/settings/two-step/add-device', { deviceName: 'Work phone', code: '123456' })).status, 403);
  const added = await browser.submitForm(page, { deviceName: 'Work phone', code: codeFor(server, second) }, MAIN_FORM);
  t.is(added.status, 303);
  t.is(added.location, '/settings/two-step');
  const listed = await browser.get('/settings/two-step');
  t.is(listed.$('.flash.ok').text().trim(), 'The device "Work phone" was added. Its codes now pass 2-Step Verification.');
  t.deepEqual(listed.$('#devices tbody td[data-label=Name]').map((_, el) => listed.$(el).text().trim()).get(), ['Authenticator app', 'Work phone']);
  t.is((await listAudit(server.testDb.db, { event: 'device.added', limit: 5 })).length, 1);

  server.clock.advance(30_000);
  for (const secret of [key, second]) {
    const fresh = new Browser(server.url);
    await logIn(fresh, user.address);
    t.is((await fresh.submit('/login/verify', { code: codeFor(server, secret) }, MAIN_FORM)).location, '/mail', 'each app signs in');
  }

  const removeLink = listed.$('#devices a[aria-label="Remove Work phone"]').attr('href')!;
  const confirm = await browser.get(removeLink);
  t.is(confirm.$('h1').text(), 'Remove "Work phone"?');
  t.is((await browser.post(removeLink, {})).status, 403);
  const removed = await browser.submitForm(confirm, {}, 'main form');
  t.is(removed.status, 303);
  const after = await browser.get('/settings/two-step');
  t.regex(after.$('.flash.ok').text(), /"Work phone" was removed/);
  t.is(after.$('#devices tbody tr').length, 1);
  t.is(after.$('#devices a:contains("Remove")').length, 0, 'the only device goes only with Revoke all devices');
  server.clock.advance(30_000);
  const fresh = new Browser(server.url);
  await logIn(fresh, user.address);
  const refused = await fresh.submit('/login/verify', { code: codeFor(server, second) }, MAIN_FORM);
  t.is(refused.status, 401, 'a code of the removed device is refused');
  t.is((await fresh.submit('/login/verify', { code: codeFor(server, key) }, MAIN_FORM)).location, '/mail', 'the other still signs in');
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
  t.like(await getTwoFactorState(server.testDb.db, subject), { configured: false, hasKey: false });
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
