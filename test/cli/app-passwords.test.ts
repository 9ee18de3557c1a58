import test, { type ExecutionContext } from 'ava';
import { ACCOUNT_COMMANDS } from '../../src/cli/commands/account.js';
import { matchCommand } from '../../src/cli/grammar.js';
import { tokenize } from '../../src/cli/tokenizer.js';
import { listAppPasswords } from '../../src/repos/app-passwords.js';
import { listAudit } from '../../src/repos/audit.js';
import { applyAccountChanges, createAccount } from '../../src/services/accounts.js';
import { createAppPassword, matchAppPassword, noteAppPasswordUse } from '../../src/services/app-passwords.js';
import { applyDomainChanges, createDomain } from '../../src/services/domains.js';
import { TEST_ADMIN } from '../helpers/services.js';
import { openCli, PEER, type CliHarness } from './helpers.js';

const KEY = 'JBSWY3DPEHPK3PXP';
const DA = '<domain-account#> ';

const parsed: [string, string, Record<string, string>][] = [
  ['LIST AppPasswords', 'LIST AppPasswords', {}],
  ['list apppasswords', 'LIST AppPasswords', {}],
  ['REVOKE AppPassword Phone', 'REVOKE AppPassword', { name: 'Phone' }],
  ['REVOKE AppPassword name Phone', 'REVOKE AppPassword', { name: 'Phone' }],
  ['revoke apppassword "Thunderbird on the laptop"', 'REVOKE AppPassword', { name: 'Thunderbird on the laptop' }],
  ['REVOKE AppPassword "all"', 'REVOKE AppPassword', { name: 'all' }],
  ['REVOKE all AppPasswords', 'REVOKE all AppPasswords', {}],
  ['revoke ALL apppasswords', 'REVOKE all AppPasswords', {}],
];
/** The account-context command a line names, as `[words, values]`, or the parser's refusal. */
function readLine(line: string): [string, Record<string, string>] | string {
  const result = tokenize(line);
  if (!result.ok) return result.message;
  const match = matchCommand(result.tokens, ACCOUNT_COMMANDS);
  if (match.kind === 'matched') return [match.spec.words.join(' '), match.values];
  return match.kind === 'invalid' ? match.message : 'no command';
}

test('the account context reads the app-password commands, keywords in any case, a name quoted or not', (t) => {
  for (const [line, command, values] of parsed) t.deepEqual(readLine(line), [command, values], line);
});

const misread: [string, RegExp][] = [
  ['REVOKE AppPassword', /^Missing the name\. Usage: REVOKE AppPassword \[name\] <name>$/],
  ['REVOKE AppPassword Thunderbird on the laptop', /^Unexpected "on"\. Usage: REVOKE AppPassword \[name\] <name>$/],
  ['REVOKE all AppPasswords now', /^Unexpected "now"\. Usage: REVOKE all AppPasswords$/],
  ['LIST AppPasswords Phone', /^Unexpected "Phone"/],
];
test('the account context refuses app-password commands with a missing or extra word, saying how they are written', (t) => {
  for (const [line, message] of misread) {
    const read = readLine(line);
    t.is(typeof read, 'string', line);
    t.regex(String(read), message, line);
  }
});

/** example.com with alice (2-Step Verification configured) holding "Thunderbird on the laptop" (used over IMAP) and "Phone"; logged in. */
async function withAppPasswords(cli: CliHarness): Promise<number> {
  const domain = await createDomain(cli.ctx, TEST_ADMIN, 'example.com', 'Secret-123');
  await applyDomainChanges(cli.ctx, TEST_ADMIN, 'example.com', [{ op: 'setTwoFactorDefault', value: 'enabled' }]);
  await createAccount(cli.ctx, TEST_ADMIN, domain, { name: 'alice', password: 'correct horse' });
  const alice = await applyAccountChanges(cli.ctx, TEST_ADMIN, domain, 'alice', [{ op: 'provisionKey', key: KEY }]);
  const user = { kind: 'user' as const, name: alice.address, ip: null };
  const laptop = await createAppPassword(cli.ctx, user, alice, 'Thunderbird on the laptop');
  cli.clock.advance(60_000);
  await createAppPassword(cli.ctx, user, alice, 'Phone');
  cli.clock.advance(60_000);
  await noteAppPasswordUse(cli.ctx, alice, (await matchAppPassword(cli.ctx, alice, laptop.password))!, { ip: '198.51.100.4', service: 'submission' });
  await cli.login();
  return alice.id;
}

function cliTest(title: string, body: (t: ExecutionContext, cli: CliHarness, aliceId: number) => Promise<void>): void {
  test(title, async (t) => {
    const cli = await openCli(t);
    try {
      await body(t, cli, await withAppPasswords(cli));
    } finally {
      await cli.testDb.destroy().catch(() => undefined);
    }
  });
}

