import test, { type ExecutionContext } from 'ava';
import { requireAccountClass } from '../../src/services/account-classes.js';
import { requireAccount } from '../../src/services/accounts.js';
import { requireDomain } from '../../src/services/domains.js';
import { openCli, type CliHarness } from './helpers.js';

async function withCli(t: ExecutionContext, body: (cli: CliHarness) => Promise<void>): Promise<void> {
  const cli = await openCli(t);
  try {
    await cli.login();
    await cli.script('CREATE Domain name example.com postmasterPassword "Secret-123"', 'UPDATE Domain example.com', 'ADD accountClass name staff', 'COMMIT', 'ADD Account name alice password "Secret-123"', 'COMMIT');
    await body(cli);
  } finally {
    await cli.testDb.destroy();
  }
}

const shown = (output: { lines: string[] }, key: string) => output.lines.find((line) => line.startsWith(`${key} = `));

test('SET and RESET twoFactorTrustDays in the Account Defaults, class and account Limits, with the source shown', async (t) => {
  await withCli(t, async (cli) => {
    await cli.script('CONFIG accountDefaultLimits');
    t.is(shown(await cli.ok('SHOW'), 'twoFactorTrustDays'), 'twoFactorTrustDays = 0');
    await cli.script('SET twoFactorTrustDays 30', 'DONE', 'COMMIT', 'UPDATE Domain example.com');
    t.is((await requireDomain(cli.ctx, 'example.com')).trustDays, 30);
    await cli.script('UPDATE accountClass staff', 'CONFIG Limits');
    t.is(shown(await cli.ok('SHOW'), 'twoFactorTrustDays'), "twoFactorTrustDays = inherited (30, inherited from the domain's Account Defaults)");
    await cli.script('SET twoFactorTrustDays 7', 'DONE', 'COMMIT');
    const domain = await requireDomain(cli.ctx, 'example.com');
    t.is((await requireAccountClass(cli.ctx, domain, 'staff')).trustDays, 7);
    await cli.script('UPDATE Account alice', 'INHERIT SETTINGS FROM accountClass staff', 'CONFIG Limits');
    t.is(shown(await cli.ok('SHOW'), 'twoFactorTrustDays'), 'twoFactorTrustDays = inherited (7, inherited from class staff)');
    await cli.script('SET twoFactorTrustDays 0', 'DONE', 'COMMIT');
    t.is((await requireAccount(cli.ctx, domain, 'alice')).trustDays, 0);
    t.is(shown(await cli.ok('SHOW Account alice'), 'twoFactorTrustDays'), 'twoFactorTrustDays = 0 (set on this account)');
    await cli.script('UPDATE Account alice', 'CONFIG Limits', 'RESET twoFactorTrustDays', 'DONE', 'COMMIT');
    t.is((await requireAccount(cli.ctx, domain, 'alice')).trustDays, null);
    await cli.script('UPDATE Account alice', 'CONFIG Limits');
    for (const bad of ['-1', '366', 'ten', '2.5']) await cli.err(`SET twoFactorTrustDays ${bad}`, /not a number of days: Enter a whole number of days from 0 \(never trust a browser\)/);
  });
});
