import test from 'ava';
import { requireAccountClass } from '../../src/services/account-classes.js';
import { requireAccount } from '../../src/services/accounts.js';
import { requireDomain } from '../../src/services/domains.js';
import { shownLine, withDomainCli } from './helpers.js';


test('SET and RESET twoFactorGraceDays in the Account Defaults, class and account Limits, with the source shown', async (t) => {
  await withDomainCli(t, async (cli) => {
    await cli.script('CONFIG accountDefaultLimits', 'SET twoFactorGraceDays 14', 'DONE', 'COMMIT', 'UPDATE Domain example.com');
    t.is((await requireDomain(cli.ctx, 'example.com')).graceDays, 14);
    await cli.script('UPDATE accountClass staff', 'CONFIG Limits');
    t.is(shownLine(await cli.ok('SHOW'), 'twoFactorGraceDays'), "twoFactorGraceDays = inherited (14, inherited from the domain's Account Defaults)");
    await cli.script('SET twoFactorGraceDays 7', 'DONE', 'COMMIT');
    const domain = await requireDomain(cli.ctx, 'example.com');
    t.is((await requireAccountClass(cli.ctx, domain, 'staff')).graceDays, 7);
    await cli.script('UPDATE Account alice', 'INHERIT SETTINGS FROM accountClass staff', 'CONFIG Limits');
    t.is(shownLine(await cli.ok('SHOW'), 'twoFactorGraceDays'), 'twoFactorGraceDays = inherited (7, inherited from class staff)');
    await cli.script('SET twoFactorGraceDays 0', 'DONE', 'COMMIT', 'UPDATE Account alice', 'CONFIG Limits');
    t.is(shownLine(await cli.ok('SHOW'), 'twoFactorGraceDays'), 'twoFactorGraceDays = 0');
    await cli.script('RESET twoFactorGraceDays', 'DONE', 'COMMIT');
    t.is((await requireAccount(cli.ctx, domain, 'alice')).graceDays, null);
    await cli.script('UPDATE Account alice', 'CONFIG Limits');
    for (const bad of ['-1', '366', 'ten', '2.5']) await cli.err(`SET twoFactorGraceDays ${bad}`, /not a number of days: Enter a whole number of days from 0/);
  });
});

test('the CLI sets and clears an account\'s set-up deadline, shows it, and refuses a date that does not exist', async (t) => {
  await withDomainCli(t, async (cli) => {
    await cli.script('UPDATE Account alice', 'SET twoFactorSetupDeadline 2026-12-14', 'COMMIT');
    const domain = await requireDomain(cli.ctx, 'example.com');
    t.is((await requireAccount(cli.ctx, domain, 'alice')).setupDeadline, Date.UTC(2026, 11, 15) - 1);
    t.is(shownLine(await cli.ok('SHOW Account alice'), 'twoFactorSetupDeadline'), 'twoFactorSetupDeadline = 2026-12-14T23:59:59Z');
    await cli.script('UPDATE Account alice');
    await cli.err('SET twoFactorSetupDeadline 2026-02-30', /YYYY-MM-DD/);
    await cli.script('RESET twoFactorSetupDeadline', 'COMMIT');
    t.is((await requireAccount(cli.ctx, domain, 'alice')).setupDeadline, null);
    const audit = await cli.ctx.db('audit_events').where({ event: 'setup_deadline.changed', actor_kind: 'cli' });
    t.is(audit.length, 2);
  });
});

test('the impact note of a mandatory setting says who gets days to set up', async (t) => {
  await withDomainCli(t, async (cli) => {
    await cli.script('CONFIG accountDefaultLimits', 'SET twoFactorGraceDays 14');
    const output = await cli.ok('SET twoFactorAuthEnabled mandatory');
    t.regex(shownLine(output, 'grace') ?? '', /^grace = They all get 14 days to set up, counted from their next sign-in \(until 12 December 2026, 09:00 UTC/);
  });
});
