import test from 'ava';
import { listAudit } from '../../../src/repos/audit.js';
import { storeSecret } from '../../../src/repos/two-factor.js';
import { accountPath, accountsFixture, textOf } from './accounts-fixture.js';
import { HOSTILE_VALUES, threeTests } from './helpers.js';

const FORM = 'main form.panel';

test('the three tests: the Restrictions tab', async (t) => {
  const { server } = await accountsFixture();
  try {
    await threeTests(t, server, accountPath('bob', 'restrictions'), (page) => {
      t.is(page.$('.tabs a[aria-current=page]').text(), 'Quotas and Restrictions');
      t.deepEqual(page.$('h2').map((_, h) => page.$(h).text()).get(), ['Restrictions', 'Set-up deadline']);
      t.deepEqual(
        page.$('label.radio').map((_, label) => page.$(label).text().trim()).get(),
        ['Inherited (currently: mandatory, inherited from class staff)', 'Disabled', 'Enable 2-Step Verification', 'Make 2-Step Verification mandatory'],
      );
      t.is(page.$('input[name=twoFactor][checked]').attr('value'), 'inherit');
    });
  } finally {
    await server.close();
  }
});

test('an explicit setting wins over the class, and inheriting again restores it', async (t) => {
  const { server, ctx, admin, account } = await accountsFixture();
  try {
    const done = await admin.submit(accountPath('bob', 'restrictions'), { twoFactor: 'disabled' }, FORM);
    t.is(done.status, 303);
    t.is(done.location, accountPath('bob', 'restrictions'));
    const page = await admin.follow(done);
    t.is(textOf(page, '.flash.ok'), 'The restrictions of bob@example.com were saved.');
    t.is(textOf(page, '#tsv-current'), 'disabled, set on this account');
    t.is(page.$('input[name=twoFactor][checked]').attr('value'), 'disabled');
    t.is(textOf(await admin.get(accountPath('bob')), '#tsv-setting'), 'disabled, set on this account');
    t.is((await account('bob')).twoFactor, 'disabled');
    const back = await admin.submit(accountPath('bob', 'restrictions'), { twoFactor: 'inherit' }, FORM);
    t.regex(textOf(back, 'main'), /will have to set up 2-Step Verification/, 'inheriting the mandatory class again asks first');
    await admin.submitForm(back, {}, 'main form');
    t.is((await account('bob')).twoFactor, null);
    t.is(textOf(await admin.get(accountPath('bob')), '#tsv-setting'), 'mandatory, inherited from class staff');
    const events = await listAudit(ctx.db, { subject: 'bob@example.com', event: 'setting.changed', limit: 5 });
    t.deepEqual(events.map((e) => e.detail), ['inherited', 'disabled']);
  } finally {
    await server.close();
  }
});

test('making it mandatory for an unconfigured account asks first and says so; a configured one saves at once', async (t) => {
  const { server, ctx, admin, account } = await accountsFixture();
  try {
    const confirm = await admin.submit(accountPath('alice', 'restrictions'), { twoFactor: 'mandatory' }, FORM);
    t.is(confirm.status, 200);
    t.regex(textOf(confirm, 'main'), /1 account will have to set up 2-Step Verification at their next login if you save this change to the Restrictions of alice@example\.com/);
    t.is(textOf(confirm, 'main ul'), 'alice@example.com');
    t.is(confirm.$('main a:contains("Cancel")').attr('href'), accountPath('alice', 'restrictions'));
    t.is((await account('alice')).twoFactor, null, 'nothing saved before the confirmation');
    const saved = await admin.submitForm(confirm, {}, 'main form');
    t.is(saved.status, 303);
    t.is((await account('alice')).twoFactor, 'mandatory');

    const bob = await account('bob');
    await storeSecret(ctx.db, { kind: 'account', id: bob.id }, ctx.secretBox.seal('JBSWY3DPEHPK3PXP'), true, server.clock.now());
    await admin.submit(accountPath('bob', 'restrictions'), { twoFactor: 'enabled' }, FORM);
    const direct = await admin.submit(accountPath('bob', 'restrictions'), { twoFactor: 'mandatory' }, FORM);
    t.is(direct.status, 303, 'a configured account is not asked to set up again');
    t.is((await account('bob')).twoFactor, 'mandatory');
  } finally {
    await server.close();
  }
});

test('a setting that is not one of the choices is refused beside the field', async (t) => {
  const { server, admin, account } = await accountsFixture();
  try {
    for (const twoFactor of ['', 'on', 'MANDATORYX', HOSTILE_VALUES.huge, HOSTILE_VALUES.array]) {
      const page = await admin.submit(accountPath('bob', 'restrictions'), { twoFactor } as Record<string, string>, FORM);
      t.is(page.status, 400);
      t.is(textOf(page, '#f-twoFactor-error'), 'Choose one of the 2-Step Verification settings.');
      t.is(page.$('input[name=twoFactor][checked]').attr('value'), 'inherit');
    }
    t.is((await account('bob')).twoFactor, null);
  } finally {
    await server.close();
  }
});
