import test from 'ava';
import { FIRST_LOCK_MS } from '../../src/core/lockout.js';
import { hashRecoveryCode } from '../../src/core/recovery-codes.js';
import { insertAdmin } from '../../src/repos/admins.js';
import { listAudit, type Actor } from '../../src/repos/audit.js';
import { findDomainByName } from '../../src/repos/domains.js';
import { listMessages } from '../../src/repos/messages.js';
import { replaceRecoveryCodes } from '../../src/repos/recovery-codes.js';
import { listSecondFactors } from '../../src/repos/second-factors.js';
import { getTwoFactorState, storeSecret } from '../../src/repos/two-factor.js';
import { accountTarget, createAccount } from '../../src/services/accounts.js';
import { codeAddressDelay, verifySecondFactor, type ChallengeOutcome } from '../../src/services/challenge.js';
import { createDomain } from '../../src/services/domains.js';
import type { KeyTarget } from '../../src/services/two-factor-keys.js';
import { referenceTotp } from '../helpers/rfc6238.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

const KEY = 'JBSWY3DPEHPK3PXP';
const ACTOR: Actor = { kind: 'user', name: 'alice@example.com', ip: '192.0.2.7' };

type Harness = Awaited<ReturnType<typeof openServices>> & { target: KeyTarget; code: (offsetSteps?: number) => string; verify: (answer: { code: string } | { recoveryCode: string }, actor?: Actor) => Promise<ChallengeOutcome> };

async function withPairedAccount(run: (h: Harness) => Promise<void>): Promise<void> {
  const services = await openServices();
  try {
    const domain = await createDomain(services.ctx, TEST_ADMIN, 'example.com', 'postmaster-pass');
    const account = await createAccount(services.ctx, TEST_ADMIN, domain, { name: 'alice', password: 'alice-password' }, [
      { op: 'setTwoFactor', value: 'enabled' },
      { op: 'provisionKey', key: KEY },
    ]);
    const target = accountTarget(account);
    const code = (offsetSteps = 0) => referenceTotp(KEY, Math.floor(services.clock.now() / 1000) + offsetSteps * 30);
    const verify = (answer: { code: string } | { recoveryCode: string }, actor = ACTOR) => verifySecondFactor(services.ctx, target, answer, actor);
    await run({ ...services, target, code, verify });
  } finally {
    await services.testDb.destroy();
  }
}

const OFFSETS: [number, boolean][] = [
  [-2, false],
  [-1, true],
  [0, true],
  [1, true],
  [2, false],
];

for (const [offset, accepted] of OFFSETS) {
  test(`a code ${offset} step(s) away is ${accepted ? 'accepted with its drift' : 'refused'}`, async (t) => {
    await withPairedAccount(async ({ verify, code }) => {
      const outcome = await verify({ code: code(offset) });
      if (accepted) t.like(outcome, { kind: 'success', drift: offset });
      else t.deepEqual(outcome, { kind: 'wrong', attemptsLeft: 4 });
    });
  });
}

test('success records the step and drift and writes the audit log', async (t) => {
  await withPairedAccount(async ({ ctx, clock, verify, code, target }) => {
    const outcome = await verify({ code: code(1) });
    t.like(outcome, { kind: 'success', step: Math.floor(clock.now() / 30000) + 1, drift: 1, recoveryCodesLeft: null });
    const state = await getTwoFactorState(ctx.db, target.subject);
    const [device] = await listSecondFactors(ctx.db, target.subject);
    t.is(device.lastStep, Math.floor(clock.now() / 30000) + 1);
    t.is(device.lastDrift, 1);
    t.is(device.lastUsedAt, clock.now());
    t.is(state?.lastSuccessAt, clock.now());
    const [event] = await listAudit(ctx.db, { event: 'challenge.succeeded', limit: 5 });
    t.like(event, { subject: 'alice@example.com', actor: { kind: 'user', name: 'alice@example.com', ip: '192.0.2.7' } });
  });
});

