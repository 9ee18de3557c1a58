import test from 'ava';
import { listAudit, type Actor } from '../../src/repos/audit.js';
import { listMessages } from '../../src/repos/messages.js';
import { listSecondFactors } from '../../src/repos/second-factors.js';
import { createAccount, requireAccount } from '../../src/services/accounts.js';
import { verifySecondFactor } from '../../src/services/challenge.js';
import { removeOneDevice } from '../../src/services/devices.js';
import { createDomain } from '../../src/services/domains.js';
import { ServiceError } from '../../src/services/errors.js';
import { accountPairingTarget } from '../../src/services/pairing.js';
import { finishKeyRegistration, hasSecurityKey, startKeyRegistration } from '../../src/services/security-keys.js';
import { startKeySignIn } from '../../src/services/webauthn-strategy.js';
import { SoftAuthenticator } from '../helpers/soft-authenticator.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

const USER: Actor = { kind: 'user', name: 'alice@example.com', ip: '192.0.2.7' };
const PLACE = { rpId: 'mail.example.com', origin: 'https://mail.example.com', rpName: 'Example Mail' };

/** Alice with an authenticator app and a software security key named "YubiKey" registered at PLACE. */
async function withKey() {
  const services = await openServices();
  const { ctx } = services;
  const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'postmaster-pass');
  await createAccount(ctx, TEST_ADMIN, domain, { name: 'alice', password: 'alice-password' }, [
    { op: 'setTwoFactor', value: 'enabled' },
    { op: 'provisionKey', key: 'JBSWY3DPEHPK3PXP', name: 'Phone' },
  ]);
  const target = await accountPairingTarget(ctx, await requireAccount(ctx, domain, 'alice'));
  const key = new SoftAuthenticator();
  const { options, pending } = await startKeyRegistration(ctx, target, PLACE);
  const added = await finishKeyRegistration(ctx, USER, target, pending, PLACE, ' YubiKey ', key.register(options.challenge, PLACE));
  /** One sign-in with `authenticator` answering from `origin`. */
  const signIn = async (authenticator = key, origin = PLACE.origin) => {
    const started = (await startKeySignIn(ctx, target.subject, PLACE))!;
    const response = authenticator.signIn(started.options.challenge, { rpId: PLACE.rpId, origin });
    return verifySecondFactor(ctx, target, { securityKey: { response, pending: started.pending, place: PLACE } }, USER);
  };
  return { ...services, target, key, added, signIn };
}

