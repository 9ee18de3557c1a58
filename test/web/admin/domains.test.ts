import test from 'ava';
import type { TwoFactorSetting } from '../../../src/core/policy.js';
import { listAudit } from '../../../src/repos/audit.js';
import { findDomainByName } from '../../../src/repos/domains.js';
import { createAccountClass } from '../../../src/services/account-classes.js';
import { applyAccountChanges, createAccount } from '../../../src/services/accounts.js';
import { createDomain } from '../../../src/services/domains.js';
import { TEST_ADMIN } from '../../helpers/services.js';
import { HOSTILE_VALUES, MAIN_FORM, signedInAdmin, threeTests, withServer } from './helpers.js';

test('every domain screen: anonymous → sign-in, WebMail user → nothing, admin → the content', (t) =>
  withServer(async (server) => {
    await createDomain(server.app.deps.services, TEST_ADMIN, 'example.com', 'Secret-123');
    await threeTests(t, server, '/admin/domains/new', (page) => t.is(page.$('h1').text(), 'Add domain'));
    await threeTests(t, server, '/admin/domains/example.com', (page) => {
      t.is(page.$('h1').text(), 'Edit domain example.com');
      t.is(page.$('.tabs [aria-current=page]').text(), 'General');
      t.is(page.$('#branding-heading').text(), 'Branding');
    });
    await threeTests(t, server, '/admin/domains/example.com/defaults', (page) => {
      t.is(page.$('legend').text(), 'Restrictions');
      t.truthy(page.$('.subtabs').text().includes('Quotas and Restrictions'));
    });
    await threeTests(t, server, '/admin/domains/example.com/remove', (page) => t.regex(page.$('h1').text(), /Remove domain example\.com/));
  }));

test('add a domain: it is listed, searchable, audited, and a flash confirms it once', (t) =>
  withServer(async (server) => {
    const admin = await signedInAdmin(server);
    const added = await admin.submit('/admin/domains/new', { name: 'Example.COM', postmasterPassword: 'Secret-123' }, MAIN_FORM);
    t.is(added.status, 303);
    t.is(added.location, '/admin/domains/example.com');
    const edit = await admin.get(added.location!);
    t.regex(edit.$('.flash.ok').text(), /example\.com was added/);
    t.is((await admin.get(added.location!)).$('.flash').length, 0, 'the flash shows once');
    await admin.submit('/admin/domains/new', { name: 'other.org', postmasterPassword: 'Secret-123' }, MAIN_FORM);
    const list = await admin.get('/admin/domains');
    t.deepEqual(list.$('tbody tr td:first-child').map((_, el) => list.$(el).text()).get(), ['example.com', 'other.org']);
    const search = await admin.get('/admin/domains?q=OTHER');
    t.deepEqual(search.$('tbody tr td:first-child').map((_, el) => search.$(el).text()).get(), ['other.org']);
    const events = await listAudit(server.testDb.db, { event: 'domain.created', limit: 10 });
    t.is(events.length, 2);
    t.like(events[0].actor, { kind: 'admin', name: 'admin', ip: '127.0.0.1' });
  }));

test('the domain list pages through many domains', (t) =>
  withServer(async (server) => {
    for (let i = 0; i < 30; i++) await server.testDb.db('domains').insert({ name: `d${String(i).padStart(2, '0')}.example`, two_factor: 'disabled', created_at: 0 });
    const admin = await signedInAdmin(server);
    const first = await admin.get('/admin/domains');
    t.is(first.$('tbody tr').length, 25);
    const next = first.$('a[rel=next]').attr('href')!;
    t.is(next, '/admin/domains?page=2');
    const second = await admin.get(next);
    t.is(second.$('tbody tr').length, 5);
    t.is(second.$('tbody tr td:first-child').first().text(), 'd25.example');
    t.is((await admin.get('/admin/domains?page=99')).$('tbody tr').length, 5, 'a page past the end shows the last');
    t.is((await admin.get('/admin/domains?page=abc')).$('tbody tr').length, 25);
  }));