test('a code is never accepted twice, nor one from an earlier step after a later one; replays count as wrong answers', async (t) => {
  await withPairedAccount(async ({ ctx, verify, code }) => {
    const now = code(0);
    const earlier = code(-1);
    t.is((await verify({ code: now })).kind, 'success');
    t.deepEqual(await verify({ code: now }), { kind: 'replayed', attemptsLeft: 4 });
    t.deepEqual(await verify({ code: earlier }), { kind: 'replayed', attemptsLeft: 3 });
    t.deepEqual(await verify({ code: now }), { kind: 'replayed', attemptsLeft: 2 });
    const refused = await listAudit(ctx.db, { event: 'challenge.failed', limit: 5 });
    t.deepEqual(
      refused.map((event) => [event.detail, event.count]),
      [
        ['refused: code already used', 1],
        ['refused: code already used', 2],
      ],
      'one row per replayed step, with a count',
    );
    t.is((await verify({ code: now })).kind, 'replayed');
    t.like(await verify({ code: now }), { kind: 'locked', justLocked: true }, 'a replay flood locks like guessing');
  });
});

test('two simultaneous answers with the same code: exactly one succeeds', async (t) => {
  await withPairedAccount(async ({ verify, code }) => {
    const value = code();
    const outcomes = await Promise.all([verify({ code: value }), verify({ code: value }), verify({ code: value })]);
    t.is(outcomes.filter((o) => o.kind === 'success').length, 1);
    const left = outcomes.flatMap((o) => (o.kind === 'replayed' ? [o.attemptsLeft] : []));
    t.is(left.length, 2);
    t.is(new Set(left).size, 2, 'each losing copy counted its own attempt');
    t.true(left.every((n) => n >= 2 && n <= 4));
  });
});

test('five wrong codes lock code entry for 15 minutes, notify the user, and refuse even the right code', async (t) => {
  await withPairedAccount(async ({ ctx, clock, verify, code, target }) => {
    for (let left = 4; left >= 1; left--) t.deepEqual(await verify({ code: '000001' }), { kind: 'wrong', attemptsLeft: left });
    const locked = await verify({ code: '000001' });
    t.deepEqual(locked, { kind: 'locked', until: clock.now() + FIRST_LOCK_MS, justLocked: true });
    t.deepEqual(await verify({ code: code() }), { kind: 'locked', until: clock.now() + FIRST_LOCK_MS, justLocked: false });
    const [notice] = await listMessages(ctx.db, target.subject.id);
    t.is(notice.kind, 'notice');
    t.regex(notice.subject, /Too many wrong verification codes/);
    t.regex(notice.body, /15 minutes/);
    t.regex(notice.body, /192\.0\.2\.7/);
    const [lockEvent] = await listAudit(ctx.db, { event: 'challenge.locked', limit: 1 });
    t.regex(lockEvent.detail ?? '', /15 minutes/);
    clock.advance(FIRST_LOCK_MS - 1000);
    t.is((await verify({ code: code() })).kind, 'locked');
    clock.advance(1000);
    t.is((await verify({ code: code() })).kind, 'success');
  });
});

test('60 simultaneous wrong answers: exactly five are checked, the fifth locks, and the other 55 are refused as locked', async (t) => {
  await withPairedAccount(async ({ ctx, verify, code }) => {
    const outcomes = await Promise.all(Array.from({ length: 60 }, (_, i) => verify(i % 2 ? { code: '000001' } : { recoveryCode: 'aaaa-bbbb-cccc' })));
    t.is(outcomes.filter((o) => o.kind === 'wrong').length, 4);
    t.is(outcomes.filter((o) => o.kind === 'locked' && o.justLocked).length, 1);
    t.is(outcomes.filter((o) => o.kind === 'locked' && !o.justLocked).length, 55);
    t.is((await verify({ code: code() })).kind, 'locked', 'the right code afterwards is refused');
    const wrongRows = await listAudit(ctx.db, { event: 'challenge.failed', limit: 100 });
    t.is(wrongRows.filter((row) => /^wrong code/.test(row.detail ?? '')).length, 4);
    t.is((await listAudit(ctx.db, { event: 'challenge.locked', limit: 5 })).length, 1);
  });
});

test('a flood of answers while locked is one audit row with a count, not one row each', async (t) => {
  await withPairedAccount(async ({ ctx, verify }) => {
    for (let i = 0; i < 5; i++) await verify({ code: '000001' });
    for (let i = 0; i < 200; i++) await verify({ code: '000001' });
    const refusals = (await listAudit(ctx.db, { event: 'challenge.failed', limit: 100 })).filter((row) => /locked/.test(row.detail ?? ''));
    t.is(refusals.length, 1);
    t.is(refusals[0].count, 200);
  });
});

