import test from 'ava';
import { listAudit } from '../../../src/repos/audit.js';
import { findAccountById } from '../../../src/repos/accounts.js';
import { listAppPasswords } from '../../../src/repos/app-passwords.js';
import { APP_PASSWORD_LIMIT, createAppPassword, matchAppPassword, noteAppPasswordUse } from '../../../src/services/app-passwords.js';
import type { Page, TestServer } from '../../helpers/http.js';
import { TEST_ADMIN } from '../../helpers/services.js';
import { configured, MAIN_FORM, reverify, signedIn, withServer } from './helpers.js';

const GROUPED = /^[a-z]{4} [a-z]{4} [a-z]{4} [a-z]{4}$/;

/** The names the Settings list shows, in order. */
function listedNames(page: Page): string[] {
  return page.$('#app-passwords table.app-passwords tbody tr td:first-child').map((_, el) => page.$(el).text().trim()).get();
}

async function accountOf(server: TestServer, id: number) {
  const account = await findAccountById(server.testDb.db, id);
  if (!account) throw new Error('account gone');
  return account;
}

/** Creates an app password through the screens (the password was re-entered lately); answers the page shown once. */
async function create(browser: Parameters<typeof reverify>[0], name: string): Promise<Page> {
  return browser.submit('/settings/app-passwords/new', { name }, MAIN_FORM);
}

test('With 2-Step Verification off, Settings explains app passwords and offers no way to create one', withServer(async (t, server) => {
  const { browser } = await signedIn(server, 'enabled');
  const page = await browser.get('/settings');
  t.regex(page.$('#app-passwords').text(), /Once it is on, they need an app password/);
  t.is(page.$('#app-passwords a.button').length, 0);
  t.is((await browser.get('/settings/app-passwords/new')).location, '/settings');
  t.is((await browser.get('/settings/two-step/verify?next=app-password')).location, '/settings');
}));

test('Create app password: after the password again, a name, and the password shown once in four groups', withServer(async (t, server) => {
  const { browser, user } = await configured(server);
  const settings = await browser.get('/settings');
  t.is(settings.$('#app-passwords a.button').first().text(), 'Create app password');
  t.is(settings.$('#app-passwords a.button').first().attr('href'), '/settings/app-passwords/new');
  t.regex(settings.$('#app-passwords').text(), /no app passwords/);
  server.clock.advance(5 * 60_000);
  const away = await browser.get('/settings/app-passwords/new');
  t.is(away.location, '/settings/two-step/verify?next=app-password');
  const verify = await browser.get(away.location!);
  t.regex(verify.$('main p').first().text(), /before creating an app password/);
  t.is((await reverify(browser, 'app-password')).location, '/settings/app-passwords/new');

  const form = await browser.get('/settings/app-passwords/new');
  t.is(form.$('h1').text(), 'Create app password');
  t.is(form.$('main label[for=app-password-name]').text(), 'Name');
  const empty = await browser.submitForm(form, { name: '   ' }, MAIN_FORM);
  t.is(empty.status, 400);
  t.regex(empty.$('main .field-error').text(), /Enter a name/);
  const twoLines = await browser.submitForm(form, { name: 'one\ntwo' }, MAIN_FORM);
  t.is(twoLines.status, 400);
  t.is((await browser.post('/settings/app-passwords/new', { name: 'No token' })).status, 403);

  const shown = await browser.submitForm(form, { name: '  Thunderbird   on the laptop ' }, MAIN_FORM);
  t.is(shown.status, 201);
  t.is(shown.headers.get('cache-control'), 'no-store');
  const password = shown.$('#app-password-value').attr('value')!;
  t.regex(password, GROUPED);
  t.is(shown.$('main dd').first().text(), 'Thunderbird on the laptop');
  t.regex(shown.$('main').text(), new RegExp(user.address.replace('.', '\\.')));
  t.deepEqual(shown.$('.how-to dt').map((_, el) => shown.$(el).text()).get(), ['Thunderbird', 'Apple Mail (Mac, iPhone, iPad)', 'Android']);
  t.regex(shown.$('.flash').text(), /shown only now/);

  const account = await accountOf(server, user.account.id);
  const stored = await listAppPasswords(server.testDb.db, account.id);
  t.is(stored.length, 1);
  t.false(stored[0].hash.includes(password.replace(/ /g, '')), 'only a hash is kept');
  t.truthy(await matchAppPassword(server.app.deps.services, account, password.toUpperCase()), 'the shown password is the stored one, spaces and case aside');
  t.is((await listAudit(server.testDb.db, { event: 'app_password.created', limit: 5 })).length, 1);

  const listed = await browser.get('/settings');
  t.deepEqual(listedNames(listed), ['Thunderbird on the laptop']);
  t.regex(listed.$('#app-passwords tbody tr').text(), /Never used/);
  t.false(listed.text.includes(password), 'the list never shows the password again');
  t.is(listed.$('#app-passwords a:contains("Revoke all")').attr('href'), '/settings/app-passwords/revoke-all');

  const again = await create(browser, 'THUNDERBIRD ON THE LAPTOP');
  t.is(again.status, 409);
  t.regex(again.$('main .field-error').text(), /already an app password named/);
  t.is(again.$('#app-password-name').attr('value'), 'THUNDERBIRD ON THE LAPTOP', 'the typed name is kept');
}));

