import test from 'ava';
import { recoveryCodeMatches } from '../../src/core/recovery-codes.js';
import { stepAt } from '../../src/core/totp.js';
import { findAccount } from '../../src/repos/accounts.js';
import { listAudit, type Actor } from '../../src/repos/audit.js';
import { listMessages } from '../../src/repos/messages.js';
import { unusedRecoveryCodes } from '../../src/repos/recovery-codes.js';
import { findSession, saveSession } from '../../src/repos/sessions.js';
import { listSecondFactors } from '../../src/repos/second-factors.js';
import { getTwoFactorState } from '../../src/repos/two-factor.js';
import { applyAccountChanges, createAccount } from '../../src/services/accounts.js';
import { applyDomainChanges, createDomain } from '../../src/services/domains.js';
import { ServiceError } from '../../src/services/errors.js';
import {
  accountPairingTarget,
  confirmPairing,
  livePairing,
  PAIRING_TTL_MS,
  pendingKey,
  revokeDevicesByUser,
  startPairing,
  type PairingTarget,
} from '../../src/services/pairing.js';
import { regenerateRecoveryCodes } from '../../src/services/recovery.js';
import { referenceTotp } from '../helpers/rfc6238.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

const USER: Actor = { kind: 'user', name: 'alice@example.com', ip: '192.0.2.7' };

async function setUp(setting: 'enabled' | 'mandatory' = 'enabled') {
  const opened = await openServices();
  const { ctx } = opened;
  const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'Secret-123');
  await applyDomainChanges(ctx, TEST_ADMIN, 'example.com', [{ op: 'setTwoFactorDefault', value: setting }]);
  await createAccount(ctx, TEST_ADMIN, domain, { name: 'alice', password: 'correct horse' });
  const account = (await findAccount(ctx.db, 'example.com', 'alice'))!;
  const target = await accountPairingTarget(ctx, account);
  // The subject's state with the key and replay step of its first device.
  const state = async () => {
    const [first] = await listSecondFactors(ctx.db, target.subject);
    return { ...(await getTwoFactorState(ctx.db, target.subject))!, secretSealed: first?.secretSealed ?? null, lastStep: first?.lastStep ?? null };
  };
  const codeNow = (secret: string) => referenceTotp(secret, Math.floor(opened.clock.now() / 1000));
  return { ...opened, domain, account, target, state, codeNow };
}

async function pair(ctx: Parameters<typeof startPairing>[0], target: PairingTarget, code: (secret: string) => string) {
  const pending = startPairing(ctx, target.subject);
  const key = pendingKey(ctx, target, pending);
  const codes = await confirmPairing(ctx, USER, target, pending, pending.id, code(key.secret));
  return { pending, key, codes };
}

