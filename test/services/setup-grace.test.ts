import test from 'ava';
import { DAY_MS } from '../../src/core/dates.js';
import { deadlineFromDay } from '../../src/core/grace.js';
import { listMessages } from '../../src/repos/messages.js';
import { applyAccountClassChanges, createAccountClass } from '../../src/services/account-classes.js';
import { applyAccountChanges, createAccount, requireAccount, type AccountRecord } from '../../src/services/accounts.js';
import { applyDomainChanges, createDomain, type DomainRecord } from '../../src/services/domains.js';
import { logIn } from '../../src/services/login.js';
import { fullSessionBlocked, postponeSetup, sendSetupReminders, setupNeedOf } from '../../src/services/setup-grace.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { TestClock } from '../../src/clock.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

const PASSWORD = 'a-good-password';
const USER = { kind: 'user' as const, name: 'someone', ip: '192.0.2.1' };

interface World {
  ctx: ServiceContext;
  clock: TestClock;
  domain: DomainRecord;
  signIn(name: string): Promise<AccountRecord>;
  load(name: string): Promise<AccountRecord>;
  notices(name: string): Promise<string[]>;
}

/** A domain whose class "staff" makes 2-Step Verification mandatory with 14 days to set up, and its account alice. */
function withWorld(run: (t: import('ava').ExecutionContext, world: World) => Promise<void>) {
  return async (t: import('ava').ExecutionContext) => {
    const { ctx, clock, testDb } = await openServices();
    try {
      const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', PASSWORD);
      await createAccountClass(ctx, TEST_ADMIN, domain, 'staff', [{ op: 'setTwoFactor', value: 'mandatory' }, { op: 'setGraceDays', value: 14 }]);
      await createAccount(ctx, TEST_ADMIN, domain, { name: 'alice', password: PASSWORD }, [{ op: 'inherit', className: 'staff' }]);
      const load = (name: string) => requireAccount(ctx, domain, name);
      const world: World = {
        ctx,
        clock,
        domain,
        load,
        async signIn(name) {
          const result = await logIn(ctx, { username: `${name}@example.com`, password: PASSWORD, domainName: null, ip: '192.0.2.1', channel: 'webmail' });
          if (!result.ok) throw new Error('sign-in refused');
          return load(name);
        },
        async notices(name) {
          const account = await load(name);
          return (await listMessages(ctx.db, account.id)).filter((m) => m.kind === 'notice').map((m) => m.subject);
        },
      };
      await run(t, world);
    } finally {
      await testDb.destroy();
    }
  };
}

test('the deadline is fixed at the first prompt, with a notice and an audit record, and later sign-ins keep it', withWorld(async (t, { ctx, clock, signIn, load, notices }) => {
  t.is((await load('alice')).setupDeadline, null, 'nothing before the requirement reaches the account');
  const start = clock.now();
  const first = await signIn('alice');
  t.is(first.setupDeadline, start + 14 * DAY_MS);
  t.deepEqual(setupNeedOf(first, clock.now()), { kind: 'grace', deadline: start + 14 * DAY_MS, starts: false });
  t.deepEqual(await notices('alice'), ['Set up 2-Step Verification']);
  clock.advance(2 * DAY_MS);
  t.is((await signIn('alice')).setupDeadline, start + 14 * DAY_MS, 'a later sign-in does not move it');
  t.deepEqual(await notices('alice'), ['Set up 2-Step Verification'], 'one start notice');
  const events = await ctx.db('audit_events').where({ event: 'setup_deadline.started' });
  t.is(events.length, 1);
}));

test('"Not now" works before the deadline and not after it', withWorld(async (t, { ctx, clock, signIn, load }) => {
  const alice = await signIn('alice');
  t.is(await postponeSetup(ctx, alice, USER), alice.setupDeadline!);
  clock.advance(14 * DAY_MS - 1);
  t.is(await postponeSetup(ctx, await load('alice'), USER), alice.setupDeadline!, 'the last millisecond still counts');
  t.false(fullSessionBlocked(await load('alice'), clock.now()));
  clock.advance(1);
  const error = await t.throwsAsync(() => postponeSetup(ctx, alice, USER));
  t.regex(error!.message, /time allowed .* is over/);
  t.true(fullSessionBlocked(await load('alice'), clock.now()), 'an open session ends at the deadline');
  t.deepEqual(setupNeedOf(await load('alice'), clock.now()), { kind: 'forced' });
}));

test('lengthening or shortening the setting leaves a started deadline where it is', withWorld(async (t, { ctx, clock, domain, signIn, load }) => {
  const fixed = (await signIn('alice')).setupDeadline;
  for (const days of [60, 1, 0, null]) {
    await applyAccountClassChanges(ctx, TEST_ADMIN, domain, 'staff', [{ op: 'setGraceDays', value: days }]);
    await applyDomainChanges(ctx, TEST_ADMIN, domain.name, [{ op: 'setGraceDaysDefault', value: days ?? 30 }]);
    clock.advance(DAY_MS);
    t.is((await signIn('alice')).setupDeadline, fixed, `class ${days}`);
  }
  t.is(setupNeedOf(await load('alice'), clock.now()).kind, 'grace');
}));

