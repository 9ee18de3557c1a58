import test from 'ava';
import { applyAccountChanges } from '../../../src/services/accounts.js';
import { requireDomain } from '../../../src/services/domains.js';
import { Browser } from '../../helpers/http.js';
import { TEST_ADMIN } from '../../helpers/services.js';
import { accountPath, accountsFixture, textOf } from './accounts-fixture.js';
import { threeTests } from './helpers.js';

const DEFAULTS = '/admin/domains/example.com/defaults';
const STAFF = '/admin/domains/example.com/classes/staff';

test('the three tests: the Account Defaults show "Days allowed to set up 2-Step Verification"', async (t) => {
  const { server } = await accountsFixture();
  try {
    await threeTests(t, server, DEFAULTS, (page) => {
      t.is(textOf(page, 'label[for=f-twoFactorGraceDays]'), 'Days allowed to set up 2-Step Verification');
      t.is(page.$('#f-twoFactorGraceDays').attr('value'), '0');
    });
  } finally {
    await server.close();
  }
});

test('grace days are saved on the Account Defaults, a class and an account, each inherited with its source shown; bad values are refused', async (t) => {
  const { server, ctx, admin, account } = await accountsFixture();
  try {
    const saved = await admin.submit(DEFAULTS, { twoFactorEnabled: 'on', twoFactorGraceDays: '14' }, 'main form');
    t.is(saved.status, 303);
    t.is((await requireDomain(ctx, 'example.com')).graceDays, 14);
    const bad = await admin.submit(DEFAULTS, { twoFactorEnabled: 'on', twoFactorGraceDays: '400' }, 'main form');
    t.is(bad.status, 400);
    t.regex(textOf(bad, '#f-twoFactorGraceDays-error'), /from 0 \(set up at once\) to 365/);
    t.is((await requireDomain(ctx, 'example.com')).graceDays, 14, 'nothing saved');

    const classPage = await admin.get(STAFF);
    t.is(classPage.$('#f-twoFactorGraceDays').attr('value'), '');
    t.regex(textOf(classPage, '.hint'), /currently: 14 days, from the domain's Account Defaults/);
    t.is((await admin.submit(STAFF, { twoFactor: 'mandatory', twoFactorGraceDays: '7' }, 'main form')).status, 303);
    const bobPage = await admin.get(accountPath('bob', 'restrictions'));
    t.regex(textOf(bobPage, 'form.panel .hint'), /currently: 7 days, from class staff/);
    t.is((await admin.submit(STAFF, { twoFactor: 'mandatory', twoFactorGraceDays: 'soon' }, 'main form')).status, 400);

    const own = await admin.submit(accountPath('bob', 'restrictions'), { twoFactor: 'inherit', twoFactorGraceDays: '3' }, 'main form.panel');
    t.is(own.status, 303);
    t.is((await account('bob')).graceDays, 3);
    await admin.submit(accountPath('bob', 'restrictions'), { twoFactor: 'inherit', twoFactorGraceDays: '' }, 'main form.panel');
    t.is((await account('bob')).graceDays, null, 'empty inherits again');
  } finally {
    await server.close();
  }
});

test('the impact preview says who gets a deadline and when', async (t) => {
  const { server, admin } = await accountsFixture();
  try {
    const preview = await admin.submit(DEFAULTS, { twoFactorEnabled: 'on', twoFactorMandatory: 'on', twoFactorGraceDays: '10' }, 'main form');
    t.is(preview.status, 200);
    t.regex(textOf(preview, 'main'), /2 accounts will have to set up/);
    t.is(textOf(preview, '#impact-grace'), 'They all get 10 days to set up, counted from their next sign-in (until 8 December 2026, 09:00 UTC for a sign-in now).');
    t.is(preview.$('input[name=twoFactorGraceDays]').attr('value'), '10', 'Save posts the days again');
  } finally {
    await server.close();
  }
});

test('an administrator sets and clears one account\'s set-up deadline; a bad date is refused; Manage Accounts filters "in grace period"', async (t) => {
  const { server, ctx, domain, admin, account } = await accountsFixture();
  try {
    await applyAccountChanges(ctx, TEST_ADMIN, domain, 'bob', [{ op: 'setGraceDays', value: 5 }]);
    const page = await admin.get(accountPath('bob', 'restrictions'));
    t.regex(textOf(page, '#deadline-now'), /none fixed yet/);
    const set = await admin.submitForm(page, { day: '2026-12-14', action: 'set' }, '#setup-deadline');
    t.is(set.status, 303);
    const after = await admin.follow(set);
    t.is(textOf(after, '#deadline-now'), '14 December 2026, 23:59 UTC');
    t.regex(textOf(after, '#setup-deadline'), /in grace period/);
    t.is((await account('bob')).setupDeadline, Date.UTC(2026, 11, 15) - 1);

    const list = await admin.get('/admin/domains/example.com/accounts?state=grace');
    t.is(list.status, 200);
    t.deepEqual(list.$('tbody tr td[data-label=Account]').map((_, td) => list.$(td).text()).get(), ['bob@example.com']);
    t.regex(textOf(list, '.grace-until'), /in grace period until 14 December 2026, 23:59 UTC/);
    t.true(list.$('#state option[value=grace]').length === 1);

    const bad = await admin.submitForm(after, { day: '2026-02-30', action: 'set' }, '#setup-deadline');
    t.is(bad.status, 400);
    t.regex(textOf(bad, '#f-day-error'), /YYYY-MM-DD/);
    const cleared = await admin.submitForm(after, { action: 'clear' }, '#setup-deadline');
    t.is(cleared.status, 303);
    t.is((await account('bob')).setupDeadline, null);
    const none = await admin.get('/admin/domains/example.com/accounts?state=grace');
    t.is(none.$('tbody tr').length, 0);
    const anonymous = await new Browser(server.url).post(accountPath('bob', 'deadline'), { action: 'clear' });
    t.is(anonymous.status, 403, 'no CSRF token, no session: refused');
  } finally {
    await server.close();
  }
});
