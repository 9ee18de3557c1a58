import test from 'ava';
import { requireAccountClass } from '../../../src/services/account-classes.js';
import { requireDomain } from '../../../src/services/domains.js';
import { accountPath, accountsFixture, textOf } from './accounts-fixture.js';
import { threeTests } from './helpers.js';

const DEFAULTS = '/admin/domains/example.com/defaults';
const STAFF = '/admin/domains/example.com/classes/staff';

test('the three tests: the Account Defaults show "Allow trusting a browser for N days", 0 by default', async (t) => {
  const { server } = await accountsFixture();
  try {
    await threeTests(t, server, DEFAULTS, (page) => {
      t.is(textOf(page, 'label[for=f-twoFactorTrustDays]'), 'Allow trusting a browser for N days');
      t.is(page.$('#f-twoFactorTrustDays').attr('value'), '0');
    });
  } finally {
    await server.close();
  }
});

test('trust days are saved on the Account Defaults, a class and an account, each inherited with its source shown; bad values are refused', async (t) => {
  const { server, ctx, admin, account } = await accountsFixture();
  try {
    t.is((await admin.submit(DEFAULTS, { twoFactorEnabled: 'on', twoFactorTrustDays: '30' }, 'main form')).status, 303);
    t.is((await requireDomain(ctx, 'example.com')).trustDays, 30);
    const audit = await ctx.db('audit_events').where({ event: 'setting.changed' }).orderBy('id', 'desc').first();
    t.is(audit.detail, 'Account Defaults: trusting a browser: 30 day(s)');
    for (const bad of ['366', '-1', 'a week', '1.5']) {
      const refused = await admin.submit(DEFAULTS, { twoFactorEnabled: 'on', twoFactorTrustDays: bad }, 'main form');
      t.is(refused.status, 400, bad);
      t.regex(textOf(refused, '#f-twoFactorTrustDays-error'), /from 0 \(never trust a browser\) to 365/);
      t.is(refused.$('#f-twoFactorTrustDays').attr('value'), bad, 'what was typed is shown again');
    }
    t.is((await requireDomain(ctx, 'example.com')).trustDays, 30, 'nothing saved');

    const classPage = await admin.get(STAFF);
    t.is(classPage.$('#f-twoFactorTrustDays').attr('value'), '');
    t.regex(textOf(classPage, 'main'), /currently: 30 days, from the domain's Account Defaults/);
    t.is((await admin.submit(STAFF, { twoFactor: 'inherited', twoFactorTrustDays: '7' }, 'main form')).status, 303);
    t.is((await requireAccountClass(ctx, await requireDomain(ctx, 'example.com'), 'staff')).trustDays, 7);
    const bobPage = await admin.get(accountPath('bob', 'restrictions'));
    t.regex(textOf(bobPage, 'main'), /currently: 7 days, from class staff/);

    t.is((await admin.submit(accountPath('bob', 'restrictions'), { twoFactor: 'inherit', twoFactorTrustDays: '0' }, 'main form.panel')).status, 303);
    t.is((await account('bob')).trustDays, 0, 'an explicit 0 turns trust off for this account');
    await admin.submit(accountPath('bob', 'restrictions'), { twoFactor: 'inherit', twoFactorTrustDays: '' }, 'main form.panel');
    t.is((await account('bob')).trustDays, null, 'empty inherits again');
    const dave = await admin.get(accountPath('alice', 'restrictions'));
    t.regex(textOf(dave, 'main'), /currently: 30 days, from the domain's Account Defaults/);
  } finally {
    await server.close();
  }
});
