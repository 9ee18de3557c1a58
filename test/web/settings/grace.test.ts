import test from 'ava';
import { applyAccountChanges } from '../../../src/services/accounts.js';
import { Browser } from '../../helpers/http.js';
import { TEST_ADMIN } from '../../helpers/services.js';
import { logIn, makeAccount, sessionId } from '../webmail/helpers.js';
import { withServer } from './helpers.js';

/** A mandatory account with `days` allowed to set up, signed in: its browser and where the login sent it. */
async function graceUser(server: Parameters<Parameters<typeof withServer>[0]>[1], days: number) {
  const user = await makeAccount(server, { setting: 'mandatory' });
  await applyAccountChanges(server.app.deps.services, TEST_ADMIN, user.domain, 'alice', [{ op: 'setGraceDays', value: days }]);
  const browser = new Browser(server.url);
  const landing = await logIn(browser, user.address);
  return { user, browser, landing };
}

const DIALOG = '.overlay [role=dialog]';

test('in the grace period the set-up dialog offers "Not now" with the deadline; it leads to the mailbox with a new session id', withServer(async (t, server) => {
  const { browser, landing } = await graceUser(server, 14);
  t.is(landing.location, '/setup');
  const page = await browser.get('/setup');
  t.is(page.status, 200);
  t.regex(page.$('#setup-later').text(), /^You can put this off until 12 December 2026, 09:00 UTC/);
  t.deepEqual(page.$(`${DIALOG} form button`).map((_, b) => page.$(b).text()).get(), ['Not now', 'Sign out']);
  const before = sessionId(browser);
  const later = await browser.submitForm(page, {}, `${DIALOG} form[action="/setup/later"]`);
  t.is(later.status, 303);
  t.is(later.location, '/mail');
  t.not(sessionId(browser), before, 'a new session id when the session becomes a full one');
  const mail = await browser.get('/mail');
  t.is(mail.status, 200);
  t.regex(mail.$('.flash').text(), /by 12 December 2026, 09:00 UTC/);
  const settings = await browser.get('/settings');
  t.regex(settings.text, /You can put this off until 12 December 2026/);
  t.is(settings.$('a:contains("Turn on")').length, 1, 'the user can set it up from Settings meanwhile');
}));

test('after the deadline an open session ends, and the next sign-in forces the set-up: no "Not now", and posting it is refused', withServer(async (t, server) => {
  const { browser, user } = await graceUser(server, 2);
  const page = await browser.get('/setup');
  await browser.submitForm(page, {}, `${DIALOG} form[action="/setup/later"]`);
  t.is((await browser.get('/mail')).status, 200);
  // An administrator brings the deadline to within the session's idle timeout.
  const soon = server.clock.now() + 10 * 60_000;
  await applyAccountChanges(server.app.deps.services, TEST_ADMIN, user.domain, 'alice', [{ op: 'setSetupDeadline', value: soon }]);
  server.clock.advance(10 * 60_000 - 1);
  t.is((await browser.get('/mail')).status, 200, 'still in the grace period');
  server.clock.advance(1);
  const ended = await browser.get('/mail');
  t.is(ended.status, 303);
  t.is(ended.location, '/login?required=1');
  t.is((await logIn(browser, user.address)).location, '/setup');
  const forced = await browser.get('/setup');
  t.is(forced.$('#setup-later').length, 0);
  t.deepEqual(forced.$(`${DIALOG} form button`).map((_, b) => forced.$(b).text()).get(), ['Sign out']);
  const token = forced.$('input[name=_csrf]').first().attr('value')!;
  const refused = await browser.post('/setup/later', { _csrf: token });
  t.is(refused.status, 403);
  t.regex(refused.$('[role=alert]').text(), /time allowed .* is over/);
  t.is((await browser.get('/mail')).location, '/setup', 'still in set-up');
}));

test('without days allowed there is no "Not now" and the post is refused; without a CSRF token it is 403 and changes nothing', withServer(async (t, server) => {
  const { browser } = await graceUser(server, 0);
  const page = await browser.get('/setup');
  t.is(page.$('#setup-later').length, 0);
  const noToken = await browser.post('/setup/later', {});
  t.is(noToken.status, 403);
  const token = page.$('input[name=_csrf]').first().attr('value')!;
  t.is((await browser.post('/setup/later', { _csrf: token })).status, 403);
  t.is((await browser.get('/mail')).location, '/setup');
}));

test('mobile WebMail offers "Not now" too, and it leads to the mobile mailbox', withServer(async (t, server) => {
  const user = await makeAccount(server, { setting: 'mandatory' });
  await applyAccountChanges(server.app.deps.services, TEST_ADMIN, user.domain, 'alice', [{ op: 'setGraceDays', value: 5 }]);
  const browser = new Browser(server.url);
  t.is((await logIn(browser, user.address, undefined, '/m/login')).location, '/m/setup');
  const page = await browser.get('/m/setup');
  t.regex(page.$('#setup-later').text(), /put this off until/);
  const later = await browser.submitForm(page, {}, 'form[action="/m/setup/later"]');
  t.is(later.location, '/m/mail');
  t.is((await browser.get('/m/mail')).status, 200);
}));
