import test from 'ava';
import { listAudit } from '../../../src/repos/audit.js';
import { requireAccount } from '../../../src/services/accounts.js';
import { accountPairingTarget } from '../../../src/services/pairing.js';
import { finishKeyRegistration, startKeyRegistration } from '../../../src/services/security-keys.js';
import { Browser, type Page, type TestServer } from '../../helpers/http.js';
import { TEST_ADMIN } from '../../helpers/services.js';
import { SoftAuthenticator } from '../../helpers/soft-authenticator.js';
import { withServer } from '../settings/helpers.js';
import { allowTrustDays } from '../../helpers/trust-days.js';
import { answer, codeNow, logIn, makeAccount } from './helpers.js';

const CHALLENGE = '/login/verify';
const OPTIONS = '/login/verify/security-key/options';
const ANSWER = '/login/verify/security-key';

/** Alice (paired app) with a software security key registered for the test server's host. */
async function aliceWithKey(server: TestServer) {
  const user = await makeAccount(server, { setting: 'enabled', paired: true });
  const services = server.app.deps.services;
  const target = await accountPairingTarget(services, await requireAccount(services, user.domain, 'alice'));
  const place = { rpId: '127.0.0.1', origin: server.url, rpName: 'Twostep' };
  const key = new SoftAuthenticator();
  const { options, pending } = await startKeyRegistration(services, target, place);
  await finishKeyRegistration(services, TEST_ADMIN, target, pending, place, 'YubiKey', key.register(options.challenge, place));
  return { user, key, place };
}

/** Signs in with the password and asks for sign-in options as the challenge page's script does. */
async function startSignIn(server: TestServer, address: string) {
  const browser = new Browser(server.url);
  const page: Page = await logIn(browser, address).then(() => browser.get(CHALLENGE));
  const token = page.$('#security-key-signin input[name=_csrf]').attr('value')!;
  const reply = await browser.request('POST', OPTIONS, undefined, { 'x-csrf-token': token });
  return { browser, page, token, reply, options: reply.status === 200 ? JSON.parse(reply.text).options : null };
}

test('the challenge of an account with a key offers "Use your security key" to script only, under a CSP allowing the product\'s script; the code field works as before', withServer(async (t, server) => {
  const { user } = await aliceWithKey(server);
  const { browser, page } = await startSignIn(server, user.address);
  t.regex(page.headers.get('content-security-policy')!, /script-src 'self'/);
  t.is(page.$('script[src]').length, 2);
  t.is(page.$('script:not([src])').length, 0);
  const form = page.$('#security-key-signin');
  t.is(form.attr('hidden'), 'hidden', 'hidden until the script shows it');
  t.is(form.find('button').text().trim(), 'Use your security key');
  t.is(page.$('input[name=code]').attr('autocomplete'), 'one-time-code');
  const passed = await answer(browser, codeNow(server));
  t.is(passed.location, '/mail', 'the code still passes');
}));

test('an account without a key keeps script-src none on its challenge and loads no script', withServer(async (t, server) => {
  const user = await makeAccount(server, { setting: 'enabled', paired: true });
  const browser = new Browser(server.url);
  await logIn(browser, user.address);
  const page = await browser.get(CHALLENGE);
  t.notRegex(page.headers.get('content-security-policy')!, /script-src/);
  t.regex(page.headers.get('content-security-policy')!, /default-src 'none'/);
  t.is(page.$('script').length, 0);
  t.is(page.$('#security-key-signin').length, 0);
  const token = page.$('input[name=_csrf]').first().attr('value')!;
  const reply = await browser.request('POST', OPTIONS, undefined, { 'x-csrf-token': token });
  t.is(reply.status, 404);
  t.regex(JSON.parse(reply.text).error, /no security key/);
}));

test('signing in with the key: options name only its keys, the answer reaches the mailbox; the same answer again is refused', withServer(async (t, server) => {
  const { user, key, place } = await aliceWithKey(server);
  const { browser, token, reply, options } = await startSignIn(server, user.address);
  t.is(reply.status, 200);
  t.is(options.rpId, '127.0.0.1');
  t.is(options.allowCredentials.length, 1);
  t.is(options.userVerification, 'preferred');
  const credential = key.signIn(options.challenge, place);
  const passed = await browser.post(ANSWER, { _csrf: token, credential });
  t.is(passed.status, 303);
  t.is(passed.location, '/mail');
  t.is((await browser.get('/mail')).status, 200);
  const [event] = await listAudit(server.testDb.db, { event: 'challenge.succeeded', limit: 1 });
  t.regex(event.detail ?? '', /security key "YubiKey" accepted, sign counter 1/);

  // A second sign-in replays the first answer: its challenge was used.
  const again = await startSignIn(server, user.address);
  const replayed = await again.browser.post(ANSWER, { _csrf: again.token, credential });
  t.is(replayed.status, 401, 'another challenge is pending: the old answer does not match it');
  const twice = await again.browser.post(ANSWER, { _csrf: again.token, credential: key.signIn(again.options.challenge, place) });
  t.is(twice.status, 400, 'the pending request went with the refused answer');
  t.regex(twice.$('#challenge-error').text(), /expired or was already answered/);
}));