test('adding a domain refuses bad input beside the field with a 4xx and keeps what was typed', (t) =>
  withServer(async (server) => {
    const admin = await signedInAdmin(server);
    await admin.submit('/admin/domains/new', { name: 'example.com', postmasterPassword: 'Secret-123' }, MAIN_FORM);
    const cases: [Record<string, string | string[]>, string, RegExp, number][] = [
      [{ name: '', postmasterPassword: 'Secret-123' }, 'name', /Enter the domain name/, 400],
      [{ name: 'not a domain', postmasterPassword: 'Secret-123' }, 'name', /not a valid domain name/, 400],
      [{ name: 'example.com', postmasterPassword: 'Secret-123' }, 'name', /already exists/, 409],
      [{ name: 'short.example', postmasterPassword: 'short' }, 'postmasterPassword', /at least 8/, 400],
      [{ name: HOSTILE_VALUES.array, postmasterPassword: 'Secret-123' }, 'name', /Enter one domain name/, 400],
      [{ name: HOSTILE_VALUES.huge, postmasterPassword: 'Secret-123' }, 'name', /at most 253 characters/, 400],
      [{ name: 'big.example', postmasterPassword: HOSTILE_VALUES.huge }, 'postmasterPassword', /at most 256 characters/, 400],
    ];
    for (const [fields, field, message, status] of cases) {
      const page = await admin.submit('/admin/domains/new', fields as Record<string, string>, MAIN_FORM);
      t.is(page.status, status, JSON.stringify(fields).slice(0, 80));
      t.regex(page.$(`#f-${field}-error`).text(), message);
      if (typeof fields.name === 'string' && fields.name.length < 100) t.is(page.$('input[name=name]').attr('value'), fields.name.trim());
    }
    const raw = await admin.get('/admin/domains/new');
    const bytes = await admin.request('POST', '/admin/domains/new', `_csrf=${encodeURIComponent(raw.$('input[name=_csrf]').attr('value')!)}&name=%FF%FE.com&postmasterPassword=Secret-123`);
    t.is(bytes.status, 400);
    t.is(await server.testDb.db('domains').count({ n: '*' }).first().then((r) => Number(r!.n)), 1);
    const noToken = await admin.post('/admin/domains/new', { name: 'csrf.example', postmasterPassword: 'Secret-123' });
    t.is(noToken.status, 403);
    t.falsy(await findDomainByName(server.testDb.db, 'csrf.example'));
  }));

test('General tab: WebMail host names are validated and saved', (t) =>
  withServer(async (server) => {
    await createDomain(server.app.deps.services, TEST_ADMIN, 'example.com', 'Secret-123');
    const admin = await signedInAdmin(server);
    const bad = await admin.submit('/admin/domains/example.com', { webmailHosts: 'mail.example.com\nnot_a host!' }, MAIN_FORM);
    t.is(bad.status, 400);
    t.regex(bad.$('#f-webmailHosts-error').text(), /not a valid host name/);
    t.regex(bad.$('textarea[name=webmailHosts]').text(), /not_a host!/, 'what was typed is kept');
    t.deepEqual((await findDomainByName(server.testDb.db, 'example.com'))!.webmailHosts, []);
    t.is((await admin.submit('/admin/domains/example.com', { webmailHosts: HOSTILE_VALUES.huge }, MAIN_FORM)).status, 400);
    const ok = await admin.submit('/admin/domains/example.com', { webmailHosts: 'Mail.Example.com, webmail.example.com\nmail.example.com' }, MAIN_FORM);
    t.is(ok.status, 303);
    t.deepEqual((await findDomainByName(server.testDb.db, 'example.com'))!.webmailHosts, ['mail.example.com', 'webmail.example.com']);
    const page = await admin.get('/admin/domains/example.com');
    t.is(page.$('textarea[name=webmailHosts]').text(), 'mail.example.com\nwebmail.example.com');
    t.is((await admin.get('/admin/domains/nosuch.example')).status, 404);
  }));

test('Account Defaults: the two checkboxes map to disabled, enabled and mandatory', (t) =>
  withServer(async (server) => {
    await createDomain(server.app.deps.services, TEST_ADMIN, 'example.com', 'Secret-123');
    const admin = await signedInAdmin(server);
    const cases: [Record<string, string>, TwoFactorSetting][] = [
      [{ twoFactorEnabled: 'on' }, 'enabled'],
      [{}, 'disabled'],
      [{ twoFactorEnabled: 'on', twoFactorMandatory: 'on' }, 'mandatory'],
      [{ twoFactorEnabled: 'on' }, 'enabled'],
      [{ twoFactorMandatory: 'on' }, 'mandatory'],
      [{ twoFactorEnabled: HOSTILE_VALUES.huge }, 'disabled'],
    ];
    for (const [fields, expected] of cases) {
      const page = await admin.submit('/admin/domains/example.com/defaults', fields, MAIN_FORM);
      // Only postmaster exists and it is the one account that mandatory could affect: confirm when asked.
      const saved = page.status === 200 ? await admin.submitForm(page, {}, MAIN_FORM) : page;
      t.is(saved.status, 303, JSON.stringify(fields).slice(0, 60));
      t.is((await findDomainByName(server.testDb.db, 'example.com'))!.twoFactor, expected);
      const shown = await admin.get('/admin/domains/example.com/defaults');
      t.is(shown.$('input[name=twoFactorEnabled]').is(':checked'), expected !== 'disabled');
      t.is(shown.$('input[name=twoFactorMandatory]').is(':checked'), expected === 'mandatory');
    }
    t.true((await listAudit(server.testDb.db, { event: 'setting.changed', limit: 20 })).some((e) => e.detail === 'Account Defaults: mandatory'));
  }));

