import anyTest, { type TestFn } from 'ava';
import type { TestClock } from '../../src/clock.js';
import { hashTrustToken } from '../../src/core/trusted-browser.js';
import { listAudit, type Actor } from '../../src/repos/audit.js';
import { listMessages } from '../../src/repos/messages.js';
import { listTrustedBrowsers } from '../../src/repos/trusted-browsers.js';
import { applyAccountChanges, createAccount, requireAccount, type AccountChange } from '../../src/services/accounts.js';
import type { ServiceContext } from '../../src/services/context.js';
import { createDomain, type DomainRecord } from '../../src/services/domains.js';
import { ServiceError } from '../../src/services/errors.js';
import { purgeExpiredState } from '../../src/services/housekeeping.js';
import { accountPairingTarget, revokeDevicesByUser } from '../../src/services/pairing.js';
import { accountTrustedBrowsers, forgetAllTrustedBrowsers, forgetTrustedBrowser, trustBrowser, trustedBrowserSkips } from '../../src/services/trusted-browsers.js';
import type { TestDb } from '../helpers/db.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';
import { allowTrustDays } from '../helpers/trust-days.js';

const KEY = 'JBSWY3DPEHPK3PXP';
const DAY = 86_400_000;
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const USER: Actor = { kind: 'user', name: 'alice@example.com', ip: '198.51.100.7' };
const CLIENT = { ip: '198.51.100.7', userAgent: FIREFOX };

const test = anyTest as TestFn<{ ctx: ServiceContext; clock: TestClock; testDb: TestDb; domain: DomainRecord }>;

test.beforeEach(async (t) => {
  const { ctx, clock, testDb } = await openServices();
  const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'postmaster-password-1');
  for (const name of ['alice', 'bob']) {
    await createAccount(ctx, TEST_ADMIN, domain, { name, password: `${name}-password-1` }, [
      { op: 'setTwoFactor', value: 'enabled' },
      { op: 'provisionKey', key: KEY },
    ]);
  }
  await allowTrustDays(ctx.db, 30);
  t.context = { ctx, clock, testDb, domain };
});

test.afterEach.always(async (t) => {
  await t.context.testDb.destroy();
});

const account = (t: { context: { ctx: ServiceContext; domain: DomainRecord } }, name = 'alice') => requireAccount(t.context.ctx, t.context.domain, name);

async function trusted(t: { context: { ctx: ServiceContext; domain: DomainRecord } }): Promise<string> {
  const made = await trustBrowser(t.context.ctx, USER, await account(t), CLIENT);
  if (!made) throw new Error('not trusted');
  return made.token;
}

test('trusting a browser stores only the token hash, with browser, address and 30 days; it is audited and noticed', async (t) => {
  const { ctx, clock } = t.context;
  const made = await trustBrowser(ctx, USER, await account(t), CLIENT);
  t.truthy(made);
  t.is(made!.days, 30);
  const [row] = await listTrustedBrowsers(ctx.db, (await account(t)).id);
  t.is(row.tokenHash, hashTrustToken(made!.token));
  t.not(row.tokenHash, made!.token);
  t.is(row.description, 'Firefox on Linux');
  t.is(row.ip, '198.51.100.7');
  t.is(row.expiresAt, clock.now() + 30 * DAY);
  const [audit] = await listAudit(ctx.db, { event: 'browser.trusted', limit: 5 });
  t.regex(audit.detail ?? '', /Firefox on Linux from 198\.51\.100\.7, for 30 day/);
  const notices = (await listMessages(ctx.db, (await account(t)).id)).filter((m) => m.kind === 'notice');
  t.true(notices.some((m) => m.subject === 'A browser was trusted'));
});

test('the trust skips the code only for its own account, and is audited each time', async (t) => {
  const { ctx } = t.context;
  const token = await trusted(t);
  t.true(await trustedBrowserSkips(ctx, await account(t), token, USER));
  t.false(await trustedBrowserSkips(ctx, await account(t, 'bob'), token, { ...USER, name: 'bob@example.com' }), "another account's sign-in on the same browser is still challenged");
  t.false(await trustedBrowserSkips(ctx, await account(t), undefined, USER));
  t.false(await trustedBrowserSkips(ctx, await account(t), 'x'.repeat(43), USER), 'a made-up token');
  t.is((await listAudit(ctx.db, { event: 'challenge.skipped', limit: 5 })).length, 1);
  const [row] = await listTrustedBrowsers(ctx.db, (await account(t)).id);
  t.truthy(row.lastUsedAt);
});

test('the hash from the database is useless as a cookie', async (t) => {
  const { ctx } = t.context;
  await trusted(t);
  const [row] = await listTrustedBrowsers(ctx.db, (await account(t)).id);
  t.false(await trustedBrowserSkips(ctx, await account(t), row.tokenHash, USER));
  t.false(await trustedBrowserSkips(ctx, await account(t), row.tokenHash.slice(0, 43), USER));
});

