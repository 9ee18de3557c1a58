import test from 'ava';
import { listAudit } from '../../../src/repos/audit.js';
import { getTwoFactorState } from '../../../src/repos/two-factor.js';
import { Browser, type Page } from '../../helpers/http.js';
import { logIn, PASSWORD } from '../webmail/helpers.js';
import { codeFor, MAIN_FORM, reverify, shownKey, signedIn, turnOn, withServer } from './helpers.js';

function wrongCode(code: string): string {
  return String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');
}

function fieldError(page: Page): string {
  return page.$('main .field-error').text();
}

test('Get Started asks for the password first; wrong, missing and malformed passwords are refused beside the field', withServer(async (t, server) => {
  const { browser } = await signedIn(server, 'enabled');
  const start = await browser.get('/settings/two-step/pair');
  t.is(start.status, 303);
  t.is(start.location, '/settings/two-step/verify?next=pair');
  const form = await browser.get('/settings/two-step/verify?next=pair');
  t.is(form.$('main input[type=password]').attr('autocomplete'), 'current-password');
  t.is(form.$('main button[type=submit]').text(), 'Next');
  const wrong = await reverify(browser, 'pair', 'not-the-password');
  t.is(wrong.status, 401);
  t.regex(fieldError(wrong), /not correct/);
  t.is(wrong.$('#password').attr('aria-invalid'), 'true');
  const missing = await browser.submitForm(form, { password: '' }, MAIN_FORM);
  t.is(missing.status, 400);
  t.regex(fieldError(missing), /Enter your password/);
  const csrf = form.$('main input[name=_csrf]').attr('value')!;
  const repeated = await browser.post('/settings/two-step/verify', { _csrf: csrf, next: 'pair', password: [PASSWORD, PASSWORD] });
  t.is(repeated.status, 400);
  const huge = await browser.post('/settings/two-step/verify', { _csrf: csrf, next: 'pair', password: 'x'.repeat(10_000) });
  t.is(huge.status, 400);
  const badNext = await browser.post('/settings/two-step/verify', { _csrf: csrf, next: 'elsewhere', password: PASSWORD });
  t.is(badNext.status, 303);
  t.is(badNext.location, '/settings');
  const noToken = await browser.post('/settings/two-step/verify', { next: 'pair', password: PASSWORD });
  t.is(noToken.status, 403);
  t.is((await browser.get('/settings/two-step/pair')).status, 303, 'still not verified');
  const ok = await reverify(browser, 'pair');
  t.is(ok.status, 303);
  t.is(ok.location, '/settings/two-step/pair');
}));

test('wrong passwords at credential verification are throttled like the login', withServer(async (t, server) => {
  const { browser } = await signedIn(server, 'enabled');
  let last: Page | null = null;
  for (let i = 0; i < 6; i++) last = await reverify(browser, 'pair', `wrong-${i}`);
  t.is(last!.status, 429);
  t.regex(fieldError(last!), /Too many wrong passwords/);
  const blocked = await reverify(browser, 'pair');
  t.is(blocked.status, 429, 'even the right password waits');
  server.clock.advance(60_000);
  t.is((await reverify(browser, 'pair')).status, 303);
}));