test('The list shows when, how and from where each app password was last used', withServer(async (t, server) => {
  const { browser, user } = await configured(server);
  const services = server.app.deps.services;
  const account = await accountOf(server, user.account.id);
  const { password } = await createAppPassword(services, { kind: 'user', name: user.address, ip: null }, account, 'Phone');
  await createAppPassword(services, { kind: 'user', name: user.address, ip: null }, account, 'Laptop');
  const used = await matchAppPassword(services, account, password);
  await noteAppPasswordUse(services, account, used!, { ip: '198.51.100.7', service: 'imap' });
  const page = await browser.get('/settings');
  t.deepEqual(listedNames(page), ['Phone', 'Laptop']);
  const rows = page.$('#app-passwords tbody tr');
  t.regex(rows.eq(0).find('td[data-label="Last used"]').text(), /IMAP from 198\.51\.100\.7/);
  t.is(rows.eq(1).find('td[data-label="Last used"]').text(), 'Never used');
}));

test('Revoke one app password after a confirmation; the others stay; a gone or foreign one is refused', withServer(async (t, server) => {
  const { browser, user } = await configured(server);
  const services = server.app.deps.services;
  const account = await accountOf(server, user.account.id);
  for (const name of ['Phone', 'Laptop']) await createAppPassword(services, { kind: 'user', name: user.address, ip: null }, account, name);
  const other = await configured(server, { name: 'bob' });
  const bobAccount = await accountOf(server, other.user.account.id);
  await createAppPassword(services, TEST_ADMIN, bobAccount, 'Bob phone');
  const [phone] = await listAppPasswords(server.testDb.db, account.id);
  const [bobs] = await listAppPasswords(server.testDb.db, bobAccount.id);

  const settings = await browser.get('/settings');
  const revokeHref = settings.$('#app-passwords a[aria-label="Revoke Phone"]').attr('href')!;
  t.is(revokeHref, `/settings/app-passwords/${phone.id}/revoke`);
  const confirm = await browser.get(revokeHref);
  t.is(confirm.$('h1').text(), 'Revoke app password');
  t.regex(confirm.$('#confirm-text').text(), /"Phone" will be refused/);
  t.is(confirm.$('main a:contains("Cancel")').attr('href'), '/settings');
  t.is((await browser.post(revokeHref, {})).status, 403, 'no form token, nothing revoked');
  t.is((await listAppPasswords(server.testDb.db, account.id)).length, 2);
  const done = await browser.submitForm(confirm, {}, MAIN_FORM);
  t.is(done.location, '/settings#app-passwords');
  const after = await browser.get('/settings');
  t.regex(after.$('.flash.ok').text(), /"Phone" was revoked/);
  t.deepEqual(listedNames(after), ['Laptop']);
  t.is((await listAudit(server.testDb.db, { event: 'app_password.revoked', limit: 5 })).length, 1);

  const gone = await browser.submitForm(confirm, {}, MAIN_FORM);
  t.is(gone.location, '/settings#app-passwords');
  t.regex((await browser.get('/settings')).$('.flash.error').text(), /no longer exists/);
  const foreign = await browser.get(`/settings/app-passwords/${bobs.id}/revoke`);
  t.is(foreign.location, '/settings#app-passwords');
  await browser.submitForm(confirm, {}, MAIN_FORM);
  const csrf = confirm.$('main input[name=_csrf]').attr('value')!;
  await browser.post(`/settings/app-passwords/${bobs.id}/revoke`, { _csrf: csrf });
  t.is((await listAppPasswords(server.testDb.db, bobAccount.id)).length, 1, 'another account\'s app password stays');
  for (const bad of ['abc', '0', '99999999999999999999', '-1']) {
    const page = await browser.get(`/settings/app-passwords/${bad}/revoke`);
    t.true(page.status === 303 || page.status === 404, `${bad}: ${page.status}`);
  }
}));