test('the trust ends after its days, and sooner when the setting is lowered; 0 ends it and offers nothing', async (t) => {
  const { ctx, clock } = t.context;
  const token = await trusted(t);
  clock.advance(29 * DAY);
  t.true(await trustedBrowserSkips(ctx, await account(t), token, USER));
  await allowTrustDays(ctx.db, 7);
  t.false(await trustedBrowserSkips(ctx, await account(t), token, USER), 'lowered to 7 days: day 29 is past it');
  t.deepEqual(await accountTrustedBrowsers(ctx, await account(t)), []);
  await allowTrustDays(ctx.db, 30);
  clock.advance(2 * DAY);
  t.false(await trustedBrowserSkips(ctx, await account(t), token, USER), 'expired after 30 days');
  t.deepEqual(await purgeExpiredState(ctx), { sessions: 0, throttles: 0, trustedBrowsers: 1 });
  await allowTrustDays(ctx.db, 0);
  t.is(await trustBrowser(ctx, USER, await account(t), CLIENT), null);
});

test('a trust made today ends at once when the setting goes to 0', async (t) => {
  const { ctx } = t.context;
  const token = await trusted(t);
  await allowTrustDays(ctx.db, 0);
  t.false(await trustedBrowserSkips(ctx, await account(t), token, USER));
});

test('locked code entry is not skipped by a trusted browser', async (t) => {
  const { ctx, clock } = t.context;
  const token = await trusted(t);
  await ctx.db('accounts').where({ name: 'alice' }).update({ totp_locked_until: clock.now() + 60_000 });
  t.false(await trustedBrowserSkips(ctx, await account(t), token, USER));
});

test('Forget one and Forget all, audited; a foreign or unknown id is refused', async (t) => {
  const { ctx } = t.context;
  await trusted(t);
  const second = await trusted(t);
  const bobs = (await trustBrowser(ctx, USER, await account(t, 'bob'), CLIENT))!;
  const list = await accountTrustedBrowsers(ctx, await account(t), second);
  t.is(list.length, 2);
  t.deepEqual(list.map((item) => item.current), [true, false], 'newest first, the asking browser marked');
  t.is(await forgetTrustedBrowser(ctx, USER, await account(t), list[1].id), 'Firefox on Linux');
  const bobRow = (await listTrustedBrowsers(ctx.db, (await account(t, 'bob')).id))[0];
  await t.throwsAsync(forgetTrustedBrowser(ctx, USER, await account(t), bobRow.id), { instanceOf: ServiceError });
  await t.throwsAsync(forgetTrustedBrowser(ctx, USER, await account(t), 999_999), { instanceOf: ServiceError });
  t.is(await forgetAllTrustedBrowsers(ctx, USER, await account(t)), 1);
  t.is(await forgetAllTrustedBrowsers(ctx, USER, await account(t)), 0);
  t.true(await trustedBrowserSkips(ctx, await account(t, 'bob'), bobs.token, USER), "bob's trust stays");
  t.is((await listAudit(ctx.db, { event: 'browser.forgotten', limit: 5 })).length, 1);
  t.is((await listAudit(ctx.db, { event: 'browsers.forgotten', limit: 5 })).length, 1);
});

const ENDINGS: [string, AccountChange[] | 'user-revoke'][] = [
  ['Revoke all devices (admin)', [{ op: 'revokeAll' }]],
  ['Revoke all devices (the user, which turns optional 2-Step Verification off)', 'user-revoke'],
  ['a key reset', [{ op: 'resetKey' }]],
  ['a provisioned key', [{ op: 'provisionKey', key: 'KRSXG5CTMVRXEZLU' }]],
  ['a password change', [{ op: 'setPassword', password: 'alice-password-2' }]],
  ['2-Step Verification turned off by the administrator', [{ op: 'setTwoFactor', value: 'disabled' }]],
];
for (const [name, change] of ENDINGS) {
  test(`${name} ends every trusted browser of the account`, async (t) => {
    const { ctx, domain } = t.context;
    const token = await trusted(t);
    if (change === 'user-revoke') await revokeDevicesByUser(ctx, USER, await accountPairingTarget(ctx, await account(t)), undefined, true);
    else await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', change);
    t.deepEqual(await listTrustedBrowsers(ctx.db, (await account(t)).id), []);
    t.false(await trustedBrowserSkips(ctx, await account(t), token, USER));
    const [audit] = await listAudit(ctx.db, { event: 'browsers.forgotten', limit: 5 });
    t.regex(audit.detail ?? '', /^1 trusted browser: /);
  });
}
