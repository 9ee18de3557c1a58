import test from 'ava';
import { findAccountClass } from '../../../src/repos/account-classes.js';
import { listAudit } from '../../../src/repos/audit.js';
import { createAccountClass } from '../../../src/services/account-classes.js';
import { applyAccountChanges, createAccount, requireAccount } from '../../../src/services/accounts.js';
import { applyDomainChanges, createDomain, requireDomain } from '../../../src/services/domains.js';
import { startTestServer, type TestServer } from '../../helpers/http.js';
import { TEST_ADMIN } from '../../helpers/services.js';
import { HOSTILE_VALUES, MAIN_FORM, signedInAdmin, threeTests } from './helpers.js';

async function withDomain(run: (server: TestServer) => Promise<void>): Promise<void> {
  const server = await startTestServer();
  try {
    await createDomain(server.app.deps.services, TEST_ADMIN, 'example.com', 'Secret-123');
    await applyDomainChanges(server.app.deps.services, TEST_ADMIN, 'example.com', [{ op: 'setTwoFactorDefault', value: 'enabled' }]);
    await run(server);
  } finally {
    await server.close();
  }
}

const classOf = async (server: TestServer, name: string) => findAccountClass(server.testDb.db, (await requireDomain(server.app.deps.services, 'example.com')).id, name);

test('every class screen: anonymous → sign-in, WebMail user → nothing, admin → the content', (t) =>
  withDomain(async (server) => {
    await createAccountClass(server.app.deps.services, TEST_ADMIN, await requireDomain(server.app.deps.services, 'example.com'), 'staff');
    await threeTests(t, server, '/admin/classes', (page) => t.is(page.$('.pick-list a').attr('href'), '/admin/domains/example.com/classes'));
    await threeTests(t, server, '/admin/domains/example.com/classes', (page) => t.is(page.$('h1').text(), 'Account Classes of example.com'));
    await threeTests(t, server, '/admin/domains/example.com/classes/staff', (page) => {
      t.is(page.$('.tabs [aria-current=page]').text(), 'Quotas and Restrictions');
      t.is(page.$('legend').text(), 'Restrictions');
    });
    await threeTests(t, server, '/admin/domains/example.com/classes/staff/remove', (page) => t.regex(page.$('h1').text(), /Remove account class staff/));
  }));