test('the key\'s answer from a wrong origin is refused and counted like a wrong code; without a pending sign-in nothing is offered', withServer(async (t, server) => {
  const { user, key } = await aliceWithKey(server);
  const { browser, token, options } = await startSignIn(server, user.address);
  const evil = await browser.post(ANSWER, { _csrf: token, credential: key.signIn(options.challenge, { rpId: '127.0.0.1', origin: 'http://evil.example' }) });
  t.is(evil.status, 401);
  t.regex(evil.$('#challenge-error').text(), /security key was not accepted\. 4 attempts left/);
  const [failed] = await listAudit(server.testDb.db, { event: 'challenge.failed', limit: 1 });
  t.regex(failed.detail ?? '', /security key "YubiKey" .*refused/);

  const anonymous = new Browser(server.url);
  const login = await anonymous.get('/login');
  const refused = await anonymous.request('POST', OPTIONS, undefined, { 'x-csrf-token': login.$('input[name=_csrf]').attr('value')! });
  t.is(refused.status, 303, 'no session: to the sign-in');
  t.is((await anonymous.post(ANSWER, { _csrf: login.$('input[name=_csrf]').attr('value')!, credential: '{}' })).status, 303);
}));

test('a key added under another WebMail host name is not offered here: the challenge asks for the code and loads no script', withServer(async (t, server) => {
  const user = await makeAccount(server, { setting: 'enabled', paired: true });
  const services = server.app.deps.services;
  const target = await accountPairingTarget(services, await requireAccount(services, user.domain, 'alice'));
  const elsewhere = { rpId: 'mail.example.com', origin: 'https://mail.example.com', rpName: 'Twostep' };
  const { options, pending } = await startKeyRegistration(services, target, elsewhere);
  await finishKeyRegistration(services, TEST_ADMIN, target, pending, elsewhere, 'YubiKey', new SoftAuthenticator().register(options.challenge, elsewhere));
  const browser = new Browser(server.url);
  await logIn(browser, user.address);
  const page = await browser.get(CHALLENGE);
  t.is(page.$('#security-key-signin').length, 0);
  t.is(page.$('script').length, 0);
  t.notRegex(page.headers.get('content-security-policy')!, /script-src/);
  const reply = await browser.request('POST', OPTIONS, undefined, { 'x-csrf-token': page.$('input[name=_csrf]').first().attr('value')! });
  t.is(reply.status, 404, 'no key of this host to ask for');
}));

test('Mobile WebMail\'s challenge offers the key too and signs in to the mobile mailbox', withServer(async (t, server) => {
  const { user, key, place } = await aliceWithKey(server);
  const browser = new Browser(server.url);
  await logIn(browser, user.address, undefined, '/m/login');
  const page = await browser.get('/m/login/verify');
  t.regex(page.headers.get('content-security-policy')!, /script-src 'self'/);
  const form = page.$('#security-key-signin');
  t.is(form.attr('action'), '/m/login/verify/security-key');
  const token = form.find('input[name=_csrf]').attr('value')!;
  const reply = await browser.request('POST', form.attr('data-options-url')!, undefined, { 'x-csrf-token': token });
  const passed = await browser.post(form.attr('action')!, { _csrf: token, credential: key.signIn(JSON.parse(reply.text).options.challenge, place) });
  t.is(passed.status, 303);
  t.is(passed.location, '/m/mail');
}));

test('"Don\'t ask again on this browser" counts for a key\'s answer too: the next sign-in on this browser needs the password only', withServer(async (t, server) => {
  const { user, key, place } = await aliceWithKey(server);
  await allowTrustDays(server.testDb.db, 30);
  const { browser, page, token, options } = await startSignIn(server, user.address);
  t.is(page.$('#security-key-signin input[name=trust]').attr('value'), '', 'the key form carries the choice the script copies from the checkbox');
  const passed = await browser.post(ANSWER, { _csrf: token, credential: key.signIn(options.challenge, place), trust: 'yes' });
  t.is(passed.location, '/mail');
  t.truthy(passed.setCookies.find((cookie) => cookie.startsWith('twostep.trust=')));
  await browser.submit('/logout', {}, 'form[action="/logout"]');
  t.is((await logIn(browser, user.address)).location, '/mail');
}));