test('a confirmed pairing turns 2-Step Verification on with ten hashed recovery codes, an audit entry and a notice', async (t) => {
  const { ctx, clock, testDb, target, state, account, codeNow } = await setUp();
  try {
    const pending = startPairing(ctx, target.subject);
    t.is(pending.expiresAt, clock.now() + PAIRING_TTL_MS);
    const key = pendingKey(ctx, target, pending);
    t.regex(key.secret, /^[A-Z2-7]{32}$/);
    t.is(key.groupedKey.replace(/ /g, ''), key.secret);
    t.regex(key.groupedKey, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    t.is(key.issuer, 'Twostep');
    t.is(key.account, 'alice@example.com');
    const uri = new URL(key.uri);
    t.is(uri.protocol, 'otpauth:');
    t.is(uri.searchParams.get('secret'), key.secret);
    t.is(uri.searchParams.get('issuer'), 'Twostep');
    t.is((await state()).secretSealed, null, 'nothing stored before confirmation');

    const code = codeNow(key.secret);
    const codes = await confirmPairing(ctx, USER, target, pending, pending.id, ` ${code} `);
    t.is(codes.length, 10);
    t.is(new Set(codes).size, 10);
    const after = await state();
    t.true(after.configured);
    t.is(ctx.secretBox.open(after.secretSealed!), key.secret);
    t.is(after.lastStep, stepAt(clock.now()), 'the pairing code cannot be replayed at sign-in');
    const stored = await unusedRecoveryCodes(ctx.db, target.subject);
    t.true(codes.every((code) => stored.filter((row) => recoveryCodeMatches(row.hash, code)).length === 1), 'each code has its own stored hash');
    t.false(stored.some((row) => codes.includes(row.hash)), 'codes are stored hashed');
    const events = await listAudit(ctx.db, { subject: 'alice@example.com', limit: 10 });
    t.true(events.some((e) => e.event === 'two_factor.turned_on' && e.actor.kind === 'user'));
    const messages = await listMessages(ctx.db, account.id);
    t.true(messages.some((m) => m.subject === '2-Step Verification is on'));
    await t.throwsAsync(confirmPairing(ctx, USER, target, pending, pending.id, code), { instanceOf: ServiceError, message: /already turned on/ });
  } finally {
    await testDb.destroy();
  }
});

test('a wrong or malformed code keeps the pairing pending and changes nothing', async (t) => {
  const { ctx, testDb, target, state, codeNow } = await setUp();
  try {
    const pending = startPairing(ctx, target.subject);
    const key = pendingKey(ctx, target, pending);
    const right = codeNow(key.secret);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    for (const [code, message] of [[wrong, /not correct/], ['12345', /6-digit/], ['abcdef', /6-digit/], ['1'.repeat(5000), /6-digit/], ['', /6-digit/]] as const) {
      const error = await t.throwsAsync(confirmPairing(ctx, USER, target, pending, pending.id, code), { instanceOf: ServiceError, message });
      t.is(error?.field, 'code');
    }
    t.like(await state(), { configured: false, secretSealed: null });
    t.is((await unusedRecoveryCodes(ctx.db, target.subject)).length, 0);
    const codes = await confirmPairing(ctx, USER, target, pending, pending.id, right);
    t.is(codes.length, 10, 'the same pairing still works after wrong codes');
  } finally {
    await testDb.destroy();
  }
});

test('a pairing expires', async (t) => {
  const { ctx, clock, testDb, target, state, codeNow } = await setUp();
  try {
    const pending = startPairing(ctx, target.subject);
    const key = pendingKey(ctx, target, pending);
    clock.advance(PAIRING_TTL_MS - 1000);
    t.truthy(livePairing(pending, target.subject, clock.now()));
    clock.advance(1000);
    t.is(livePairing(pending, target.subject, clock.now()), null);
    await t.throwsAsync(confirmPairing(ctx, USER, target, pending, pending.id, codeNow(key.secret)), { instanceOf: ServiceError, message: /no longer be confirmed/ });
    t.false((await state()).configured);
  } finally {
    await testDb.destroy();
  }
});

test('an abandoned pairing leaves the old state: no key, a key reset by an admin, or a paired key', async (t) => {
  const { ctx, testDb, target, domain, state, codeNow } = await setUp();
  try {
    startPairing(ctx, target.subject);
    t.like(await state(), { configured: false, secretSealed: null });

    await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'resetKey' }]);
    const reset = (await state()).secretSealed;
    startPairing(ctx, target.subject);
    t.like(await state(), { configured: false, secretSealed: reset });

    const { key } = await pair(ctx, target, codeNow);
    const paired = await state();
    const again = startPairing(ctx, target.subject);
    t.is((await state()).secretSealed, paired.secretSealed);
    const error = await t.throwsAsync(confirmPairing(ctx, USER, target, again, again.id, codeNow(pendingKey(ctx, target, again).secret)), { instanceOf: ServiceError });
    t.regex(error!.message, /already turned on/);
    t.is(ctx.secretBox.open((await state()).secretSealed!), key.secret, 'a second pairing never replaces a paired key');
  } finally {
    await testDb.destroy();
  }
});