test('the pairing screen: QR code as named inline SVG, key in groups of four, otpauth link, account and issuer, code field', withServer(async (t, server) => {
  const { browser } = await signedIn(server, 'enabled');
  await reverify(browser, 'pair');
  const page = await browser.get('/settings/two-step/pair');
  t.is(page.status, 200);
  const svg = page.$('.qr svg');
  t.is(svg.attr('role'), 'img');
  t.regex(svg.attr('aria-label')!, /QR code to add alice@example\.com \(Twostep\)/);
  t.is(svg.find('title').text(), svg.attr('aria-label')!);
  t.is(page.$('[style]').length, 0, 'no style attributes under the CSP');
  const grouped = page.$('#secret-key').text();
  t.regex(grouped, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  const link = page.$('a[href^="otpauth://"]');
  t.is(link.text(), 'Open in your authenticator app');
  const uri = new URL(link.attr('href')!);
  t.is(uri.searchParams.get('secret'), shownKey(page));
  t.is(uri.searchParams.get('issuer'), 'Twostep');
  t.is(uri.host, 'totp');
  t.is(decodeURIComponent(uri.pathname), '/Twostep:alice@example.com');
  t.is(page.$('#key-account').text(), 'alice@example.com');
  t.is(page.$('#key-issuer').text(), 'Twostep');
  t.is(page.$('label[for=code]').text(), 'Enter the verification code');
  t.is(page.$('#code').attr('inputmode'), 'numeric');
  t.is(page.$('#code').attr('autocomplete'), 'one-time-code');
  t.is(page.$('main form button[type=submit]').text(), 'Next');
  t.is(page.$('main form a:contains("Cancel")').attr('href'), '/settings');
  const again = await browser.get('/settings/two-step/pair');
  t.is(shownKey(again), shownKey(page), 'reloading keeps the same pending key');
}));

test('a wrong code keeps the pairing screen with an error and nothing switched on; a right one turns it on', withServer(async (t, server) => {
  const { browser, user } = await signedIn(server, 'enabled');
  await reverify(browser, 'pair');
  const page = await browser.get('/settings/two-step/pair');
  const key = shownKey(page);
  for (const [code, message] of [[wrongCode(codeFor(server, key)), /not correct/], ['12ab56', /6-digit/], ['', /6-digit/], ['9'.repeat(10_000), /6-digit/]] as const) {
    const refused = await browser.submitForm(page, { code }, MAIN_FORM);
    t.is(refused.status, 400);
    t.regex(fieldError(refused), message);
    t.is(shownKey(refused), key, 'the same key stays on screen');
    t.is(refused.$('#code').attr('aria-invalid'), 'true');
  }
  const state = await getTwoFactorState(server.testDb.db, { kind: 'account', id: user.account.id });
  t.like(state, { configured: false, hasKey: false });
  const code = codeFor(server, key);
  const done = await browser.submitForm(page, { code: `${code.slice(0, 3)} ${code.slice(3)}` }, MAIN_FORM);
  t.is(done.status, 303);
  t.is(done.location, '/settings/two-step/codes');
  t.true((await getTwoFactorState(server.testDb.db, { kind: 'account', id: user.account.id }))!.configured);
}));

test('abandoning the pairing (Cancel, leaving) keeps the old state; a later start shows a new key', withServer(async (t, server) => {
  const { browser, user } = await signedIn(server, 'enabled');
  await reverify(browser, 'pair');
  const first = await browser.get('/settings/two-step/pair');
  await browser.get('/mail');
  const settings = await browser.get('/settings');
  t.is(settings.$('#two-step a.button').text(), 'Turn on');
  t.like(await getTwoFactorState(server.testDb.db, { kind: 'account', id: user.account.id }), { configured: false, hasKey: false });
  const late = await browser.submitForm(first, { code: codeFor(server, shownKey(first)) }, MAIN_FORM);
  t.is(late.status, 409, 'the abandoned key can no longer be confirmed');
  t.regex(fieldError(late) + late.$('main').text(), /no longer be confirmed/);
  t.not(shownKey(late), shownKey(first));
  t.false((await getTwoFactorState(server.testDb.db, { kind: 'account', id: user.account.id }))!.configured);
}));

test('a pending key expires and cannot be confirmed from another session', withServer(async (t, server) => {
  const { browser, user } = await signedIn(server, 'enabled');
  const other = new Browser(server.url);
  await logIn(other, user.address);
  await reverify(browser, 'pair');
  await reverify(other, 'pair');
  const mine = await browser.get('/settings/two-step/pair');
  const theirs = await other.get('/settings/two-step/pair');
  // The other session posts this session's pairing id and a code from this session's key.
  const stolen = await other.submitForm(theirs, { pairing: mine.$('input[name=pairing]').attr('value')!, code: codeFor(server, shownKey(mine)) }, MAIN_FORM);
  t.is(stolen.status, 409);
  t.false((await getTwoFactorState(server.testDb.db, { kind: 'account', id: user.account.id }))!.configured);
  server.clock.advance(11 * 60_000);
  const late = await browser.submitForm(mine, { code: codeFor(server, shownKey(mine)) }, MAIN_FORM);
  t.is(late.status, 303, 'the password must be given again before a new key is shown');
  t.is(late.location, '/settings/two-step/verify?next=pair');
  t.false((await getTwoFactorState(server.testDb.db, { kind: 'account', id: user.account.id }))!.configured);
}));

test('done: ten recovery codes shown once, downloadable as text, audited; the next login is challenged', withServer(async (t, server) => {
  const { browser, user } = await signedIn(server, 'enabled');
  const { key, codes, codesPage } = await turnOn(server, browser);
  t.is(codes.length, 10);
  t.is(codesPage.$('h1').text(), 'Save your recovery codes');
  t.is((codesPage.$('main').text().match(/2-Step Verification is on/g) ?? []).length, 1, 'it says once that 2-Step Verification is on');
  const download = codesPage.$('a:contains("Download as text file")').attr('href')!;
  const file = await browser.get(download);
  t.is(file.status, 200);
  t.regex(file.headers.get('content-type')!, /^text\/plain/);
  t.regex(file.headers.get('content-disposition')!, /^attachment; filename="recovery-codes.txt"/);
  for (const code of codes) t.true(file.text.includes(code));
  t.regex(file.text, /Twostep recovery codes for alice@example\.com/);
  const back = codesPage.$('a:contains("I have saved these codes")').attr('href')!;
  const leave = await browser.get(back);
  t.is(leave.status, 303);
  t.is(leave.location, '/mail');
  t.is((await browser.get(download)).status, 303, 'the download is gone once left');
  const gone = await browser.get('/settings/two-step/codes');
  t.is(gone.location, '/settings');
  const events = await listAudit(server.testDb.db, { subject: user.address, event: 'two_factor.turned_on', limit: 5 });
  t.is(events.length, 1);
  t.is(events[0].actor.kind, 'user');
  const mail = await browser.get('/mail');
  t.regex(mail.text, /2-Step Verification is on/, 'a security notice reached the mailbox');

  const fresh = new Browser(server.url);
  const login = await logIn(fresh, user.address);
  t.is(login.location, '/login/verify');
  server.clock.advance(30_000);
  const passed = await fresh.submit('/login/verify', { code: codeFor(server, key) }, MAIN_FORM);
  t.is(passed.location, '/mail');
}));

test('a recovery code signs in once and is refused the second time', withServer(async (t, server) => {
  const { browser, user } = await signedIn(server, 'enabled');
  const { codes } = await turnOn(server, browser);
  const first = new Browser(server.url);
  await logIn(first, user.address);
  const recoveryPage = await first.get('/login/verify');
  const link = recoveryPage.$('a:contains("Use a recovery code instead")').attr('href')!;
  const used = await first.submit(link, { recoveryCode: codes[3] }, MAIN_FORM);
  t.is(used.status, 303);
  t.is(used.location, '/mail');
  t.regex((await first.get('/mail')).text, /9 recovery codes left/);
  const second = new Browser(server.url);
  await logIn(second, user.address);
  const refused = await second.submit(link, { recoveryCode: codes[3] }, MAIN_FORM);
  t.true(refused.status >= 400 && refused.status < 500);
  t.regex(refused.$('main').text(), /already used|not correct/);
}));

test('recovery codes waiting to be shown are sealed in the session row, never stored as text', withServer(async (t, server) => {
  const { browser } = await signedIn(server, 'enabled');
  const { codes } = await turnOn(server, browser);
  const rows = await server.testDb.db('sessions').select('data');
  t.true(rows.length > 0);
  for (const { data } of rows) for (const code of codes) t.false(String(data).includes(code));
}));
