import anyTest, { type TestFn } from 'ava';
import type { TestClock } from '../../src/clock.js';
import { listAppPasswords } from '../../src/repos/app-passwords.js';
import { listAudit, type Actor } from '../../src/repos/audit.js';
import { listMessages } from '../../src/repos/messages.js';
import { applyAccountChanges, createAccount, removeAccount, requireAccount, type AccountChange, type AccountRecord } from '../../src/services/accounts.js';
import { APP_PASSWORD_LIMIT, accountAppPasswords, createAppPassword, revokeAllAppPasswords, revokeAppPassword } from '../../src/services/app-passwords.js';
import type { ServiceContext } from '../../src/services/context.js';
import { createDomain, type DomainRecord } from '../../src/services/domains.js';
import { ServiceError } from '../../src/services/errors.js';
import { accountPairingTarget, revokeDevicesByUser } from '../../src/services/pairing.js';
import type { TestDb } from '../helpers/db.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

const KEY = 'JBSWY3DPEHPK3PXP';
const USER: Actor = { kind: 'user', name: 'alice@example.com', ip: '192.0.2.7' };

const test = anyTest as TestFn<{ ctx: ServiceContext; clock: TestClock; testDb: TestDb; domain: DomainRecord }>;

test.beforeEach(async (t) => {
  const { ctx, clock, testDb } = await openServices();
  const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'postmaster-password-1');
  await createAccount(ctx, TEST_ADMIN, domain, { name: 'alice', password: 'alice-password-1' }, [
    { op: 'setTwoFactor', value: 'enabled' },
    { op: 'provisionKey', key: KEY },
  ]);
  await createAccount(ctx, TEST_ADMIN, domain, { name: 'bob', password: 'bob-password-1' }, [{ op: 'setTwoFactor', value: 'enabled' }]);
  t.context = { ctx, clock, testDb, domain };
});

test.afterEach.always(async (t) => {
  await t.context.testDb.destroy();
});

const alice = (t: { context: { ctx: ServiceContext; domain: DomainRecord } }) => requireAccount(t.context.ctx, t.context.domain, 'alice');

async function notices(ctx: ServiceContext, account: AccountRecord): Promise<{ subject: string; body: string }[]> {
  return (await listMessages(ctx.db, account.id)).filter((message) => message.kind === 'notice');
}

async function events(ctx: ServiceContext, event: string): Promise<string[]> {
  return (await listAudit(ctx.db, { event, limit: 100 })).map((row) => row.detail ?? '');
}