test('a pending key is bound to its session and its subject', async (t) => {
  const { ctx, testDb, target, state, codeNow } = await setUp();
  try {
    const inA = startPairing(ctx, target.subject);
    const inB = startPairing(ctx, target.subject);
    const secretA = pendingKey(ctx, target, inA).secret;
    await t.throwsAsync(confirmPairing(ctx, USER, target, inB, inA.id, codeNow(secretA)), { instanceOf: ServiceError, message: /no longer be confirmed/ });
    await t.throwsAsync(confirmPairing(ctx, USER, target, null, inA.id, codeNow(secretA)), { instanceOf: ServiceError, message: /no longer be confirmed/ });
    const other = { ...target, subject: { kind: 'account' as const, id: target.subject.id + 1 } };
    await t.throwsAsync(confirmPairing(ctx, USER, other, inA, inA.id, codeNow(secretA)), { instanceOf: ServiceError, message: /no longer be confirmed/ });
    t.is(livePairing({ ...inA, subject: { kind: 'admin', id: target.subject.id } }, target.subject, 0), null);
    t.is(livePairing('garbage', target.subject, 0), null);
    t.false((await state()).configured);
    await confirmPairing(ctx, USER, target, inA, inA.id, codeNow(secretA));
    t.true((await state()).configured);
  } finally {
    await testDb.destroy();
  }
});

test('two confirmations of the same pairing at once: exactly one wins', async (t) => {
  const { ctx, testDb, target, codeNow } = await setUp();
  try {
    const pending = startPairing(ctx, target.subject);
    const code = codeNow(pendingKey(ctx, target, pending).secret);
    const results = await Promise.allSettled([1, 2, 3].map(() => confirmPairing(ctx, USER, target, pending, pending.id, code)));
    t.is(results.filter((r) => r.status === 'fulfilled').length, 1);
    t.is((await unusedRecoveryCodes(ctx.db, target.subject)).length, 10);
  } finally {
    await testDb.destroy();
  }
});

test('regenerating recovery codes invalidates the old set and tells the user', async (t) => {
  const { ctx, testDb, target, account, codeNow } = await setUp();
  try {
    await t.throwsAsync(regenerateRecoveryCodes(ctx, USER, target), { instanceOf: ServiceError, message: /not turned on/ });
    const { codes: first } = await pair(ctx, target, codeNow);
    const second = await regenerateRecoveryCodes(ctx, USER, target);
    t.is(second.length, 10);
    const stored = (await unusedRecoveryCodes(ctx.db, target.subject)).map((row) => row.hash);
    t.is(stored.length, 10);
    t.false(first.some((code) => stored.some((hash) => recoveryCodeMatches(hash, code))));
    t.true(second.every((code) => stored.some((hash) => recoveryCodeMatches(hash, code))));
    t.is((await listAudit(ctx.db, { event: 'recovery.regenerated', limit: 5 })).length, 1);
    t.true((await listMessages(ctx.db, account.id)).some((m) => m.subject === 'New recovery codes'));
  } finally {
    await testDb.destroy();
  }
});

async function sessionFor(db: Parameters<typeof saveSession>[0], sid: string, accountId: number, now: number) {
  await saveSession(db, { sid, kind: 'webmail', accountId, adminId: null, data: { accountId, stage: 'full', createdAt: now, seenAt: now }, expiresAt: now + 3_600_000 });
}

for (const setting of ['enabled', 'mandatory'] as const) {
  test(`revoking all devices (${setting}) discards key and codes and signs out the other sessions`, async (t) => {
    const { ctx, clock, testDb, target, account, state, codeNow } = await setUp(setting);
    try {
      await t.throwsAsync(revokeDevicesByUser(ctx, USER, target, 'mine', setting === 'enabled'), { instanceOf: ServiceError, message: /not turned on/ });
      await pair(ctx, target, codeNow);
      const now = clock.now();
      await sessionFor(ctx.db, 'mine', account.id, now);
      await sessionFor(ctx.db, 'other', account.id, now);
      await revokeDevicesByUser(ctx, USER, target, 'mine', setting === 'enabled');
      t.like(await state(), { configured: false, secretSealed: null });
      t.is((await unusedRecoveryCodes(ctx.db, target.subject)).length, 0);
      t.truthy(await findSession(ctx.db, 'webmail', 'mine', now));
      t.is(await findSession(ctx.db, 'webmail', 'other', now), null);
      const subjects = (await listMessages(ctx.db, account.id)).map((m) => m.subject);
      t.true(subjects.includes('All devices were revoked'));
      t.is(subjects.includes('2-Step Verification is off'), setting === 'enabled');
      const events = await listAudit(ctx.db, { event: 'devices.revoked', limit: 5 });
      t.is(events[0].actor.kind, 'user');
    } finally {
      await testDb.destroy();
    }
  });
}
