import test from 'ava';
import { verifyPassword } from '../../../src/core/password.js';
import { listAudit } from '../../../src/repos/audit.js';
import { acceptFactorStep } from '../../../src/repos/second-factors.js';
import { recordPairingSuccess, storeSecret } from '../../../src/repos/two-factor.js';
import { accountPath, accountsFixture, textOf } from './accounts-fixture.js';
import { HOSTILE_VALUES, threeTests } from './helpers.js';

const GENERAL_FORM = `form[action="${accountPath('alice')}"]`;

test('the three tests: the General tab', async (t) => {
  const { server } = await accountsFixture();
  try {
    await threeTests(t, server, accountPath('alice'), (page) => {
      t.is(textOf(page, 'h1'), 'Edit account alice@example.com');
      t.is(page.$('.tabs a[aria-current=page]').text(), 'General');
      t.is(page.$('input[name=firstName]').attr('value'), 'Alice');
    });
  } finally {
    await server.close();
  }
});

test('unknown accounts and domains answer 404 on every account page', async (t) => {
  const { server, admin } = await accountsFixture();
  try {
    for (const sub of ['', 'restrictions', 'reset-key', 'revoke', 'remove']) {
      const page = await admin.get(accountPath('nobody', sub));
      t.is(page.status, 404, sub);
      t.regex(page.text, /There is no account nobody@example\.com/);
      t.is((await admin.get(`/admin/domains/nowhere.example/accounts/alice${sub ? `/${sub}` : ''}`)).status, 404);
    }
    const form = await admin.get(accountPath('alice'));
    const post = await admin.submitForm(form, {}, 'form[action$="/random-password"]');
    t.is(post.status, 303);
    const missing = await admin.post(accountPath('nobody', 'random-password'), { _csrf: form.$('input[name=_csrf]').first().attr('value')! });
    t.is(missing.status, 404);
  } finally {
    await server.close();
  }
});

test('the 2-Step Verification block shows setting and source, status, last success and drift', async (t) => {
  const { server, ctx, admin, account } = await accountsFixture();
  try {
    const bob = await account('bob');
    const device = await storeSecret(ctx.db, { kind: 'account', id: bob.id }, ctx.secretBox.seal('JBSWY3DPEHPK3PXP'), true, server.clock.now());
    const step = Math.floor(server.clock.now() / 30_000);
    const accept = async (at: number, drift: number) => {
      await acceptFactorStep(ctx.db, device, at, drift, String(drift), server.clock.now());
      await recordPairingSuccess(ctx.db, { kind: 'account', id: bob.id }, server.clock.now());
    };
    await accept(step + 2, 2);
    const page = await admin.get(accountPath('bob'));
    t.is(textOf(page, '#tsv-setting'), 'mandatory, inherited from class staff');
    t.is(textOf(page, '#tsv-status'), 'configured');
    t.regex(textOf(page, '#two-step'), /Last successful verification ?2026-11-28 09:00 UTC/);
    t.is(textOf(page, '#tsv-drift'), 'this authenticator runs about 2 steps (60 s) fast, from the last code');
    await accept(step + 3, -1);
    t.is(textOf(await admin.get(accountPath('bob')), '#tsv-drift'), 'this authenticator runs about 1 step (30 s) slow, from the last code');
    const alice = await admin.get(accountPath('alice'));
    t.is(textOf(alice, '#tsv-setting'), "enabled, inherited from the domain's Account Defaults");
    t.is(textOf(alice, '#tsv-status'), 'enabled, not configured');
    t.regex(textOf(alice, '#two-step'), /Last successful verification ?never/);
    t.is(alice.$('#tsv-drift').length, 0);
    t.is(alice.$('a:contains("Revoke all devices")').length, 0, 'nothing to revoke without a key');
  } finally {
    await server.close();
  }
});

test('saving the General tab changes names, password and inheritance in one go, with a message', async (t) => {
  const { server, ctx, admin, account } = await accountsFixture();
  try {
    const saved = await admin.submit(accountPath('alice'), { firstName: ' Alicia ', lastName: 'L', password: 'new password 1', inherit: '' }, GENERAL_FORM);
    t.is(saved.status, 303);
    t.is(saved.location, accountPath('alice'));
    const page = await admin.follow(saved);
    t.is(textOf(page, '.flash.ok'), 'The changes to alice@example.com were saved.');
    t.is(page.$('input[name=firstName]').attr('value'), 'Alicia');
    const alice = await account('alice');
    t.true(await verifyPassword('new password 1', alice.passwordHash));
    const events = await listAudit(ctx.db, { subject: 'alice@example.com', event: 'password.changed', limit: 5 });
    t.is(events.length, 1);
    t.regex(textOf(page, 'table.audit'), /Password changed/);
    t.is(page.$('a:contains("Full audit log of this account")').attr('href'), '/admin/audit?account=alice%40example.com');
  } finally {
    await server.close();
  }
});

