import test from 'ava';
import { requireAccountClass } from '../../src/services/account-classes.js';
import { requireAccount } from '../../src/services/accounts.js';
import { requireDomain } from '../../src/services/domains.js';
import { shownLine, withDomainCli } from './helpers.js';


test('SET and RESET twoFactorTrustDays in the Account Defaults, class and account Limits, with the source shown', async (t) => {
  await withDomainCli(t, async (cli) => {
    await cli.script('CONFIG accountDefaultLimits');
    t.is(shownLine(await cli.ok('SHOW'), 'twoFactorTrustDays'), 'twoFactorTrustDays = 0');
    await cli.script('SET twoFactorTrustDays 30', 'DONE', 'COMMIT', 'UPDATE Domain example.com');
    t.is((await requireDomain(cli.ctx, 'example.com')).trustDays, 30);
    await cli.script('UPDATE accountClass staff', 'CONFIG Limits');
    t.is(shownLine(await cli.ok('SHOW'), 'twoFactorTrustDays'), "twoFactorTrustDays = inherited (30, inherited from the domain's Account Defaults)");
    await cli.script('SET twoFactorTrustDays 7', 'DONE', 'COMMIT');
    const domain = await requireDomain(cli.ctx, 'example.com');
    t.is((await requireAccountClass(cli.ctx, domain, 'staff')).trustDays, 7);
    await cli.script('UPDATE Account alice', 'INHERIT SETTINGS FROM accountClass staff', 'CONFIG Limits');
    t.is(shownLine(await cli.ok('SHOW'), 'twoFactorTrustDays'), 'twoFactorTrustDays = inherited (7, inherited from class staff)');
    await cli.script('SET twoFactorTrustDays 0', 'DONE', 'COMMIT');
    t.is((await requireAccount(cli.ctx, domain, 'alice')).trustDays, 0);
    t.is(shownLine(await cli.ok('SHOW Account alice'), 'twoFactorTrustDays'), 'twoFactorTrustDays = 0 (set on this account)');
    await cli.script('UPDATE Account alice', 'CONFIG Limits', 'RESET twoFactorTrustDays', 'DONE', 'COMMIT');
    t.is((await requireAccount(cli.ctx, domain, 'alice')).trustDays, null);
    await cli.script('UPDATE Account alice', 'CONFIG Limits');
    for (const bad of ['-1', '366', 'ten', '2.5']) await cli.err(`SET twoFactorTrustDays ${bad}`, /not a number of days: Enter a whole number of days from 0 \(never trust a browser\)/);
  });
});