async function refusal(run: () => Promise<unknown>): Promise<ServiceError> {
  const error = await run().then(
    () => null,
    (err: unknown) => err,
  );
  if (!(error instanceof ServiceError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

test('a created app password is shown once in four groups, kept only as a salted hash, listed by name, audited and noticed', async (t) => {
  const { ctx, clock } = t.context;
  const account = await alice(t);
  const created = await createAppPassword(ctx, USER, account, '  Thunderbird on the laptop ');
  t.is(created.name, 'Thunderbird on the laptop');
  t.regex(created.password, /^[a-z]{4} [a-z]{4} [a-z]{4} [a-z]{4}$/);
  const [row] = await listAppPasswords(ctx.db, account.id);
  t.regex(row.hash, /^sha256\$/);
  t.false(row.hash.includes(created.password.replace(/ /g, '')));
  t.deepEqual(await accountAppPasswords(ctx, account), [
    { id: row.id, name: 'Thunderbird on the laptop', createdAt: clock.now(), lastUsedAt: null, lastUsedIp: null, lastUsedProtocol: null },
  ]);
  t.deepEqual(await events(ctx, 'app_password.created'), ['Thunderbird on the laptop']);
  const [notice] = await notices(ctx, account);
  t.is(notice.subject, 'A new app password');
  t.regex(notice.body, /Name: Thunderbird on the laptop/);
  t.notRegex(notice.body, new RegExp(created.password));
});

test('app passwords are for accounts whose 2-Step Verification is on', async (t) => {
  const { ctx, domain } = t.context;
  const bob = await requireAccount(ctx, domain, 'bob');
  const error = await refusal(() => createAppPassword(ctx, { ...USER, name: bob.address }, bob, 'Phone'));
  t.is(error.kind, 'conflict');
  t.regex(error.message, /once 2-Step Verification is on/);
  t.deepEqual(await accountAppPasswords(ctx, bob), []);
});

const BAD_NAMES: [string, string][] = [
  ['an empty name', ''],
  ['a name of spaces', '    '],
  ['a name too long', 'x'.repeat(65)],
  ['a name with a control character', 'Phone\u0007'],
];
for (const [what, name] of BAD_NAMES) {
  test(`refused, nothing stored: ${what}`, async (t) => {
    const { ctx } = t.context;
    const account = await alice(t);
    const error = await refusal(() => createAppPassword(ctx, USER, account, name));
    t.is(error.kind, 'invalid');
    t.is(error.field, 'name');
    t.deepEqual(await accountAppPasswords(ctx, account), []);
  });
}

test('names are unique per account whatever their case; another account may use the same name', async (t) => {
  const { ctx, domain } = t.context;
  const account = await alice(t);
  await createAppPassword(ctx, USER, account, 'Phone');
  const error = await refusal(() => createAppPassword(ctx, USER, account, 'PHONE'));
  t.is(error.kind, 'conflict');
  t.regex(error.message, /already an app password named "PHONE"/);
  await applyAccountChanges(ctx, TEST_ADMIN, domain, 'bob', [{ op: 'provisionKey', key: KEY }]);
  const bob = await requireAccount(ctx, domain, 'bob');
  t.is((await createAppPassword(ctx, { ...USER, name: bob.address }, bob, 'Phone')).name, 'Phone');
});

test(`at most ${APP_PASSWORD_LIMIT} per account, also when ${APP_PASSWORD_LIMIT + 10} are asked for at once`, async (t) => {
  const { ctx } = t.context;
  const account = await alice(t);
  const outcomes = await Promise.allSettled(Array.from({ length: APP_PASSWORD_LIMIT + 10 }, (_, i) => createAppPassword(ctx, USER, account, `Device ${i}`)));
  t.is(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, APP_PASSWORD_LIMIT);
  for (const outcome of outcomes) {
    if (outcome.status === 'rejected') t.regex((outcome.reason as ServiceError).message, /at most 20 app passwords/);
  }
  t.is((await accountAppPasswords(ctx, account)).length, APP_PASSWORD_LIMIT);
  await revokeAppPassword(ctx, USER, account, (await accountAppPasswords(ctx, account))[0].id);
  await createAppPassword(ctx, USER, account, 'One more');
  t.is((await accountAppPasswords(ctx, account)).length, APP_PASSWORD_LIMIT);
});

test('"Revoke" ends one app password, "Revoke all" the rest; each is audited and noticed', async (t) => {
  const { ctx } = t.context;
  const account = await alice(t);
  await createAppPassword(ctx, USER, account, 'Phone');
  await createAppPassword(ctx, USER, account, 'Laptop');
  await createAppPassword(ctx, USER, account, 'Tablet');
  const [phone] = await accountAppPasswords(ctx, account);
  t.is(await revokeAppPassword(ctx, USER, account, phone.id), 'Phone');
  t.deepEqual((await accountAppPasswords(ctx, account)).map((row) => row.name), ['Laptop', 'Tablet']);
  t.is((await refusal(() => revokeAppPassword(ctx, USER, account, phone.id))).kind, 'not_found');
  t.is(await revokeAllAppPasswords(ctx, USER, account), 2);
  t.deepEqual(await accountAppPasswords(ctx, account), []);
  t.deepEqual(await events(ctx, 'app_password.revoked'), ['Phone']);
  t.deepEqual(await events(ctx, 'app_passwords.revoked'), ['2 app passwords']);
  const subjects = (await notices(ctx, account)).map((notice) => notice.subject);
  t.true(subjects.includes('An app password was revoked'));
  t.true(subjects.includes('All app passwords were revoked'));
  t.is(await revokeAllAppPasswords(ctx, USER, account), 0, 'nothing left: nothing to audit');
  t.is((await events(ctx, 'app_passwords.revoked')).length, 1);
});

test('one account cannot revoke another account\'s app password', async (t) => {
  const { ctx, domain } = t.context;
  const account = await alice(t);
  await createAppPassword(ctx, USER, account, 'Phone');
  const [phone] = await accountAppPasswords(ctx, account);
  const bob = await requireAccount(ctx, domain, 'bob');
  t.is((await refusal(() => revokeAppPassword(ctx, { ...USER, name: bob.address }, bob, phone.id))).kind, 'not_found');
  t.is((await accountAppPasswords(ctx, account)).length, 1);
});

const ENDINGS: [string, AccountChange[], RegExp][] = [
  ['an admin revokes all devices', [{ op: 'revokeAll' }], /all 2-Step Verification devices of the account were revoked/],
  ['an admin marks the key not configured', [{ op: 'setConfigured', value: false }], /all 2-Step Verification devices/],
  ['an admin resets the key', [{ op: 'resetKey' }], /key of the account was reset/],
  ['an admin changes the password', [{ op: 'setPassword', password: 'a-new-password-1' }], /password of the account was changed/],
  ['an admin revokes all app passwords', [{ op: 'revokeAppPasswords' }], /^Every app password/],
];
for (const [what, changes, why] of ENDINGS) {
  test(`every app password ends when ${what}, with a notice saying so`, async (t) => {
    const { ctx, domain } = t.context;
    const account = await alice(t);
    await createAppPassword(ctx, USER, account, 'Phone');
    await createAppPassword(ctx, USER, account, 'Laptop');
    await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', changes);
    t.deepEqual(await accountAppPasswords(ctx, account), []);
    const notice = (await notices(ctx, account)).find((one) => one.subject === 'All app passwords were revoked');
    t.truthy(notice);
    t.regex(notice!.body, why);
    t.regex(notice!.body, /Done by an administrator \(admin\)/);
    t.is((await events(ctx, 'app_passwords.revoked')).length, 1);
    t.regex((await events(ctx, 'app_passwords.revoked'))[0], /^2 app passwords/);
  });
}

test('the user turning 2-Step Verification off ("Revoke all devices") ends every app password', async (t) => {
  const { ctx } = t.context;
  const account = await alice(t);
  await createAppPassword(ctx, USER, account, 'Phone');
  await revokeDevicesByUser(ctx, USER, await accountPairingTarget(ctx, account), undefined, true);
  t.deepEqual(await accountAppPasswords(ctx, account), []);
  const notice = (await notices(ctx, account)).find((one) => one.subject === 'All app passwords were revoked');
  t.regex(notice!.body, /devices of the account were revoked/);
  t.notRegex(notice!.body, /Done by/);
});

test('a change that ends nothing sends no app-password notice', async (t) => {
  const { ctx, domain } = t.context;
  await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'setPassword', password: 'a-new-password-1' }]);
  t.false((await notices(ctx, await alice(t))).some((one) => one.subject === 'All app passwords were revoked'));
});

test('an admin revokes one app password by name, case ignored; an unknown name is refused and nothing changes', async (t) => {
  const { ctx, domain } = t.context;
  const account = await alice(t);
  await createAppPassword(ctx, USER, account, 'Thunderbird');
  await createAppPassword(ctx, USER, account, 'Phone');
  const error = await refusal(() => applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'revokeAppPassword', name: 'Phone' }, { op: 'revokeAppPassword', name: 'Nothing' }]));
  t.is(error.kind, 'not_found');
  t.regex(error.message, /no app password named "Nothing"/);
  t.is((await accountAppPasswords(ctx, account)).length, 2, 'the whole commit was refused');
  await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'revokeAppPassword', name: 'thunderbird' }]);
  t.deepEqual((await accountAppPasswords(ctx, account)).map((row) => row.name), ['Phone']);
});

test('removing an account removes its app passwords', async (t) => {
  const { ctx, domain } = t.context;
  const account = await alice(t);
  await createAppPassword(ctx, USER, account, 'Phone');
  await removeAccount(ctx, TEST_ADMIN, domain, 'alice');
  t.deepEqual(await listAppPasswords(ctx.db, account.id), []);
});
