import test from 'ava';
import { applyAccountChanges } from '../../../src/services/accounts.js';
import { Browser } from '../../helpers/http.js';
import { TEST_ADMIN } from '../../helpers/services.js';
import { logIn } from '../webmail/helpers.js';
import { signedIn, turnOn, withServer } from './helpers.js';

test('Settings needs a full session', withServer(async (t, server) => {
  const page = await new Browser(server.url).get('/settings');
  t.is(page.status, 303);
  t.is(page.location, '/login');
}));

test('General tab, optional and not configured: plain state and "Turn on"', withServer(async (t, server) => {
  const { browser } = await signedIn(server, 'enabled');
  const page = await browser.get('/settings');
  t.is(page.status, 200);
  t.is(page.$('.tabs a[aria-current=page]').text(), 'General');
  const section = page.$('#two-step');
  t.regex(section.find('h2').text(), /2-Step Verification/);
  t.regex(section.text(), /2-Step Verification is off/);
  t.regex(section.text(), /optional, inherited|optional, set on this account/);
  t.is(section.find('a.button').length, 1);
  t.is(section.find('a.button').text(), 'Turn on');
  t.is(section.find('a.button').attr('href'), '/settings/two-step/turn-on');
  t.is(page.$('.overlay').length, 0);
  t.is(page.$('script').length, 0);
}));

test('made mandatory while signed in: the session ends with a notice and the next sign-in leads into set-up; configured offers "Configure"', withServer(async (t, server) => {
  const { browser, user } = await signedIn(server, 'enabled');
  await applyAccountChanges(server.app.deps.services, TEST_ADMIN, user.domain, 'alice', [{ op: 'setTwoFactor', value: 'mandatory' }]);
  const ended = await browser.get('/settings');
  t.is(ended.location, '/login?required=1');
  t.regex((await browser.get(ended.location!)).$('.flash').text(), /now requires 2-Step Verification/);
  t.is((await browser.get('/mail')).location, '/login', 'the old session is gone');
  t.is((await logIn(browser, user.address)).location, '/setup');
  const fresh = new Browser(server.url);
  await applyAccountChanges(server.app.deps.services, TEST_ADMIN, user.domain, 'alice', [{ op: 'setTwoFactor', value: 'enabled' }]);
  t.is((await logIn(fresh, user.address)).location, '/mail');
  await turnOn(server, fresh);
  const page = await fresh.get('/settings');
  const section = page.$('#two-step');
  t.regex(section.text(), /2-Step Verification is on/);
  t.regex(section.text(), /10 recovery codes left/);
  t.deepEqual(section.find('a.button').map((_, el) => page.$(el).text()).get(), ['Configure']);
  t.is(section.find('a.button').attr('href'), '/settings/two-step');
}));

test('General tab, disabled: an explanation and no button, also when a key is still stored', withServer(async (t, server) => {
  const { browser, user } = await signedIn(server, 'disabled');
  const page = await browser.get('/settings');
  t.regex(page.$('#two-step').text(), /not available/);
  t.is(page.$('#two-step a.button').length, 0);
  t.is(page.$('#two-step .badge').text(), 'Not available');
  // A key provisioned while enabled stays stored after the setting goes back to disabled.
  await applyAccountChanges(server.app.deps.services, TEST_ADMIN, user.domain, 'alice', [{ op: 'setTwoFactor', value: 'enabled' }, { op: 'provisionKey', key: 'JBSWY3DPEHPK3PXP' }, { op: 'setTwoFactor', value: 'disabled' }]);
  const again = await browser.get('/settings');
  t.regex(again.$('#two-step').text(), /turned it off/);
  t.is(again.$('#two-step a.button').length, 0);
  const dialog = await browser.get('/settings/two-step/turn-on');
  t.is(dialog.status, 303);
  t.is(dialog.location, '/settings');
  for (const path of ['/settings/two-step', '/settings/two-step/pair', '/settings/two-step/verify?next=configure', '/settings/two-step/add-device']) {
    const refused = await browser.get(path);
    t.is(refused.status, 303, path);
    t.is(refused.location, '/settings', path);
  }
}));

test('"Turn on" opens a dialog over Settings, reachable by URL, with Get Started, Cancel and a close link', withServer(async (t, server) => {
  const { browser } = await signedIn(server, 'enabled');
  const page = await browser.get('/settings/two-step/turn-on');
  t.is(page.status, 200);
  const dialog = page.$('.overlay [role=dialog]');
  t.is(dialog.attr('aria-modal'), 'true');
  t.is(page.$(`#${dialog.attr('aria-labelledby')}`).text(), 'Turn on 2-Step Verification');
  t.regex(dialog.text(), /authenticator app/);
  t.regex(dialog.text(), /Google Authenticator, Microsoft Authenticator, FreeOTP/);
  const focusable = dialog.find('a, button').map((_, el) => page.$(el).attr('aria-label') ?? page.$(el).text().trim()).get();
  t.deepEqual(focusable, ['Get Started', 'Cancel', 'Close']);
  t.is(dialog.find('a:contains("Get Started")').attr('href'), '/settings/two-step/pair');
  t.is(dialog.find('a:contains("Cancel")').attr('href'), '/settings');
  t.is(page.$('[inert] #two-step').length, 1, 'the Settings page stays behind, inert');
}));