test('an administrator\'s per-account change moves the deadline; clearing it lets the next prompt start one afresh', withWorld(async (t, { ctx, clock, domain, signIn, load, notices }) => {
  await signIn('alice');
  const later = deadlineFromDay('2027-01-31')!;
  await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'setSetupDeadline', value: later }]);
  t.is((await load('alice')).setupDeadline, later);
  const earlier = clock.now() - 1;
  await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'setSetupDeadline', value: earlier }]);
  t.deepEqual(setupNeedOf(await load('alice'), clock.now()), { kind: 'forced' }, 'a date in the past forces the set-up');
  await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'setSetupDeadline', value: null }]);
  t.is((await load('alice')).setupDeadline, null);
  clock.advance(DAY_MS);
  t.is((await signIn('alice')).setupDeadline, clock.now() + 14 * DAY_MS, 'the next prompt starts a new one from the setting');
  t.true((await notices('alice')).includes('Your 2-Step Verification set-up date changed'));
  t.is((await ctx.db('audit_events').where({ event: 'setup_deadline.changed' })).length, 3);
}));

test('a new account in the class gets its own deadline at its own first sign-in', withWorld(async (t, { ctx, clock, domain, signIn }) => {
  const alice = await signIn('alice');
  clock.advance(5 * DAY_MS);
  await createAccount(ctx, TEST_ADMIN, domain, { name: 'bob', password: PASSWORD }, [{ op: 'inherit', className: 'staff' }]);
  clock.advance(DAY_MS);
  const bob = await signIn('bob');
  t.is(bob.setupDeadline, clock.now() + 14 * DAY_MS);
  t.is(bob.setupDeadline! - alice.setupDeadline!, 6 * DAY_MS);
}));

test('without days allowed the set-up is forced at once and no deadline is stored', withWorld(async (t, { ctx, clock, domain, signIn }) => {
  await applyAccountClassChanges(ctx, TEST_ADMIN, domain, 'staff', [{ op: 'setGraceDays', value: 0 }]);
  const alice = await signIn('alice');
  t.is(alice.setupDeadline, null);
  t.deepEqual(setupNeedOf(alice, clock.now()), { kind: 'forced' });
  await t.throwsAsync(() => postponeSetup(ctx, alice, USER));
}));

test('a configured account or an optional setting owes nothing and gets no deadline', withWorld(async (t, { ctx, domain, signIn, clock }) => {
  await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'setTwoFactor', value: 'enabled' }]);
  const alice = await signIn('alice');
  t.is(alice.setupDeadline, null);
  t.deepEqual(setupNeedOf(alice, clock.now()), { kind: 'none' });
}));

test('the reminder goes out 3 days before the deadline, once, and not to an account that set up meanwhile', withWorld(async (t, { ctx, clock, domain, signIn, notices }) => {
  await signIn('alice');
  await createAccount(ctx, TEST_ADMIN, domain, { name: 'carol', password: PASSWORD }, [{ op: 'inherit', className: 'staff' }]);
  await signIn('carol');
  await applyAccountChanges(ctx, TEST_ADMIN, domain, 'carol', [{ op: 'provisionKey', key: 'JBSWY3DPEHPK3PXP' }]);
  clock.advance(11 * DAY_MS - 1);
  t.is(await sendSetupReminders(ctx), 0, 'not yet');
  clock.advance(1);
  t.is(await sendSetupReminders(ctx), 1);
  t.is(await sendSetupReminders(ctx), 0, 'once');
  t.deepEqual(await notices('alice'), ['3 days left to set up 2-Step Verification', 'Set up 2-Step Verification'], 'newest first');
  t.false((await notices('carol')).includes('3 days left to set up 2-Step Verification'));
}));

test('a grace of 3 days or less sends the start notice only', withWorld(async (t, { ctx, clock, domain, signIn, notices }) => {
  await applyAccountClassChanges(ctx, TEST_ADMIN, domain, 'staff', [{ op: 'setGraceDays', value: 2 }]);
  await signIn('alice');
  clock.advance(DAY_MS);
  t.is(await sendSetupReminders(ctx), 0);
  t.deepEqual(await notices('alice'), ['Set up 2-Step Verification']);
}));

test('bad grace days are refused and change nothing', withWorld(async (t, { ctx, domain, load }) => {
  for (const value of [-1, 366, 1.5]) {
    await t.throwsAsync(() => applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'setGraceDays', value }]), { message: /whole number of days/ });
  }
  t.is((await load('alice')).graceDays, null);
}));