test('add a class, set it explicitly, see the inherited value, and remove it', (t) =>
  withDomain(async (server) => {
    const admin = await signedInAdmin(server);
    const added = await admin.submit('/admin/domains/example.com/classes', { name: 'staff' }, MAIN_FORM);
    t.is(added.status, 303);
    t.is(added.location, '/admin/domains/example.com/classes/staff');
    const edit = await admin.get(added.location!);
    t.regex(edit.$('.flash.ok').text(), /staff was added/);
    const labels = edit.$('label.radio').map((_, el) => edit.$(el).text().trim()).get();
    t.deepEqual(labels, [
      "Inherited (currently: enabled, from the domain's Account Defaults)",
      'Disabled',
      'Enable 2-Step Verification',
      'Make 2-Step Verification mandatory',
    ]);
    t.is(edit.$('input[name=twoFactor]:checked').attr('value'), 'inherited');

    const list = await admin.get('/admin/domains/example.com/classes');
    t.is(list.$('tbody tr td').eq(1).text(), "Inherited (currently: enabled, from the domain's Account Defaults)");

    t.is((await admin.submit(added.location!, { twoFactor: 'disabled' }, MAIN_FORM)).status, 303);
    t.is((await classOf(server, 'staff'))!.twoFactor, 'disabled');
    const listed = await admin.get('/admin/domains/example.com/classes');
    t.is(listed.$('tbody tr td').eq(1).text(), 'disabled (set on this class)');
    t.is((await admin.submit(added.location!, { twoFactor: 'inherited' }, MAIN_FORM)).status, 303);
    t.is((await classOf(server, 'staff'))!.twoFactor, null);
    t.true((await listAudit(server.testDb.db, { event: 'setting.changed', limit: 5 })).some((e) => e.detail === 'class staff: inherited'));

    const remove = await admin.get('/admin/domains/example.com/classes/staff/remove');
    t.regex(remove.$('[role=alert]').text(), /fall back to the domain's Account Defaults/);
    const removed = await admin.submitForm(remove, {}, MAIN_FORM);
    t.is(removed.location, '/admin/domains/example.com/classes');
    t.is(await classOf(server, 'staff'), null);
    t.regex((await admin.get(removed.location!)).$('.flash.ok').text(), /staff was removed/);
  }));

test('class forms refuse bad input beside the field with a 4xx', (t) =>
  withDomain(async (server) => {
    const admin = await signedInAdmin(server);
    await admin.submit('/admin/domains/example.com/classes', { name: 'staff' }, MAIN_FORM);
    const cases: [Record<string, string | string[]>, RegExp, number][] = [
      [{ name: '' }, /Enter a name/, 400],
      [{ name: 'bad name!' }, /not a valid class name/, 400],
      [{ name: 'staff' }, /already exists/, 409],
      [{ name: HOSTILE_VALUES.array }, /Enter one class name/, 400],
      [{ name: HOSTILE_VALUES.huge }, /Enter one class name/, 400],
    ];
    for (const [fields, message, status] of cases) {
      const page = await admin.submit('/admin/domains/example.com/classes', fields as Record<string, string>, MAIN_FORM);
      t.is(page.status, status);
      t.regex(page.$('#f-name-error').text(), message);
    }
    for (const twoFactor of ['sometimes', '', HOSTILE_VALUES.huge]) {
      const page = await admin.submit('/admin/domains/example.com/classes/staff', { twoFactor }, MAIN_FORM);
      t.is(page.status, 400);
      t.regex(page.$('#f-twoFactor-error').text(), /Choose one/);
    }
    t.is((await admin.get('/admin/domains/example.com/classes/nosuch')).status, 404);
    t.is((await admin.get('/admin/domains/nosuch.example/classes')).status, 404);
    t.is((await admin.post('/admin/domains/example.com/classes', { name: 'nocsrf' })).status, 403);
    t.is(await classOf(server, 'nocsrf'), null);
  }));

test('making a class mandatory confirms with the count across two classes, configured accounts excluded', (t) =>
  withDomain(async (server) => {
    const ctx = server.app.deps.services;
    const d = await requireDomain(ctx, 'example.com');
    await createAccountClass(ctx, TEST_ADMIN, d, 'staff');
    await createAccountClass(ctx, TEST_ADMIN, d, 'ops');
    const accounts: [string, string, boolean][] = [
      ['alice', 'staff', false],
      ['bob', 'staff', true],
      ['carol', 'staff', false],
      ['dave', 'ops', false],
      ['erin', 'ops', true],
    ];
    for (const [name, cls, configured] of accounts) {
      await createAccount(ctx, TEST_ADMIN, d, { name, password: 'correct horse' });
      await applyAccountChanges(ctx, TEST_ADMIN, d, name, [{ op: 'inherit', className: cls }, ...(configured ? [{ op: 'provisionKey' as const, key: 'JBSWY3DPEHPK3PXP' }] : [])]);
    }
    const admin = await signedInAdmin(server);
    const confirm = await admin.submit('/admin/domains/example.com/classes/staff', { twoFactor: 'mandatory' }, MAIN_FORM);
    t.is(confirm.status, 200);
    t.regex(confirm.$('[role=alert]').text(), /2 accounts will have to set up 2-Step Verification at their next login/);
    t.deepEqual(confirm.$('.impact-list li').map((_, el) => confirm.$(el).text()).get(), ['alice@example.com', 'carol@example.com']);
    t.is((await classOf(server, 'staff'))!.twoFactor, null);
    const cancel = await admin.get(confirm.$('a.button.secondary').attr('href')!);
    t.is(cancel.status, 200);
    t.is((await classOf(server, 'staff'))!.twoFactor, null, 'Cancel saves nothing');

    const saved = await admin.submitForm(confirm, {}, MAIN_FORM);
    t.is(saved.status, 303);
    t.is((await classOf(server, 'staff'))!.twoFactor, 'mandatory');

    const ops = await admin.submit('/admin/domains/example.com/classes/ops', { twoFactor: 'mandatory' }, MAIN_FORM);
    t.regex(ops.$('[role=alert]').text(), /1 account will have to set up/);
    t.deepEqual(ops.$('.impact-list li').map((_, el) => ops.$(el).text()).get(), ['dave@example.com']);

    await applyAccountChanges(ctx, TEST_ADMIN, d, 'dave', [{ op: 'setTwoFactor', value: 'enabled' }]);
    t.is((await admin.submit('/admin/domains/example.com/classes/ops', { twoFactor: 'mandatory' }, MAIN_FORM)).status, 303, 'nobody newly affected: saved at once');
    t.is((await requireAccount(ctx, d, 'dave')).classTwoFactor, 'mandatory');
  }));
