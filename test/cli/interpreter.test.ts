import test, { type ExecutionContext } from 'ava';
import { listAudit } from '../../src/repos/audit.js';
import { listSecondFactors } from '../../src/repos/second-factors.js';
import { findAccount } from '../../src/repos/accounts.js';
import { findAdminByName } from '../../src/repos/admins.js';
import { getTwoFactorState, storeSecret } from '../../src/repos/two-factor.js';
import { createAccountClass, removeAccountClass } from '../../src/services/account-classes.js';
import { applyAccountChanges, createAccount, requireAccount } from '../../src/services/accounts.js';
import { applyDomainChanges, createDomain, requireDomain } from '../../src/services/domains.js';
import { ADMIN_PASSWORD } from '../helpers/http.js';
import { referenceTotp } from '../helpers/rfc6238.js';
import { TEST_ADMIN } from '../helpers/services.js';
import { openCli, PEER, type CliHarness } from './helpers.js';

const KEY = 'JBSWY3DPEHPK3PXP';

/** example.com (Account Defaults enabled) with class staff (mandatory) and alice. */
async function withDirectory(cli: CliHarness): Promise<void> {
  const domain = await createDomain(cli.ctx, TEST_ADMIN, 'example.com', 'Secret-123');
  await applyDomainChanges(cli.ctx, TEST_ADMIN, 'example.com', [{ op: 'setTwoFactorDefault', value: 'enabled' }]);
  await createAccountClass(cli.ctx, TEST_ADMIN, domain, 'staff', [{ op: 'setTwoFactor', value: 'mandatory' }]);
  await createAccount(cli.ctx, TEST_ADMIN, domain, { name: 'alice', password: 'correct horse' });
}

/** Everything a refusal must leave alone: alice, the domain and the audit log. */
/** A test over a fresh CLI session: by default with the directory above and logged in as admin. */
function cliTest(title: string, body: (t: ExecutionContext, cli: CliHarness) => Promise<void>, setup: { directory?: boolean; login?: boolean } = {}): void {
  test(title, async (t) => {
    const cli = await openCli(t);
    try {
      if (setup.directory ?? true) await withDirectory(cli);
      if (setup.login ?? true) await cli.login();
      await body(t, cli);
    } finally {
      await cli.testDb.destroy().catch(() => undefined);
    }
  });
}

async function snapshot(cli: CliHarness) {
  return {
    alice: await findAccount(cli.ctx.db, 'example.com', 'alice'),
    domain: await requireDomain(cli.ctx, 'example.com'),
    audit: (await listAudit(cli.ctx.db, { limit: 10_000 })).length,
  };
}

cliTest('login: prompts, a wrong password, then success; commands before login are refused', async (t, cli) => {
  t.deepEqual(cli.session.welcome(), { lines: ['Welcome to the Twostep Command Line Interface; log in with USER <name>'], prompt: '<login> ' });
  await cli.err('SET twoFactorAuthEnabled enabled', /Log in first/);
  await cli.err('LIST Domains', /Log in first/);
  await cli.err('FROBNICATE now', /Unknown command FROBNICATE now/);
  t.deepEqual((await cli.ok('get version')).lines.length, 2);
  t.regex((await cli.ok('HELP')).lines.join('\n'), /USER <name>/);
  t.deepEqual(await cli.ok('user admin'), { lines: ['+OK: Enter the password'], prompt: '<password> ' });
  t.deepEqual(await cli.send('wrong password'), { lines: ['-ERR: Authentication failed'], prompt: '<login> ' });
  await cli.ok('USER admin');
  t.deepEqual(await cli.send('admin-password-1'), { lines: ['+OK: Authentication successful'], prompt: '<#> ' });
  await cli.err('USER admin', /Already logged in/);
  t.deepEqual(await cli.send('quit'), { lines: ['+OK: have a nice day'], prompt: null });
}, { directory: false, login: false });

cliTest('three failed logins close the connection; unknown names fail alike', async (t, cli) => {
  for (const [name, password] of [['admin', 'nope-1'], ['nobody', 'admin-password-1']]) {
    await cli.ok(`USER ${name}`);
    t.deepEqual(await cli.send(password), { lines: ['-ERR: Authentication failed'], prompt: '<login> ' });
  }
  await cli.ok('USER admin');
  t.deepEqual(await cli.send('nope-3'), { lines: ['-ERR: Authentication failed; too many attempts, closing the connection'], prompt: null });
}, { directory: false, login: false });

