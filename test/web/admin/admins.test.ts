import test from 'ava';
import { findAdminByName } from '../../../src/repos/admins.js';
import { listAudit } from '../../../src/repos/audit.js';
import { adminLogin, HOSTILE_VALUES, MAIN_FORM, signedInAdmin, threeTests, withServer } from './helpers.js';

const rowNames = (page: Awaited<ReturnType<Awaited<ReturnType<typeof signedInAdmin>>['get']>>) =>
  page.$('tbody tr td:first-child').map((_, el) => page.$(el).text().split(' ')[0]).get();

test('every Administrators screen: anonymous → sign-in, WebMail user → nothing, admin → the content', (t) =>
  withServer(async (server) => {
    await (await signedInAdmin(server)).submit('/admin/admins', { name: 'bob', password: 'bob-password', confirmPassword: 'bob-password' }, MAIN_FORM);
    await threeTests(t, server, '/admin/admins', (page) => t.deepEqual(rowNames(page), ['admin', 'bob']));
    await threeTests(t, server, '/admin/admins/bob/password', (page) => t.is(page.$('h1').text(), 'Change password of bob'));
    await threeTests(t, server, '/admin/admins/bob/remove', (page) => t.is(page.$('h1').text(), 'Remove administrator bob?'));
  }));

test('add an administrator who can then sign in; change their password; remove them', (t) =>
  withServer(async (server) => {
    const admin = await signedInAdmin(server);
    const added = await admin.submit('/admin/admins', { name: 'Bob', password: 'bob-password', confirmPassword: 'bob-password' }, MAIN_FORM);
    t.is(added.status, 303);
    const list = await admin.follow(added);
    t.regex(list.$('.flash.ok').text(), /bob was added/);
    t.is(list.$('tbody tr').eq(1).find('.badge').last().text(), 'off');
    t.is(list.$('tbody tr').eq(0).find('a[href="/admin/admins/admin/remove"]').length, 0, 'the built-in admin offers no removal');

    const bob = await adminLogin(server, 'bob', 'bob-password');
    t.is(bob.page.status, 303);
    t.is((await bob.browser.get('/admin/domains')).status, 200);

    const changed = await admin.submit('/admin/admins/bob/password', { password: 'new-bob-password', confirmPassword: 'new-bob-password' }, MAIN_FORM);
    t.is(changed.status, 303);
    t.is((await bob.browser.get('/admin/domains')).status, 303, 'bob was signed out by the change');
    t.is((await adminLogin(server, 'bob', 'bob-password')).page.status, 401);
    t.is((await adminLogin(server, 'bob', 'new-bob-password')).page.status, 303);

    const remove = await admin.get('/admin/admins/bob/remove');
    const removed = await admin.submitForm(remove, {}, MAIN_FORM);
    t.is(removed.status, 303);
    t.is(await findAdminByName(server.testDb.db, 'bob'), null);
    t.deepEqual((await listAudit(server.testDb.db, { subject: 'bob', limit: 10 })).map((e) => e.event), ['admin.removed', 'signin.failed', 'password.changed', 'signin.succeeded', 'admin.created'], 'his sign-ins are in the log too');
  }));

test('the built-in admin cannot be removed, and no admin can remove themselves', (t) =>
  withServer(async (server) => {
    const admin = await signedInAdmin(server);
    await admin.submit('/admin/admins', { name: 'bob', password: 'bob-password', confirmPassword: 'bob-password' }, MAIN_FORM);
    const builtin = await admin.get('/admin/admins/admin/remove');
    t.is(builtin.status, 403);
    t.regex(builtin.$('[role=alert]').text(), /built-in administrator admin cannot be removed/);
    const token = builtin.$('input[name=_csrf]').attr('value') ?? (await admin.get('/admin/admins')).$('input[name=_csrf]').attr('value')!;
    t.is((await admin.post('/admin/admins/admin/remove', { _csrf: token })).status, 403);
    const { browser: bob } = await adminLogin(server, 'bob', 'bob-password');
    const self = await bob.get('/admin/admins/bob/remove');
    t.is(self.status, 403);
    t.regex(self.$('[role=alert]').text(), /cannot remove yourself/);
    const bobToken = (await bob.get('/admin/admins')).$('input[name=_csrf]').attr('value')!;
    t.is((await bob.post('/admin/admins/bob/remove', { _csrf: bobToken })).status, 403);
    t.truthy(await findAdminByName(server.testDb.db, 'bob'));
    t.truthy(await findAdminByName(server.testDb.db, 'admin'));
    t.is((await admin.get('/admin/admins/nobody/remove')).status, 404);
  }));

test('administrator forms refuse bad input beside the field with a 4xx', (t) =>
  withServer(async (server) => {
    const admin = await signedInAdmin(server);
    const cases: [Record<string, string | string[]>, string, RegExp, number][] = [
      [{ name: '', password: 'long-enough', confirmPassword: 'long-enough' }, 'name', /Enter a name/, 400],
      [{ name: 'bad name', password: 'long-enough', confirmPassword: 'long-enough' }, 'name', /not a valid administrator name/, 400],
      [{ name: 'admin', password: 'long-enough', confirmPassword: 'long-enough' }, 'name', /already exists/, 409],
      [{ name: 'carol', password: 'short', confirmPassword: 'short' }, 'password', /at least 8/, 400],
      [{ name: 'carol', password: 'long-enough', confirmPassword: 'different' }, 'confirmPassword', /not the same/, 400],
      [{ name: HOSTILE_VALUES.array, password: 'long-enough', confirmPassword: 'long-enough' }, 'name', /Enter one name/, 400],
      [{ name: 'carol', password: HOSTILE_VALUES.huge, confirmPassword: HOSTILE_VALUES.huge }, 'password', /at most 256/, 400],
    ];
    for (const [fields, field, message, status] of cases) {
      const page = await admin.submit('/admin/admins', fields as Record<string, string>, MAIN_FORM);
      t.is(page.status, status, JSON.stringify(fields).slice(0, 60));
      t.regex(page.$(`#f-${field}-error`).text(), message);
    }
    t.is(await findAdminByName(server.testDb.db, 'carol'), null);
    const short = await admin.submit('/admin/admins/admin/password', { password: 'short', confirmPassword: 'short' }, MAIN_FORM);
    t.is(short.status, 400);
    t.regex(short.$('#f-password-error').text(), /at least 8/);
    t.is((await admin.submit('/admin/admins/admin/password', { password: 'long-enough', confirmPassword: 'other-one' }, MAIN_FORM)).status, 400);
    t.is((await admin.post('/admin/admins', { name: 'nocsrf', password: 'long-enough', confirmPassword: 'long-enough' })).status, 403);
    t.is(await findAdminByName(server.testDb.db, 'nocsrf'), null);
  }));
