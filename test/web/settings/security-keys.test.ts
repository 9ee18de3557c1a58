import test from 'ava';
import { listAudit } from '../../../src/repos/audit.js';
import { listSecondFactors } from '../../../src/repos/second-factors.js';
import { Browser, type Page } from '../../helpers/http.js';
import { SoftAuthenticator } from '../../helpers/soft-authenticator.js';
import { configured, withServer } from './helpers.js';

const CONFIGURE = '/settings/two-step';
const OPTIONS = '/settings/two-step/security-key/options';
const REGISTER = '/settings/two-step/security-key';

/** The CSRF token of the page's security-key form. */
const tokenOf = (page: Page) => page.$('#security-key-form input[name=_csrf]').attr('value')!;

/** Asks for registration options as the page's script does; answers the reply and its JSON. */
async function options(browser: Browser, page: Page) {
  const reply = await browser.request('POST', OPTIONS, undefined, { 'x-csrf-token': tokenOf(page), accept: 'application/json' });
  return { reply, body: JSON.parse(reply.text) };
}

test('Configure loads the product\'s own script with a CSP allowing only it, and explains without script that keys need JavaScript', withServer(async (t, server) => {
  const { browser } = await configured(server);
  const page = await browser.get(CONFIGURE);
  const csp = page.headers.get('content-security-policy')!;
  t.regex(csp, /script-src 'self'(;|$)/);
  t.notRegex(csp, /unsafe-inline|unsafe-eval/);
  t.deepEqual(page.$('script').map((_, el) => page.$(el).attr('src')!.replace(/\?.*/, '')).get(), ['/static/simplewebauthn-browser.js', '/static/webauthn.js']);
  t.is(page.$('script:not([src])').length, 0, 'no inline script');
  t.is(page.$('#key-title').text(), 'Add a security key or passkey');
  t.regex(page.$('#key-needs-script').text(), /needs JavaScript.*authenticator apps keep working/);
  t.is(page.$('#security-key-form').attr('hidden'), 'hidden', 'the form waits for the script');
  for (const file of ['/static/webauthn.js', '/static/simplewebauthn-browser.js']) {
    const served = await browser.get(file);
    t.is(served.status, 200);
    t.regex(served.headers.get('content-type')!, /^text\/javascript/);
  }
  t.regex((await browser.get('/static/simplewebauthn-browser.js')).text, /SimpleWebAuthnBrowser/);
}));

test('a security key is registered from Configure with its name: options from the server, the answer checked, listed with Remove, audited', withServer(async (t, server) => {
  const { browser, subject } = await configured(server);
  const page = await browser.get(CONFIGURE);
  const { reply, body } = await options(browser, page);
  t.is(reply.status, 200);
  t.is(reply.headers.get('cache-control'), 'no-store');
  t.like(body.options, { rp: { id: '127.0.0.1' }, attestation: 'none', authenticatorSelection: { userVerification: 'preferred' } });
  const key = new SoftAuthenticator();
  const place = { rpId: '127.0.0.1', origin: server.url };
  const added = await browser.post(REGISTER, { _csrf: tokenOf(page), keyName: 'YubiKey', credential: key.register(body.options.challenge, place) });
  t.is(added.status, 303, added.$('#key-error').text());
  t.is(added.location, CONFIGURE);
  const listed = await browser.get(CONFIGURE);
  t.regex(listed.$('.flash.ok').text(), /The security key "YubiKey" was added/);
  const rows = listed.$('#devices tbody tr').map((_, row) => listed.$(row).find('td').slice(0, 2).map((__, td) => listed.$(td).text().trim()).get().join(' / ')).get();
  t.deepEqual(rows, ['Authenticator app / Authenticator app', 'YubiKey / Security key or passkey']);
  t.is(listed.$('a[aria-label="Remove YubiKey"]').length, 1);
  const [event] = await listAudit(server.testDb.db, { event: 'device.added', limit: 1 });
  t.regex(event.detail ?? '', /security key "YubiKey" \(#\d+\) for 127\.0\.0\.1/);

  // The challenge was used once: the same answer again finds none.
  const replayed = await browser.post(REGISTER, { _csrf: tokenOf(page), keyName: 'Again', credential: key.register(body.options.challenge, place) });
  t.is(replayed.status, 400);
  t.regex(replayed.$('#key-error').text(), /expired or was already answered/);
  t.is((await listSecondFactors(server.testDb.db, subject)).length, 2);
}));

test('registration refuses a wrong origin, a missing token, no session and an expired request, adding nothing', withServer(async (t, server) => {
  const { browser, subject } = await configured(server);
  const page = await browser.get(CONFIGURE);
  const key = new SoftAuthenticator();
  const { body } = await options(browser, page);
  const evil = await browser.post(REGISTER, { _csrf: tokenOf(page), keyName: 'Evil', credential: key.register(body.options.challenge, { rpId: '127.0.0.1', origin: 'http://evil.example' }) });
  t.is(evil.status, 400);
  t.regex(evil.$('#key-error').text(), /could not be added/);
  t.is(evil.$('#keyName').attr('value'), 'Evil', 'the name typed stays');

  t.is((await browser.request('POST', OPTIONS)).status, 403, 'no CSRF token');
  const anonymous = new Browser(server.url);
  const login = await anonymous.get('/login');
  const token = login.$('input[name=_csrf]').attr('value')!;
  const refused = await anonymous.request('POST', OPTIONS, undefined, { 'x-csrf-token': token });
  t.is(refused.status, 303, 'no session: to the sign-in');
  t.regex(refused.location ?? '', /^\/login/);

  const late = await options(browser, page);
  server.clock.advance(3 * 60_000);
  const expired = await browser.post(REGISTER, { _csrf: tokenOf(page), keyName: 'Late', credential: key.register(late.body.options.challenge, { rpId: '127.0.0.1', origin: server.url }) });
  t.not(expired.status, 303);
  t.is((await listSecondFactors(server.testDb.db, subject)).length, 1);
}));

test('Remove of a key asks first and ends only the key; the last authenticator app stays while a key is kept', withServer(async (t, server) => {
  const { browser, subject } = await configured(server);
  const page = await browser.get(CONFIGURE);
  const { body } = await options(browser, page);
  await browser.post(REGISTER, { _csrf: tokenOf(page), keyName: 'YubiKey', credential: new SoftAuthenticator().register(body.options.challenge, { rpId: '127.0.0.1', origin: server.url }) });
  const [app, key] = await listSecondFactors(server.testDb.db, subject);
  const confirmApp = await browser.get(`/settings/two-step/devices/${app.id}/remove`);
  const refused = await browser.submitForm(confirmApp, {}, 'main form', `/settings/two-step/devices/${app.id}/remove`);
  t.is(refused.location, CONFIGURE);
  t.regex((await browser.get(CONFIGURE)).$('.flash.error').text(), /last authenticator app stays while you keep security keys/);
  const confirm = await browser.get(`/settings/two-step/devices/${key.id}/remove`);
  t.regex(confirm.$('#confirm-text').text(), /The security key "YubiKey" will stop working/);
  await browser.submitForm(confirm, {}, 'main form', `/settings/two-step/devices/${key.id}/remove`);
  t.regex((await browser.get(CONFIGURE)).$('.flash.ok').text(), /"YubiKey" was removed\. It no longer passes/);
  t.deepEqual((await listSecondFactors(server.testDb.db, subject)).map((one) => one.name), ['Authenticator app']);
  const [event] = await listAudit(server.testDb.db, { event: 'device.removed', limit: 1 });
  t.regex(event.detail ?? '', /"YubiKey"/);
}));