cliTest('at the password prompt an empty line is refused without counting, and QUIT leaves without counting', async (t, cli) => {
  await cli.ok('USER admin');
  for (let i = 0; i < 5; i++) t.deepEqual(await cli.send('  '), { lines: ['-ERR: Enter the password (or QUIT to leave)'], prompt: '<password> ' });
  t.deepEqual(await cli.send('admin-password-1'), { lines: ['+OK: Authentication successful'], prompt: '<#> ' });
  const other = cli.another();
  await other.handle('USER admin');
  t.deepEqual(await other.handle('quit'), { lines: ['+OK: have a nice day'], prompt: null });
  const failed = await listAudit(cli.ctx.db, { event: 'signin.failed', limit: 5 });
  t.is(failed.length, 0, 'neither the empty lines nor QUIT counted as a failed sign-in');
}, { directory: false, login: false });

cliTest('at the code prompt an empty line is refused without counting, and EXIT leaves without counting', async (t, cli) => {
  const admin = (await findAdminByName(cli.ctx.db, 'admin'))!;
  await storeSecret(cli.ctx.db, { kind: 'admin', id: admin.id }, cli.ctx.secretBox.seal(KEY), true, cli.clock.now());
  await cli.ok('USER admin');
  await cli.ok('admin-password-1');
  t.deepEqual(await cli.send(''), { lines: ['-ERR: Enter the code from your authenticator app or a recovery code (or QUIT to leave)'], prompt: '<code> ' });
  t.deepEqual(await cli.send('EXIT'), { lines: ['+OK: have a nice day'], prompt: null });
  t.is((await listAudit(cli.ctx.db, { event: 'challenge.failed', limit: 5 })).length, 0, 'no code was counted');
  t.is((await getTwoFactorState(cli.ctx.db, { kind: 'admin', id: admin.id }))!.failures, 0);
}, { directory: false, login: false });

cliTest('an admin who protects the login with 2-Step Verification is asked for the code', async (t, cli) => {
  const admin = (await findAdminByName(cli.ctx.db, 'admin'))!;
  await storeSecret(cli.ctx.db, { kind: 'admin', id: admin.id }, cli.ctx.secretBox.seal(KEY), true, cli.clock.now());
  await cli.ok('USER admin');
  t.deepEqual(await cli.send('admin-password-1'), {
    lines: ['+OK: Enter the 2-Step Verification code from your authenticator app (or a recovery code)'],
    prompt: '<code> ',
  });
  t.deepEqual(await cli.send('000000'), { lines: ['-ERR: Wrong verification code; 4 attempt(s) left before code entry locks'], prompt: '<code> ' });
  t.deepEqual(await cli.send(referenceTotp(KEY, cli.clock.now() / 1000)), { lines: ['+OK: Authentication successful'], prompt: '<#> ' });
  const events = await listAudit(cli.ctx.db, { limit: 10, subject: 'admin' });
  t.true(events.some((e) => e.event === 'challenge.succeeded' && e.actor.kind === 'cli' && e.actor.ip === PEER));
}, { directory: false, login: false });

cliTest('keywords are case-insensitive, values keep their case, and changes are audited as the CLI user', async (t, cli) => {
  t.is((await cli.ok('update DOMAIN Name EXAMPLE.com')).prompt, '<domain#> ');
  t.is((await cli.ok('add ACCOUNTCLASS name Office-Team')).prompt, '<domain-accountClass#> ');
  t.is((await cli.ok('config LIMITS')).prompt, '<domain-accountClass-limits#> ');
  await cli.script('set TWOFACTORAUTHENABLED mandatory', 'done');
  t.is((await cli.ok('commit')).lines[0], '+OK: Account class Office-Team created');
  const listed = (await cli.ok('list accountclasses')).lines;
  t.true(listed.some((line) => /^Office-Team\s+mandatory\s+set on this class\s+0$/.test(line)), listed.join('\n'));
  await cli.script('update account ALICE', 'Set Password "New Pass Word"', 'inherit settings from ACCOUNTCLASS Office-Team', 'COMMIT');
  const alice = await requireAccount(cli.ctx, await requireDomain(cli.ctx, 'example.com'), 'alice');
  t.is(alice.className, 'Office-Team');
  const events = await listAudit(cli.ctx.db, { limit: 10, subject: 'alice@example.com' });
  t.deepEqual(
    events.map((e) => [e.event, e.actor]),
    [
      ['class.changed', { kind: 'cli', name: 'admin', ip: PEER }],
      ['password.changed', { kind: 'cli', name: 'admin', ip: PEER }],
      ['account.created', { kind: 'admin', name: 'admin', ip: '192.0.2.10' }],
    ],
  );
});