test('making the Account Defaults mandatory asks for confirmation with the count of accounts to set up', (t) =>
  withServer(async (server) => {
    const ctx = server.app.deps.services;
    const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'Secret-123');
    await createAccountClass(ctx, TEST_ADMIN, domain, 'staff');
    await createAccountClass(ctx, TEST_ADMIN, domain, 'ops', [{ op: 'setTwoFactor', value: 'disabled' }]);
    for (const name of ['alice', 'bob', 'carol', 'dave']) await createAccount(ctx, TEST_ADMIN, domain, { name, password: 'correct horse' });
    await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'inherit', className: 'staff' }]);
    await applyAccountChanges(ctx, TEST_ADMIN, domain, 'bob', [{ op: 'inherit', className: 'staff' }, { op: 'provisionKey', key: 'JBSWY3DPEHPK3PXP' }]);
    await applyAccountChanges(ctx, TEST_ADMIN, domain, 'carol', [{ op: 'inherit', className: 'ops' }]);
    const admin = await signedInAdmin(server);

    const confirm = await admin.submit('/admin/domains/example.com/defaults', { twoFactorEnabled: 'on', twoFactorMandatory: 'on' }, MAIN_FORM);
    t.is(confirm.status, 200);
    t.regex(confirm.$('[role=alert]').text(), /3 accounts will have to set up 2-Step Verification at their next login/);
    t.deepEqual(confirm.$('.impact-list li').map((_, el) => confirm.$(el).text()).get(), ['alice@example.com', 'dave@example.com', 'postmaster@example.com']);
    t.is((await findDomainByName(server.testDb.db, 'example.com'))!.twoFactor, 'disabled', 'nothing saved before "Save"');
    t.is(confirm.$('a.button.secondary').text(), 'Cancel');
    t.is(confirm.$('a.button.secondary').attr('href'), '/admin/domains/example.com/defaults');

    const saved = await admin.submitForm(confirm, {}, 'form[action="/admin/domains/example.com/defaults"]');
    t.is(saved.status, 303);
    t.is((await findDomainByName(server.testDb.db, 'example.com'))!.twoFactor, 'mandatory');
    t.regex((await admin.follow(saved)).$('.flash.ok').text(), /mandatory/);

    const again = await admin.submit('/admin/domains/example.com/defaults', { twoFactorMandatory: 'on' }, MAIN_FORM);
    t.is(again.status, 303, 'nobody newly affected: no confirmation step');
  }));

test('removing a domain names what goes with it, then removes it all', (t) =>
  withServer(async (server) => {
    const ctx = server.app.deps.services;
    const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'Secret-123');
    await createAccountClass(ctx, TEST_ADMIN, domain, 'staff');
    await createAccount(ctx, TEST_ADMIN, domain, { name: 'alice', password: 'correct horse' });
    const admin = await signedInAdmin(server);
    const page = await admin.get('/admin/domains/example.com/remove');
    t.regex(page.$('[role=alert]').text(), /its 2 accounts/);
    t.regex(page.$('[role=alert]').text(), /its 1 account class;/);
    t.truthy(await findDomainByName(server.testDb.db, 'example.com'), 'the GET removes nothing');
    const removed = await admin.submitForm(page, {}, 'form[action="/admin/domains/example.com/remove"]');
    t.is(removed.status, 303);
    t.is(removed.location, '/admin/domains');
    t.falsy(await findDomainByName(server.testDb.db, 'example.com'));
    t.is(Number((await server.testDb.db('accounts').count({ n: '*' }).first())!.n), 0);
    t.regex((await admin.get('/admin/domains')).$('.flash.ok').text(), /example\.com was removed/);
    t.is((await admin.submitForm(page, {}, 'form[action="/admin/domains/example.com/remove"]')).status, 404);
  }));

test("WebAdmin's home of a new install shows the first steps as links, until a domain exists", (t) =>
  withServer(async (server) => {
    const admin = await signedInAdmin(server);
    const home = await admin.follow(await admin.get('/admin'));
    t.is(home.$('#first-steps-heading').text(), 'First steps');
    const links = home.$('.first-steps li a').map((_, el) => [[home.$(el).text(), home.$(el).attr('href')]]).get();
    t.deepEqual(links, [
      ['Add a domain', '/admin/domains/new'],
      ['Turn on 2-Step Verification for its accounts', '/admin/domains'],
      ['Add an account', '/admin/accounts'],
      ['Protect your own WebAdmin sign-in', '/admin/me'],
    ]);
    for (const [, href] of links) t.is((await admin.get(href!)).status, 200, href);
    t.is((await admin.get('/admin/domains?q=none')).$('.first-steps').length, 0, 'a search with no match is no new install');
    await createDomain(server.app.deps.services, TEST_ADMIN, 'example.com', 'Secret-123');
    t.is((await admin.get('/admin/domains')).$('.first-steps').length, 0);
  }));