test('a security key is registered with its name, options prefer user verification and want no attestation, and the user is told', async (t) => {
  const { testDb, ctx, target, added } = await withKey();
  try {
    t.like(added, { name: 'YubiKey', kind: 'webauthn', kindText: 'Security key or passkey', configured: true });
    const [, stored] = await listSecondFactors(ctx.db, target.subject);
    t.like(stored.securityKey, { signCount: 0, transports: ['usb'], rpId: 'mail.example.com' });
    t.true(await hasSecurityKey(ctx, target.subject));
    const { options } = await startKeyRegistration(ctx, target, PLACE);
    t.like(options, { attestation: 'none', rp: { id: 'mail.example.com', name: 'Example Mail' }, authenticatorSelection: { userVerification: 'preferred' } });
    t.deepEqual(options.excludeCredentials?.map((one) => one.id), [stored.securityKey!.credentialId], 'the key is not registered twice');
    const [event] = await listAudit(ctx.db, { event: 'device.added', limit: 1 });
    t.regex(event.detail ?? '', /security key "YubiKey" \(#\d+\) for mail\.example\.com/);
    const notices = await listMessages(ctx.db, target.mailbox!.id);
    t.true(notices.some((m) => m.subject === 'A new security key for 2-Step Verification' && m.body.includes('"YubiKey"')));
  } finally {
    await testDb.destroy();
  }
});

test('registration refuses a wrong origin, another challenge, a missing request and a key registered already, adding nothing', async (t) => {
  const { testDb, ctx, target, key } = await withKey();
  try {
    const fresh = new SoftAuthenticator();
    const { options, pending } = await startKeyRegistration(ctx, target, PLACE);
    const refused = async (promise: Promise<unknown>, message: RegExp) => t.regex((await t.throwsAsync(promise, { instanceOf: ServiceError }))!.message, message);
    await refused(finishKeyRegistration(ctx, USER, target, pending, PLACE, 'Evil', fresh.register(options.challenge, { rpId: PLACE.rpId, origin: 'https://evil.example' })), /could not be added/);
    await refused(finishKeyRegistration(ctx, USER, target, pending, PLACE, 'Other', fresh.register('AAAA', PLACE)), /could not be added/);
    await refused(finishKeyRegistration(ctx, USER, target, null, PLACE, 'Late', fresh.register(options.challenge, PLACE)), /expired or was already answered/);
    await refused(finishKeyRegistration(ctx, USER, target, pending, PLACE, 'Junk', '{not json'), /no usable answer/);
    await refused(finishKeyRegistration(ctx, USER, target, pending, PLACE, '', fresh.register(options.challenge, PLACE)), /Give the device a name/);
    await refused(finishKeyRegistration(ctx, USER, target, pending, PLACE, 'Again', key.register(options.challenge, PLACE)), /already registered/);
    t.is((await listSecondFactors(ctx.db, target.subject)).length, 2);
  } finally {
    await testDb.destroy();
  }
});

test('sign-in with the key passes and moves its counter on; a wrong origin is a wrong answer counted against the same lockout', async (t) => {
  const { testDb, ctx, target, signIn } = await withKey();
  try {
    t.like(await signIn(), { kind: 'success' });
    const [, stored] = await listSecondFactors(ctx.db, target.subject);
    t.is(stored.securityKey!.signCount, 1);
    t.not(stored.lastUsedAt, null);
    t.like(await signIn(undefined, 'https://evil.example'), { kind: 'wrong', attemptsLeft: 4 });
    const [failed] = await listAudit(ctx.db, { event: 'challenge.failed', limit: 1 });
    t.regex(failed.detail ?? '', /security key "YubiKey" .* refused/);
    for (let i = 0; i < 3; i++) await signIn(undefined, 'https://evil.example');
    t.like(await signIn(undefined, 'https://evil.example'), { kind: 'locked', justLocked: true });
    t.like(await signIn(), { kind: 'locked' }, 'a lock holds for keys as for codes');
  } finally {
    await testDb.destroy();
  }
});

test('a sign counter going backwards is refused and audited; the same challenge cannot be answered twice', async (t) => {
  const { testDb, ctx, target, key, signIn } = await withKey();
  try {
    t.like(await signIn(), { kind: 'success' });
    t.like(await signIn(), { kind: 'success' });
    key.counter = 0;
    t.like(await signIn(), { kind: 'wrong' });
    const [failed] = await listAudit(ctx.db, { event: 'challenge.failed', limit: 1 });
    t.regex(failed.detail ?? '', /sign counter of security key "YubiKey" \(#\d+\) went backwards \(stored 2, got 1\)/);
    key.counter = 5;
    const started = (await startKeySignIn(ctx, target.subject, PLACE))!;
    const response = key.signIn(started.options.challenge, PLACE);
    const answer = { securityKey: { response, pending: started.pending, place: PLACE } };
    t.like(await verifySecondFactor(ctx, target, answer, USER), { kind: 'success' });
    t.like(await verifySecondFactor(ctx, target, answer, USER), { kind: 'wrong' }, 'the same signed answer again is refused by its counter');
  } finally {
    await testDb.destroy();
  }
});

test('a removed key is refused; the last authenticator app stays while a key remains', async (t) => {
  const { testDb, ctx, target, added, key } = await withKey();
  try {
    const [app] = await listSecondFactors(ctx.db, target.subject);
    // Signed before the key is removed, sent after.
    const started = (await startKeySignIn(ctx, target.subject, PLACE))!;
    const response = key.signIn(started.options.challenge, PLACE);
    await t.throwsAsync(removeOneDevice(ctx, USER, target, app.id), { instanceOf: ServiceError, message: /last authenticator app/ });
    await removeOneDevice(ctx, USER, target, added.id);
    t.false(await hasSecurityKey(ctx, target.subject));
    t.is(await startKeySignIn(ctx, target.subject, PLACE), null, 'nothing to offer');
    const notices = await listMessages(ctx.db, target.mailbox!.id);
    t.true(notices.some((m) => m.subject === 'A security key was removed' && m.body.includes('"YubiKey"')));
    t.like(await verifySecondFactor(ctx, target, { securityKey: { response, pending: started.pending, place: PLACE } }, USER), { kind: 'wrong' });
    const [failed] = await listAudit(ctx.db, { event: 'challenge.failed', limit: 1 });
    t.regex(failed.detail ?? '', /unknown or removed security key/);
  } finally {
    await testDb.destroy();
  }
});