const at = (cli: CliHarness, minutesAgo: number) => new Date(cli.clock.now() - minutesAgo * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

cliTest('LIST AppPasswords, REVOKE AppPassword by a quoted name, then REVOKE all AppPasswords, as a transcript', async (t, cli, aliceId) => {
  await cli.script('UPDATE Domain example.com', 'UPDATE Account alice');
  t.deepEqual(await cli.send('LIST AppPasswords'), {
    lines: [
      'name                       created               lastUsed              address       protocol',
      '-------------------------  --------------------  --------------------  ------------  --------',
      `Thunderbird on the laptop  ${at(cli, 2)}  ${at(cli, 0)}  198.51.100.4  SMTP`,
      `Phone                      ${at(cli, 1)}  never                 -             -`,
      '+OK: 2 app password(s)',
    ],
    prompt: DA,
  });
  t.deepEqual(await cli.send('REVOKE AppPassword "thunderbird ON the laptop"'), { lines: ['+OK: App password "Thunderbird on the laptop" of alice@example.com revoked'], prompt: DA });
  t.deepEqual((await cli.send('LIST AppPasswords')).lines, [
    'name   created               lastUsed  address  protocol',
    '-----  --------------------  --------  -------  --------',
    `Phone  ${at(cli, 1)}  never     -        -`,
    '+OK: 1 app password(s)',
  ]);
  t.deepEqual(await cli.send('REVOKE all AppPasswords'), { lines: ['+OK: 1 app password(s) of alice@example.com revoked'], prompt: DA });
  t.deepEqual(await cli.send('LIST AppPasswords'), { lines: ['name  created  lastUsed  address  protocol', '----  -------  --------  -------  --------', '+OK: 0 app password(s)'], prompt: DA });
  t.deepEqual(await cli.send('REVOKE all AppPasswords'), { lines: ['+OK: 0 app password(s) of alice@example.com revoked'], prompt: DA });
  t.deepEqual(await cli.send('BACK'), { lines: ['+OK: Back; nothing was staged'], prompt: '<domain#> ' }, 'revocations are not staged');
  t.is((await listAppPasswords(cli.ctx.db, aliceId)).length, 0);
  const events = await listAudit(cli.ctx.db, { subject: 'alice@example.com', limit: 3 });
  t.deepEqual(
    events.slice(0, 2).map((e) => [e.event, e.detail, e.actor]),
    [
      ['app_passwords.revoked', '1 app password', { kind: 'cli', name: 'admin', ip: PEER }],
      ['app_password.revoked', 'Thunderbird on the laptop', { kind: 'cli', name: 'admin', ip: PEER }],
    ],
  );
});

cliTest('an unknown name, a missing name, a new account or the wrong context answer -ERR and revoke nothing', async (t, cli, aliceId) => {
  await cli.err('REVOKE AppPassword Phone', /REVOKE AppPassword is not available in this context \(<#>\)/);
  await cli.ok('UPDATE Domain example.com');
  await cli.err('LIST AppPasswords', /not available in this context \(<domain#>\)/);
  await cli.err('REVOKE all AppPasswords', /not available in this context \(<domain#>\)/);
  await cli.ok('UPDATE Account alice');
  t.deepEqual(await cli.send('REVOKE AppPassword "Thunderbird"'), { lines: ['-ERR: There is no app password named "Thunderbird" for alice@example.com.'], prompt: DA });
  t.deepEqual(await cli.send('REVOKE AppPassword'), { lines: ['-ERR: Missing the name. Usage: REVOKE AppPassword [name] <name>'], prompt: DA });
  await cli.err('REVOKE AppPassword Thunderbird on the laptop', /Unexpected "on"/);
  await cli.err('REVOKE AppPassword ""', /There is no app password named "" for alice@example\.com/);
  await cli.script('BACK', 'ADD Account carol password "correct horse"');
  await cli.err('LIST AppPasswords', /not created yet: COMMIT it first/);
  await cli.err('REVOKE all AppPasswords', /not created yet: COMMIT it first/);
  await cli.err('REVOKE AppPassword Phone', /not created yet: COMMIT it first/);
  t.is((await listAppPasswords(cli.ctx.db, aliceId)).length, 2);
  t.is((await listAudit(cli.ctx.db, { event: 'app_password.revoked', limit: 5 })).length, 0);
});

cliTest('HELP of the account context lists the app-password commands', async (t, cli) => {
  await cli.script('UPDATE Domain example.com', 'UPDATE Account alice');
  const help = (await cli.ok('HELP')).lines.join('\n');
  t.regex(help, /^LIST AppPasswords\s+lists the account's app passwords/m);
  t.regex(help, /^REVOKE AppPassword \[name\] <name>\s+revokes the app password of that name at once/m);
  t.regex(help, /^REVOKE all AppPasswords\s+revokes every app password of the account at once/m);
});
