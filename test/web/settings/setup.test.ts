import test from 'ava';
import { getTwoFactorState } from '../../../src/repos/two-factor.js';
import { applyAccountChanges } from '../../../src/services/accounts.js';
import { Browser } from '../../helpers/http.js';
import { TEST_ADMIN } from '../../helpers/services.js';
import { logIn, sessionId } from '../webmail/helpers.js';
import { codeFor, MAIN_FORM, shownKey, signedIn, withServer } from './helpers.js';

test('mandatory: the set-up dialog right after the password, with Get Started and Sign out only', withServer(async (t, server) => {
  const { browser, landing } = await signedIn(server, 'mandatory');
  t.is(landing.location, '/setup');
  const page = await browser.get('/setup');
  t.is(page.status, 200);
  const dialog = page.$('.overlay [role=dialog]');
  t.is(dialog.attr('aria-modal'), 'true');
  t.regex(dialog.text(), /requires 2-Step Verification/);
  t.regex(dialog.text(), /authenticator app/);
  t.is(dialog.find('a:contains("Get Started")').attr('href'), '/setup/pair');
  t.is(dialog.find('form button').text(), 'Sign out');
  t.is(dialog.find('form').attr('action'), '/logout');
  t.is(dialog.find('a:contains("Cancel")').length, 0);
  t.deepEqual(page.$('a').map((_, a) => page.$(a).attr('href')).get(), ['/setup/pair'], 'no link that would only bounce back to set-up');
  t.is(page.$('button:contains("Sign out")').length, 1, 'one Sign out');
  for (const path of ['/mail', '/settings', '/settings/two-step/pair']) {
    t.is((await browser.get(path)).location, '/setup', path);
  }
}));

test('mandatory: Get Started goes straight to pairing; a wrong code stays; the right one renews the session and shows the codes', withServer(async (t, server) => {
  const { browser, user } = await signedIn(server, 'mandatory');
  const page = await browser.get('/setup/pair');
  t.is(page.status, 200, 'no credential verification: the password was just given');
  t.is(page.$('main form a:contains("Cancel")').length, 0);
  t.is(page.$('main form button.link-button').text(), 'Sign out');
  const key = shownKey(page);
  const wrong = await browser.submitForm(page, { code: '12345' }, MAIN_FORM);
  t.is(wrong.status, 400);
  t.is(shownKey(wrong), key);
  t.is((await browser.get('/mail')).location, '/setup', 'still in set-up');
  const before = sessionId(browser);
  const done = await browser.submitForm(page, { code: codeFor(server, key) }, MAIN_FORM);
  t.is(done.status, 303);
  t.is(done.location, '/settings/two-step/codes');
  t.not(sessionId(browser), before, 'a new session id at the step up');
  const codes = await browser.get('/settings/two-step/codes');
  t.is(codes.$('#recovery-codes code').length, 10);
  t.is((await browser.get(codes.$('a:contains("I have saved these codes")').attr('href')!)).location, '/mail');
  t.is((await browser.get('/mail')).status, 200);
  t.is((await browser.get('/setup')).location, '/mail', 'set-up is over');
  t.true((await getTwoFactorState(server.testDb.db, { kind: 'account', id: user.account.id }))!.configured);
  const next = new Browser(server.url);
  t.is((await logIn(next, user.address)).location, '/login/verify');
}));

test('mandatory: signing out leaves set-up; a pending pairing is not kept across logins', withServer(async (t, server) => {
  const { browser, user } = await signedIn(server, 'mandatory');
  const first = await browser.get('/setup/pair');
  const out = await browser.submitForm(first, {}, 'main form:has(button.link-button)');
  t.is(out.location, '/login?signedout=1');
  await logIn(browser, user.address);
  const again = await browser.get('/setup/pair');
  t.not(shownKey(again), shownKey(first));
  const stale = await browser.submitForm(again, { pairing: first.$('input[name=pairing]').attr('value')!, code: codeFor(server, shownKey(first)) }, MAIN_FORM);
  t.is(stale.status, 409);
  t.false((await getTwoFactorState(server.testDb.db, { kind: 'account', id: user.account.id }))!.configured);
}));

test('mandatory set-up ends the session when an administrator lifts the requirement meanwhile', withServer(async (t, server) => {
  const { browser, user } = await signedIn(server, 'mandatory');
  await applyAccountChanges(server.app.deps.services, TEST_ADMIN, user.domain, 'alice', [{ op: 'setTwoFactor', value: 'enabled' }]);
  const page = await browser.get('/setup');
  t.is(page.status, 303);
  t.is(page.location, '/login');
  t.is((await browser.get('/mail')).location, '/login');
}));

test('bad pairing forms: no CSRF token, repeated and oversized fields are refused and change nothing', withServer(async (t, server) => {
  const { browser, user } = await signedIn(server, 'mandatory');
  const page = await browser.get('/setup/pair');
  const code = codeFor(server, shownKey(page));
  const pairing = page.$('input[name=pairing]').attr('value')!;
  t.is((await browser.post('/setup/pair', { pairing, code })).status, 403);
  const csrf = page.$('main input[name=_csrf]').attr('value')!;
  t.is((await browser.post('/setup/pair', { _csrf: csrf, pairing, code: [code, code] })).status, 400);
  t.is((await browser.post('/setup/pair', { _csrf: csrf, pairing: 'p'.repeat(10_000), code })).status, 409);
  t.is((await browser.request('POST', '/setup/pair', `_csrf=${encodeURIComponent(csrf)}&pairing=${pairing}&code=%FF%FE`)).status, 400);
  t.false((await getTwoFactorState(server.testDb.db, { kind: 'account', id: user.account.id }))!.configured);
  t.is((await browser.post('/setup/pair', { _csrf: csrf, pairing: (await browser.get('/setup/pair')).$('input[name=pairing]').attr('value')!, code })).status, 303);
}));

test('a full session never pairs through /setup: it must give its password in Settings', withServer(async (t, server) => {
  const { browser, user } = await signedIn(server, 'enabled');
  await applyAccountChanges(server.app.deps.services, TEST_ADMIN, user.domain, 'alice', [{ op: 'setTwoFactor', value: 'mandatory' }]);
  // Made mandatory while open, the session ends rather than pairing without the password.
  t.is((await browser.get('/setup')).location, '/login?required=1');
  t.is((await browser.get('/setup/pair')).location, '/login');
  t.is((await browser.get('/settings/two-step/pair')).location, '/login');
  t.is((await getTwoFactorState(server.testDb.db, { kind: 'account', id: user.account.id }))!.hasKey, false, 'nothing was paired');
}));