cliTest('refused with -ERR and nothing changed', async (t, cli) => {
  const before = await snapshot(cli);
  await cli.err('SET twoFactorAuthEnabled enabled', /SET twoFactorAuthEnabled is not available in this context \(<#>\)/);
  await cli.err('COMMIT', /not available in this context/);
  await cli.err('UPDATE Domain nowhere.example', /There is no domain nowhere\.example/);
  await cli.err('DELETE Domain name nowhere.example', /There is no domain/);
  await cli.err('CREATE Domain name example.com postmasterPassword Secret-123', /already exists/);
  await cli.err('CREATE Domain name "bad domain" postmasterPassword Secret-123', /not a valid domain/);
  await cli.err('DANCE', /Unknown command DANCE/);
  await cli.ok('UPDATE Domain example.com');
  await cli.err('UPDATE Account bob', /There is no account bob@example\.com/);
  await cli.err('SHOW Account bob', /There is no account/);
  await cli.err('REMOVE Account bob', /There is no account/);
  await cli.err('REMOVE Account postmaster', /cannot be removed/);
  await cli.err('UPDATE accountClass nobody', /There is no account class nobody/);
  await cli.err('ADD Account alice password "correct horse"', /already exists/);
  await cli.err('ADD Account "Bad Name" password "correct horse"', /not a valid account name/);
  await cli.err('ADD Account carol password short', /at least 8/);
  await cli.err('ADD accountClass staff', /already exists/);
  await cli.err('SET twoFactorSecretKey JBSWY3DPEHPK3PXP', /not available in this context \(<domain#>\)/);
  await cli.err('REVOKE all securityMethods', /not available/);
  await cli.ok('CONFIG accountDefaultLimits');
  await cli.err('SET twoFactorAuthEnabled sometimes', /"sometimes" is not a 2-Step Verification setting/);
  await cli.err('SET twoFactorAuthEnabled', /Missing the value/);
  await cli.err('RESET twoFactorAuthEnabled', /not available in this context \(<domain-accountDefaultLimits#>\)/);
  await cli.script('DONE', 'UPDATE Account alice');
  for (const key of ['JBSWY3DPEHPK3PX', 'JBSWY3DPEHPK3PXPA', 'JBSWY3DPEHPK3PX0', 'JBSWY3DPEHPK3PX1', 'JBSWY3DPEHPK3PX8', 'JBSWY3DPEHPK3PX9', '""', '"   "']) {
    await cli.err(`SET twoFactorSecretKey ${key}`, /16 characters/);
  }
  await cli.err('SET twoFactorSecretKey', /Missing the key/);
  await cli.err('SET twoFactorConfigured maybe', /"maybe" is not yes or no/);
  await cli.err('SET password short', /at least 8/);
  await cli.err('INHERIT SETTINGS FROM accountClass nobody', /There is no account class nobody/);
  await cli.err('INHERIT SETTINGS FROM nowhere', /Unknown command|not available/);
  await cli.err('CONFIG accountDefaultLimits', /not available in this context \(<domain-account#>\)/);
  await cli.ok('CONFIG Limits');
  await cli.err('SET twoFactorAuthEnabled ENABLED-ish', /not a 2-Step Verification setting/);
  await cli.ok('DONE');
  const shown = (await cli.ok('SHOW')).lines;
  t.false(shown.some((line) => line.startsWith('pendingChanges')), 'refused commands staged nothing');
  t.is((await cli.ok('COMMIT')).lines[0], '+OK: Account alice@example.com saved (no changes)');
  await cli.ok('COMMIT');
  t.deepEqual(await snapshot(cli), before);
});

cliTest('BACK discards what the context staged; DONE keeps Limits changes for COMMIT', async (t, cli) => {
  const before = await snapshot(cli);
  await cli.script('UPDATE Domain example.com', 'SET brandingName "Example Mail"', 'CONFIG accountDefaultLimits');
  t.regex((await cli.ok('SET twoFactorAuthEnabled mandatory')).lines[0], /^note = after COMMIT, 2 account\(s\) .* \(alice@example\.com, postmaster@example\.com\)$/);
  t.deepEqual(await cli.send('BACK'), { lines: ['+OK: Back; 1 staged change discarded'], prompt: '<domain#> ' });
  t.true((await cli.ok('SHOW')).lines.includes('pendingChanges = 1 change staged (COMMIT applies, BACK discards)'));
  await cli.script('UPDATE Account alice', `SET twoFactorSecretKey ${KEY}`, 'CONFIG Limits', 'SET twoFactorAuthEnabled disabled');
  t.deepEqual(await cli.send('DONE'), { lines: ['+OK: Left the Limits with 1 change staged for COMMIT'], prompt: '<domain-account#> ' });
  t.deepEqual(await cli.send('BACK'), { lines: ['+OK: Back; 2 staged changes discarded'], prompt: '<domain#> ' });
  await cli.ok('ADD Account carol password "correct horse"');
  t.deepEqual(await cli.send('back'), { lines: ['+OK: Back; 1 staged change discarded'], prompt: '<domain#> ' });
  t.deepEqual(await cli.send('BACK'), { lines: ['+OK: Back; 1 staged change discarded'], prompt: '<#> ' });
  t.deepEqual(await snapshot(cli), before);
  t.is(await findAccount(cli.ctx.db, 'example.com', 'carol'), null);
});

cliTest('a failure inside COMMIT leaves the old state and the staged changes', async (t, cli) => {
  const before = await snapshot(cli);
  await cli.script('UPDATE Domain example.com', 'UPDATE Account alice', 'CONFIG Limits', 'SET twoFactorAuthEnabled disabled', 'DONE', 'SET twoFactorConfigured yes');
  t.deepEqual(await cli.send('COMMIT'), {
    lines: ['-ERR: There is no secret key to mark as configured: add one first (twoFactorSecretKey).'],
    prompt: '<domain-account#> ',
  });
  t.deepEqual(await snapshot(cli), before);
  await cli.script('BACK', 'UPDATE Account alice', 'INHERIT SETTINGS FROM accountClass staff', `SET twoFactorSecretKey ${KEY}`);
  await removeAccountClass(cli.ctx, TEST_ADMIN, await requireDomain(cli.ctx, 'example.com'), 'staff');
  const afterRemoval = await snapshot(cli);
  await cli.err('COMMIT', /There is no account class staff/);
  t.deepEqual(await snapshot(cli), afterRemoval);
  t.is((await findAccount(cli.ctx.db, 'example.com', 'alice'))!.state.hasKey, false);
});

cliTest('account context: show, key commands, security methods, revoke', async (t, cli) => {
  await cli.script('UPDATE Domain example.com', 'UPDATE Account alice');
  await cli.err('SHOW twoFactorCode', /has no 2-Step Verification secret key/);
  await cli.ok(`SET twoFactorSecretKey "jbsw y3dp ehpk 3pxp"`);
  await cli.err('SHOW twoFactorCode', /COMMIT them first/);
  t.deepEqual((await cli.ok('COMMIT')).lines, ['+OK: Account alice@example.com saved (1 change)']);
  await cli.ok('UPDATE Account alice');
  t.deepEqual((await cli.ok('SHOW twoFactorCode')).lines, [`twoFactorCode = ${referenceTotp(KEY, cli.clock.now() / 1000)}`, '+OK: Current verification code']);
  const methods = (await cli.ok('LIST SecurityMethods')).lines;
  const [device] = await listSecondFactors(cli.ctx.db, { kind: 'account', id: (await findAccount(cli.ctx.db, 'example.com', 'alice'))!.id });
  t.deepEqual(methods, [
    'id  method         name             state       added                 lastUsed  deviceClock',
    '--  -------------  ---------------  ----------  --------------------  --------  -----------',
    `${device.id}   totp           Provisioned key  configured  2026-11-28T09:00:00Z  -         -`,
    '-   recoveryCodes  -                0 unused    -                     -         -',
    '+OK: 2 security method(s)',
  ]);

  const shown = (await cli.ok('SHOW')).lines;
  t.true(shown.includes("twoFactorAuthEnabled = enabled (inherited from the domain's Account Defaults)"));
  t.true(shown.includes('twoFactorConfigured = yes'));
  t.true(shown.includes('locked = no'));
  await cli.script('REVOKE all securityMethods', 'COMMIT');
  t.is((await findAccount(cli.ctx.db, 'example.com', 'alice'))!.state.hasKey, false);
  await cli.script('UPDATE Account alice', 'RESET twoFactorSecretKey', 'COMMIT');
  const alice = (await findAccount(cli.ctx.db, 'example.com', 'alice'))!;
  t.true(alice.state.hasKey);
  t.false(alice.state.configured);
  const events = (await listAudit(cli.ctx.db, { limit: 10, subject: 'alice@example.com' })).map((e) => e.event);
  t.deepEqual(events.slice(0, 3), ['key.reset', 'devices.revoked', 'key.provisioned']);
});

cliTest('REVOKE securityMethod <id> removes one device at COMMIT; the others keep working, the only one needs REVOKE all', async (t, cli) => {
  const domain = await requireDomain(cli.ctx, 'example.com');
  await applyAccountChanges(cli.ctx, TEST_ADMIN, domain, 'alice', [{ op: 'provisionKey', key: KEY, name: 'Home phone' }, { op: 'provisionKey', key: 'GEZDGNBVGY3TQOJQ', name: 'Work phone' }]);
  const subject = { kind: 'account' as const, id: (await findAccount(cli.ctx.db, 'example.com', 'alice'))!.id };
  const [home, work] = await listSecondFactors(cli.ctx.db, subject);
  await cli.script('UPDATE Domain example.com', 'UPDATE Account alice');
  const listed = (await cli.ok('LIST SecurityMethods')).lines;
  t.regex(listed[2], new RegExp(`^${home.id} +totp +Home phone +configured`));
  t.regex(listed[3], new RegExp(`^${work.id} +totp +Work phone +configured`));
  t.deepEqual((await cli.ok('SHOW twoFactorCode')).lines.slice(0, 2), [
    `twoFactorCode.${home.id} = ${referenceTotp(KEY, cli.clock.now() / 1000)} (Home phone)`,
    `twoFactorCode.${work.id} = ${referenceTotp('GEZDGNBVGY3TQOJQ', cli.clock.now() / 1000)} (Work phone)`,
  ]);
  await cli.err('REVOKE securityMethod abc', /not a device id/);
  await cli.ok(`REVOKE securityMethod ${work.id}`);
  t.is((await listSecondFactors(cli.ctx.db, subject)).length, 2, 'staged until COMMIT');
  await cli.ok('COMMIT');
  t.deepEqual((await listSecondFactors(cli.ctx.db, subject)).map((d) => d.name), ['Home phone']);
  const [event] = await listAudit(cli.ctx.db, { event: 'device.removed', limit: 1 });
  t.like(event, { actor: { kind: 'cli', name: 'admin' }, detail: `device "Work phone" (#${work.id})` });
  await cli.script('UPDATE Account alice', `REVOKE securityMethod ${home.id}`);
  await cli.err('COMMIT', /only device of alice@example.com: to remove it, revoke all devices/);
  await cli.script('BACK', 'UPDATE Account alice', `REVOKE securityMethod ${work.id}`);
  await cli.err('COMMIT', /has no device #/);
  t.is((await listSecondFactors(cli.ctx.db, subject)).length, 1);
  await cli.script('BACK', 'UPDATE Account alice', 'SET twoFactorSecretKey KRSXG5CTMVRXEZLU deviceName "Hardware token"', 'COMMIT');
  t.deepEqual((await listSecondFactors(cli.ctx.db, subject)).map((d) => d.name), ['Home phone', 'Hardware token'], 'SET twoFactorSecretKey adds a named device');
  await cli.script('UPDATE Account alice');
  await cli.err(`SET twoFactorSecretKey KRSXG5CTMVRXEZLU deviceName "${'x'.repeat(65)}"`, /at most 64 characters/);
});

cliTest('limits SHOW resolves the staged setting and where an inherited one comes from', async (t, cli) => {
  await cli.script('UPDATE Domain example.com', 'UPDATE Account alice', 'CONFIG Limits');
  const show = async () => (await cli.ok('SHOW')).lines[0];
  t.is(await show(), "twoFactorAuthEnabled = inherited (enabled, inherited from the domain's Account Defaults)");
  await cli.ok('SET twoFactorAuthEnabled disabled');
  t.is(await show(), 'twoFactorAuthEnabled = disabled');
  await cli.script('RESET twoFactorAuthEnabled', 'DONE', 'INHERIT SETTINGS FROM accountClass staff', 'CONFIG Limits');
  t.is(await show(), 'twoFactorAuthEnabled = inherited (mandatory, inherited from class staff)');
  await cli.script('BACK', 'BACK', 'UPDATE accountClass staff', 'CONFIG Limits');
  t.is(await show(), 'twoFactorAuthEnabled = mandatory');
  await cli.ok('RESET twoFactorAuthEnabled');
  t.is(await show(), "twoFactorAuthEnabled = inherited (enabled, inherited from the domain's Account Defaults)");
  await cli.ok('DONE');
  t.true((await cli.ok('SHOW')).lines.includes('pendingChanges = 1 change staged (COMMIT applies, BACK discards)'));
  await cli.ok('COMMIT');
  const classes = (await cli.ok('LIST AccountClasses')).lines;
  t.regex(classes[2], /^staff\s+enabled\s+inherited from the domain's Account Defaults\s+0$/);
});

cliTest('LIST Accounts with wildcards, REMOVE, DELETE Domain, SAVE CONFIG', async (t, cli) => {
  const domain = await requireDomain(cli.ctx, 'example.com');
  for (const name of ['bob', 'rob', 'bobby']) await createAccount(cli.ctx, TEST_ADMIN, domain, { name, password: 'correct horse' });
  await applyAccountChanges(cli.ctx, TEST_ADMIN, domain, 'bob', [{ op: 'inherit', className: 'staff' }]);
  await cli.login();
  await cli.ok('UPDATE Domain example.com');
  const names = async (line: string) => (await cli.ok(line)).lines.slice(2, -1).map((row) => row.split(/\s+/)[0]);
  t.deepEqual(await names('LIST Accounts'), ['alice', 'bob', 'bobby', 'postmaster', 'rob']);
  t.deepEqual(await names('LIST Accounts ?ob'), ['bob', 'rob']);
  t.deepEqual(await names('LIST Accounts bob*'), ['bob', 'bobby']);
  t.deepEqual(await names('LIST Accounts nobody*'), []);
  const rows = (await cli.ok('LIST Accounts bob')).lines;
  t.regex(rows[2], /^bob\s+mandatory\s+inherited from class staff\s+enabled, not configured$/);
  t.is((await cli.ok('REMOVE Account rob')).lines[0], '+OK: Account rob@example.com removed');
  t.is(await findAccount(cli.ctx.db, 'example.com', 'rob'), null);
  await cli.script('REMOVE accountClass staff', 'BACK', 'SAVE CONFIG');
  const domains = (await cli.ok('LIST Domains')).lines;
  t.regex(domains[2], /^example\.com\s+4\s+enabled\s+-$/);
  t.is((await cli.ok('DELETE Domain name example.com')).lines[0], '+OK: Domain example.com deleted with all its accounts and classes');
  await cli.err('SHOW Domain example.com', /There is no domain/);
}, { login: false });

cliTest('garbage never crashes the session, and an unexpected failure answers -ERR', async (t, cli) => {
  await cli.err('\u0000\u0001\u0002', /control character/);
  await cli.err('"', /no closing quote/);
  await cli.err('x'.repeat(10_000), /Unknown command/);
  await cli.login();
  await cli.err('\uFFFD\uFFFD LIST', /Unknown command/);
  t.deepEqual(await cli.send('   '), { lines: [], prompt: '<#> ' });
  await cli.ctx.db.destroy();
  t.deepEqual(await cli.send('LIST Domains'), { lines: ['-ERR: The command failed on the server; nothing was changed'], prompt: '<#> ' });
  t.true(cli.logs.some((line) => line.startsWith('error CLI command failed')));
}, { directory: false, login: false });

cliTest('a control character at the password prompt, or in a quoted value, is refused and the prompt stays', async (t, cli) => {
  await cli.ok('USER admin');
  for (const line of ['admin\u0000password', 'x\u001b[2J', 'tab\tis\tnot\tenough\r']) {
    t.deepEqual(await cli.send(line), { lines: ['-ERR: The line holds a control character (such as a NUL byte) and was ignored'], prompt: '<password> ' });
  }
  // Refused lines are not wrong passwords: three of them do not close the connection, the right one still logs in.
  await cli.ok(ADMIN_PASSWORD);
  t.deepEqual((await cli.err('UPDATE Domain "example\u0000.com"', /control character/)).prompt, '<#> ');
}, { login: false });