test('Revoke all app passwords after a confirmation that says how many', withServer(async (t, server) => {
  const { browser, user } = await configured(server);
  const services = server.app.deps.services;
  const account = await accountOf(server, user.account.id);
  for (const name of ['Phone', 'Laptop', 'Tablet']) await createAppPassword(services, { kind: 'user', name: user.address, ip: null }, account, name);
  const confirm = await browser.get('/settings/app-passwords/revoke-all');
  t.is(confirm.$('h1').text(), 'Revoke all app passwords');
  t.regex(confirm.$('#confirm-text').text(), /All 3 app passwords will stop working/);
  const done = await browser.submitForm(confirm, {}, MAIN_FORM);
  t.is(done.location, '/settings#app-passwords');
  const after = await browser.get('/settings');
  t.regex(after.$('.flash.ok').text(), /3 app passwords were revoked/);
  t.deepEqual(listedNames(after), []);
  t.is(after.$('#app-passwords a:contains("Revoke all")').length, 0);
  t.is((await browser.get('/settings/app-passwords/revoke-all')).location, '/settings#app-passwords', 'nothing left to revoke');
}));

test(`At most ${APP_PASSWORD_LIMIT} app passwords: the button gives way to the reason, and a posted form is refused`, withServer(async (t, server) => {
  const { browser, user } = await configured(server);
  const services = server.app.deps.services;
  const account = await accountOf(server, user.account.id);
  const form = await browser.get('/settings/app-passwords/new');
  for (let i = 1; i <= APP_PASSWORD_LIMIT; i++) await createAppPassword(services, TEST_ADMIN, account, `Device ${i}`);
  const page = await browser.get('/settings');
  t.is(listedNames(page).length, APP_PASSWORD_LIMIT);
  t.is(page.$('#app-passwords a:contains("Create app password")').length, 0);
  t.regex(page.$('#app-passwords .hint').text(), /at most 20 app passwords/);
  const refused = await browser.submitForm(form, { name: 'One more' }, MAIN_FORM);
  t.is(refused.status, 409);
  t.regex(refused.$('main .field-error').text(), /at most 20/);
  t.is((await listAppPasswords(server.testDb.db, account.id)).length, APP_PASSWORD_LIMIT);
}));

test('Mobile WebMail lists the app passwords without ways to change them, and points to the standard WebMail', withServer(async (t, server) => {
  const { browser, user } = await configured(server);
  const account = await accountOf(server, user.account.id);
  await createAppPassword(server.app.deps.services, TEST_ADMIN, account, 'Phone');
  t.regex((await browser.get('/m/mail/folders')).$('main a[href="/m/settings"]').text(), /Settings/);
  const page = await browser.get('/m/settings');
  t.is(page.status, 200);
  t.deepEqual(listedNames(page), ['Phone']);
  t.is(page.$('main form').length, 0, 'no forms but sign-out, which is in the header');
  t.is(page.$('main a:contains("Revoke")').length, 0);
  t.regex(page.$('#app-passwords').text(), /open the standard WebMail on a computer/);
  t.is(page.$('#app-passwords a.button').attr('href'), '/settings#app-passwords');
  const off = await signedIn(server, 'enabled', { name: 'carol' });
  t.regex((await off.browser.get('/m/settings')).$('#app-passwords').text(), /Once it is on, they need an app password/);
}));

test('Turning 2-Step Verification off with Revoke all devices ends the app passwords, and the section says how they come back', withServer(async (t, server) => {
  const { browser, user } = await configured(server);
  const account = await accountOf(server, user.account.id);
  await createAppPassword(server.app.deps.services, TEST_ADMIN, account, 'Phone');
  const confirm = await browser.get('/settings/two-step/revoke');
  await browser.submitForm(confirm, {}, MAIN_FORM);
  t.is((await listAppPasswords(server.testDb.db, account.id)).length, 0);
  const page = await browser.get('/settings');
  t.regex(page.$('#app-passwords').text(), /Once it is on, they need an app password/);
  t.is(page.$('#app-passwords table').length, 0);
}));