test('each lock without a success in between lasts longer', async (t) => {
  await withPairedAccount(async ({ clock, verify }) => {
    for (let i = 0; i < 5; i++) await verify({ code: '000001' });
    clock.advance(FIRST_LOCK_MS);
    for (let i = 0; i < 4; i++) await verify({ code: '000001' });
    t.deepEqual(await verify({ code: '000001' }), { kind: 'locked', until: clock.now() + 2 * FIRST_LOCK_MS, justLocked: true });
  });
});

test('recovery codes work once each and wrong ones count toward the lock', async (t) => {
  await withPairedAccount(async ({ ctx, clock, verify, target }) => {
    const codes = ['abcd-efgh-jkmn', 'pqrs-tuvw-xyz2'];
    await replaceRecoveryCodes(ctx.db, target.subject, codes.map(hashRecoveryCode), clock.now());
    t.deepEqual(await verify({ recoveryCode: 'ABCD EFGH JKMN' }), { kind: 'success', step: null, drift: null, recoveryCodesLeft: 1 });
    t.deepEqual(await verify({ recoveryCode: 'abcd-efgh-jkmn' }), { kind: 'wrong', attemptsLeft: 4 });
    t.deepEqual(await verify({ recoveryCode: 'not-a-code' }), { kind: 'wrong', attemptsLeft: 3 });
    const used = await listAudit(ctx.db, { event: 'recovery.used', limit: 1 });
    t.regex(used[0].detail ?? '', /1 recovery code/);
    const both = await Promise.all([verify({ recoveryCode: codes[1] }), verify({ recoveryCode: codes[1] })]);
    t.is(both.filter((o) => o.kind === 'success').length, 1);
  });
});

const ADDRESS_DELAYS: [number, number][] = [
  [1, 0],
  [19, 0],
  [20, 1000],
  [21, 2000],
  [40, 15 * 60 * 1000],
];

for (const [failures, delay] of ADDRESS_DELAYS) {
  test(`after ${failures} wrong codes from one address the delay is ${delay} ms`, (t) => {
    t.is(codeAddressDelay(failures), delay);
  });
}

test('wrong codes from one address are throttled across accounts', async (t) => {
  await withPairedAccount(async ({ ctx, verify }) => {
    for (const name of ['bob', 'carol', 'dave', 'erin']) {
      const other = await createAccount(ctx, TEST_ADMIN, (await findDomainByName(ctx.db, 'example.com'))!, { name, password: 'other-password' }, [{ op: 'setTwoFactor', value: 'enabled' }, { op: 'provisionKey', key: KEY }]);
      for (let i = 0; i < 5; i++) await verifySecondFactor(ctx, accountTarget(other), { code: '000001' }, ACTOR);
    }
    t.is((await verify({ code: '000001' })).kind, 'throttled');
    t.deepEqual(await verify({ code: '000001' }, { ...ACTOR, ip: '192.0.2.8' }), { kind: 'wrong', attemptsLeft: 4 });
  });
});

test('the same challenge serves a WebAdmin admin, with no mailbox to notify', async (t) => {
  const { ctx, clock, testDb } = await openServices();
  try {
    const id = await insertAdmin(ctx.db, 'ops', 'x', false, clock.now());
    await storeSecret(ctx.db, { kind: 'admin', id }, ctx.secretBox.seal(KEY), true, clock.now());
    const target: KeyTarget = { subject: { kind: 'admin', id }, label: 'ops', domain: null, mailbox: null };
    const actor: Actor = { kind: 'admin', name: 'ops', ip: '192.0.2.9' };
    for (let i = 0; i < 5; i++) await verifySecondFactor(ctx, target, { code: '000001' }, actor);
    t.is((await verifySecondFactor(ctx, target, { code: referenceTotp(KEY, clock.now() / 1000) }, actor)).kind, 'locked');
    clock.advance(FIRST_LOCK_MS);
    t.is((await verifySecondFactor(ctx, target, { code: referenceTotp(KEY, clock.now() / 1000) }, actor)).kind, 'success');
  } finally {
    await testDb.destroy();
  }
});

test('an account without a paired key cannot pass', async (t) => {
  await withPairedAccount(async ({ ctx, verify, code, target }) => {
    await storeSecret(ctx.db, target.subject, ctx.secretBox.seal(KEY), false, 0);
    t.deepEqual(await verify({ code: code() }), { kind: 'unavailable' });
  });
});
