import test from 'ava';
import { listAudit } from '../../../src/repos/audit.js';
import { listTrustedBrowsers } from '../../../src/repos/trusted-browsers.js';
import { applyAccountChanges } from '../../../src/services/accounts.js';
import { trustBrowser, trustedBrowserSkips } from '../../../src/services/trusted-browsers.js';
import { TEST_ADMIN } from '../../helpers/services.js';
import { allowTrustDays } from '../../helpers/trust-days.js';
import { accountPath, accountsFixture, textOf } from './accounts-fixture.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

test('the General tab lists trusted browsers; "Forget trusted browsers" asks first, then ends them, audited as the admin', async (t) => {
  const fixture = await accountsFixture();
  try {
    const { ctx, domain, admin } = fixture;
    t.is((await admin.get(accountPath('alice'))).$('#trusted-browsers').length, 0, 'trust off and nothing trusted: no section');
    await allowTrustDays(ctx.db, 14);
    t.regex(textOf(await admin.get(accountPath('alice')), '#trusted-browsers'), /No trusted browsers.*14 day/);
    const alice = await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'provisionKey', key: 'JBSWY3DPEHPK3PXP' }]);
    const user = { kind: 'user' as const, name: alice.address, ip: '198.51.100.7' };
    const made = await trustBrowser(ctx, user, alice, { ip: '198.51.100.7', userAgent: FIREFOX });
    const page = await admin.get(accountPath('alice'));
    t.regex(textOf(page, '#trusted-browsers li'), /Firefox on Linux from 198\.51\.100\.7/);
    const link = page.$('#trusted-browsers a:contains("Forget trusted browsers")').attr('href')!;
    t.is(link, accountPath('alice', 'trusted-browsers/forget'));
    const confirm = await admin.get(link);
    t.regex(confirm.$('h1').text(), /Forget the trusted browsers of alice@example\.com\?/);
    t.is((await admin.post(link, {})).status, 403, 'no form token');
    t.is((await listTrustedBrowsers(ctx.db, alice.id)).length, 1);
    const done = await admin.submitForm(confirm, {}, 'main form');
    t.is(done.status, 303);
    t.deepEqual(await listTrustedBrowsers(ctx.db, alice.id), []);
    t.false(await trustedBrowserSkips(ctx, alice, made!.token, user));
    const [audit] = await listAudit(ctx.db, { event: 'browsers.forgotten', limit: 1 });
    t.is(audit.actor.kind, 'admin');
    t.regex(textOf(await admin.get(accountPath('alice')), '.flash'), /trusted browser of alice@example\.com was forgotten/);
  } finally {
    await fixture.server.close();
  }
});
