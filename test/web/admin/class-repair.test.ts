import test from 'ava';
import { listMessages } from '../../../src/repos/messages.js';
import { listSecondFactors } from '../../../src/repos/second-factors.js';
import { getTwoFactorState } from '../../../src/repos/two-factor.js';
import { applyAccountChanges, createAccount } from '../../../src/services/accounts.js';
import { TEST_ADMIN } from '../../helpers/services.js';
import { openCli } from '../../cli/helpers.js';
import { accountsFixture, textOf } from './accounts-fixture.js';
import { threeTests } from './helpers.js';

const REPAIR = '/admin/domains/example.com/classes/staff/repair';
const KEY = 'JBSWY3DPEHPK3PXP';

test('the three tests: the confirmation of "Require everyone in this class to pair again" with its count', async (t) => {
  const { server, ctx, domain } = await accountsFixture();
  try {
    await applyAccountChanges(ctx, TEST_ADMIN, domain, 'bob', [{ op: 'provisionKey', key: KEY }]);
    await threeTests(t, server, REPAIR, (page) => {
      t.regex(textOf(page, '#repair-count'), /^1 account of the class staff/);
      t.is(page.$('main form button').text(), 'Require everyone to pair again');
    });
  } finally {
    await server.close();
  }
});

test('confirming gives every account of the class that holds a key a new unpaired one, with a notice and audit; others are untouched', async (t) => {
  const { server, ctx, domain, admin, account } = await accountsFixture();
  try {
    await applyAccountChanges(ctx, TEST_ADMIN, domain, 'bob', [{ op: 'provisionKey', key: KEY }]);
    await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'provisionKey', key: KEY }]);
    await createAccount(ctx, TEST_ADMIN, domain, { name: 'carol', password: 'correct horse' }, [{ op: 'inherit', className: 'staff' }]);
    const bobSubject = { kind: 'account' as const, id: (await account('bob')).id };
    const before = (await listSecondFactors(ctx.db, bobSubject)).map((device) => device.secretSealed);
    const edit = await admin.get('/admin/domains/example.com/classes/staff');
    t.is(edit.$('a:contains("Require everyone in this class to pair again")').attr('href'), REPAIR);
    const done = await admin.submit(REPAIR, {}, 'main form');
    t.is(done.status, 303);
    t.regex(textOf(await admin.follow(done), '.flash'), /Everyone in the class staff must pair again: 1 account got a new key/);
    const bob = await getTwoFactorState(ctx.db, { kind: 'account', id: (await account('bob')).id });
    t.false(bob!.configured);
    const after = (await listSecondFactors(ctx.db, bobSubject)).map((device) => device.secretSealed);
    t.is(after.length, 1);
    t.false(before.includes(after[0]), 'a new key');
    t.true((await getTwoFactorState(ctx.db, { kind: 'account', id: (await account('alice')).id }))!.configured, 'an account outside the class keeps its key');
    t.false((await getTwoFactorState(ctx.db, { kind: 'account', id: (await account('carol')).id }))!.hasKey, 'an account without a key gets none');
    const notices = (await listMessages(ctx.db, (await account('bob')).id)).filter((m) => m.kind === 'notice');
    t.is(notices[0].subject, 'Your 2-Step Verification key was reset');
    t.regex(notices[0].body, /Everyone in the class staff was asked to pair again/);
    t.is((await ctx.db('audit_events').where({ event: 'class.repair_required' })).length, 1);
    t.is((await ctx.db('audit_events').where({ event: 'key.reset', subject: 'bob@example.com' })).length, 1);
    const noToken = await admin.post(REPAIR, {});
    t.is(noToken.status, 403, 'no CSRF token: refused');
  } finally {
    await server.close();
  }
});

test('the CLI stages RESET all twoFactorSecretKeys in the class context with the count, and COMMIT applies it', async (t) => {
  const cli = await openCli(t);
  try {
    await cli.login();
    await cli.script('CREATE Domain name example.com postmasterPassword "Secret-123"', 'UPDATE Domain example.com', 'ADD accountClass name staff', 'COMMIT');
    await cli.script('ADD Account name bob password "Secret-123"', 'INHERIT SETTINGS FROM accountClass staff', 'COMMIT', 'UPDATE Account bob', `SET twoFactorSecretKey ${KEY}`, 'COMMIT');
    await cli.ok('UPDATE accountClass staff');
    const staged = await cli.ok('RESET all twoFactorSecretKeys');
    t.regex(staged.lines.at(-1)!, /at COMMIT 1 account\(s\) of the class with a key get a new one/);
    await cli.ok('BACK');
    t.is((await cli.ctx.db('audit_events').where({ event: 'class.repair_required' })).length, 0, 'BACK discards it');
    await cli.script('UPDATE accountClass staff', 'RESET all twoFactorSecretKeys', 'COMMIT');
    const audit = await cli.ctx.db('audit_events').where({ event: 'class.repair_required' }).first();
    t.is(audit.actor_kind, 'cli');
    const bob = await cli.ctx.db('accounts').where({ name: 'bob' }).first();
    t.false(Boolean(bob.totp_configured));
  } finally {
    await cli.testDb.destroy();
  }
});