test('"Set Random" gives a new password once, in the message', async (t) => {
  const { server, admin, account } = await accountsFixture();
  try {
    const form = await admin.get(accountPath('alice'));
    const done = await admin.submitForm(form, {}, 'form[action$="/random-password"]');
    t.is(done.status, 303);
    const page = await admin.follow(done);
    const match = /new password of alice@example\.com is (\S+) /.exec(textOf(page, '.flash.ok'));
    t.truthy(match);
    t.true(await verifyPassword(match![1], (await account('alice')).passwordHash));
    t.is((await admin.get(accountPath('alice'))).$('.flash').length, 0, 'shown once');
  } finally {
    await server.close();
  }
});

test('moving an unconfigured account into a mandatory class asks first, then saves', async (t) => {
  const { server, admin, account } = await accountsFixture();
  try {
    const confirm = await admin.submit(accountPath('alice'), { firstName: 'Alice', lastName: 'Liddell', password: '', inherit: 'staff' }, GENERAL_FORM);
    t.is(confirm.status, 200);
    t.regex(textOf(confirm, 'main'), /1 account will have to set up 2-Step Verification at their next login if you save this change to the inherited settings of alice@example\.com/);
    t.is(textOf(confirm, 'main ul'), 'alice@example.com');
    t.is((await account('alice')).className, null, 'nothing saved yet');
    const saved = await admin.submitForm(confirm, {}, 'main form');
    t.is(saved.status, 303);
    t.is((await account('alice')).className, 'staff');
    const back = await admin.submit(accountPath('alice'), { firstName: 'Alice', lastName: 'Liddell', password: '', inherit: '' }, GENERAL_FORM);
    t.is(back.status, 303, 'leaving the class needs no confirmation');
    t.is((await account('alice')).className, null);
  } finally {
    await server.close();
  }
});

test('a new password waiting on the confirmation page is never in the page as text, and is saved on confirming', async (t) => {
  const { server, admin, account } = await accountsFixture();
  try {
    const confirm = await admin.submit(accountPath('alice'), { firstName: 'Alice', lastName: 'Liddell', password: 'visible secret 42', inherit: 'staff' }, GENERAL_FORM);
    t.is(confirm.status, 200);
    t.false(confirm.text.includes('visible secret 42'));
    t.is(confirm.$('input[name=password]').length, 0);
    t.false(await verifyPassword('visible secret 42', (await account('alice')).passwordHash), 'nothing saved yet');
    const saved = await admin.submitForm(confirm, {}, 'main form');
    t.is(saved.status, 303);
    t.true(await verifyPassword('visible secret 42', (await account('alice')).passwordHash));
    t.is((await account('alice')).className, 'staff');
  } finally {
    await server.close();
  }
});

test('bad General input re-shows the tab with the error beside the field and changes nothing', async (t) => {
  const { server, admin, account } = await accountsFixture();
  try {
    const before = await account('alice');
    const cases: [Record<string, string | string[]>, string, RegExp][] = [
      [{ firstName: 'A', lastName: 'L', password: 'short', inherit: '' }, 'password', /at least 8/],
      [{ firstName: 'A', lastName: 'L', password: HOSTILE_VALUES.huge, inherit: '' }, 'password', /too long/],
      [{ firstName: HOSTILE_VALUES.huge, lastName: 'L', password: '', inherit: '' }, 'firstName', /at most 100/],
      [{ firstName: 'A', lastName: HOSTILE_VALUES.array, password: '', inherit: '' }, 'lastName', /at most 100/],
      [{ firstName: 'A', lastName: 'L', password: '', inherit: 'ghost' }, 'inherit', /domain defaults or one of the account classes/],
      [{ firstName: 'A', lastName: 'L', password: '', inherit: HOSTILE_VALUES.array }, 'inherit', /domain defaults or one of the account classes/],
    ];
    for (const [fields, field, message] of cases) {
      const page = await admin.submit(accountPath('alice'), fields as Record<string, string>, GENERAL_FORM);
      t.is(page.status, 400, field);
      t.regex(textOf(page, `#f-${field}-error`), message);
      t.is(page.$('#tsv-setting').length, 1, 'the whole tab is shown again');
    }
    const after = await account('alice');
    t.is(after.passwordHash, before.passwordHash);
    t.is(after.firstName, 'Alice');
  } finally {
    await server.close();
  }
});
