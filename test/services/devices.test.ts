import test from 'ava';
import { listAudit, type Actor } from '../../src/repos/audit.js';
import { listMessages } from '../../src/repos/messages.js';
import { listSecondFactors } from '../../src/repos/second-factors.js';
import { applyAccountChanges, createAccount, requireAccount } from '../../src/services/accounts.js';
import { verifySecondFactor } from '../../src/services/challenge.js';
import { confirmNewDevice, listDevices, removeOneDevice } from '../../src/services/devices.js';
import { createDomain } from '../../src/services/domains.js';
import { ServiceError } from '../../src/services/errors.js';
import { accountPairingTarget, pendingKey, startPairing } from '../../src/services/pairing.js';
import { referenceTotp } from '../helpers/rfc6238.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

const FIRST = 'JBSWY3DPEHPK3PXP';
const USER: Actor = { kind: 'user', name: 'alice@example.com', ip: '192.0.2.7' };

/** Alice with one provisioned app (FIRST) and a second one added in Configure with its own key, named "Work phone". */
async function twoApps() {
  const services = await openServices();
  const { ctx, clock } = services;
  const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'postmaster-pass');
  await createAccount(ctx, TEST_ADMIN, domain, { name: 'alice', password: 'alice-password' }, [
    { op: 'setTwoFactor', value: 'enabled' },
    { op: 'provisionKey', key: FIRST, name: 'Home phone' },
  ]);
  const target = await accountPairingTarget(ctx, await requireAccount(ctx, domain, 'alice'));
  const pending = startPairing(ctx, target.subject);
  const second = pendingKey(ctx, target, pending).secret;
  const codeOf = (secret: string, offsetSteps = 0) => referenceTotp(secret, Math.floor(clock.now() / 1000) + offsetSteps * 30);
  const added = await confirmNewDevice(ctx, USER, target, pending, pending.id, ' Work phone ', codeOf(second));
  const verify = (code: string) => verifySecondFactor(ctx, target, { code }, USER);
  return { ...services, domain, target, second, added, codeOf, verify };
}

test('two apps with different keys both pass; each has its own replay guard', async (t) => {
  const { testDb, clock, second, codeOf, verify, added, ctx, target } = await twoApps();
  try {
    t.not(second, FIRST);
    t.is(added.name, 'Work phone');
    // The code that confirmed the new device cannot sign in again.
    t.like(await verify(codeOf(second)), { kind: 'replayed' });
    clock.advance(30_000);
    t.like(await verify(codeOf(FIRST)), { kind: 'success' });
    t.like(await verify(codeOf(FIRST)), { kind: 'replayed' }, 'replay of the first device is refused');
    t.like(await verify(codeOf(second)), { kind: 'success' }, 'while the other device passes at the same step');
    t.like(await verify(codeOf(second)), { kind: 'replayed' });
    clock.advance(30_000);
    t.like(await verify(codeOf(second)), { kind: 'success' }, "the other's next code passes");
    const devices = await listSecondFactors(ctx.db, target.subject);
    t.deepEqual(devices.map((d) => [d.name, d.lastUsedAt]), [['Home phone', clock.now() - 30_000], ['Work phone', clock.now()]]);
    const [event] = await listAudit(ctx.db, { event: 'challenge.succeeded', limit: 1 });
    t.regex(event.detail ?? '', /"Work phone"/);
  } finally {
    await testDb.destroy();
  }
});

test('removing one app leaves the other working and refuses the removed one; the last cannot go alone', async (t) => {
  const { testDb, clock, ctx, target, second, codeOf, verify, added } = await twoApps();
  try {
    clock.advance(30_000);
    const removed = await removeOneDevice(ctx, USER, target, added.id);
    t.is(removed.name, 'Work phone');
    t.like(await verify(codeOf(second)), { kind: 'wrong' }, 'a code of the removed device is refused');
    t.like(await verify(codeOf(FIRST)), { kind: 'success' });
    const [only] = await listDevices(ctx, target.subject);
    const error = await t.throwsAsync(removeOneDevice(ctx, USER, target, only.id), { instanceOf: ServiceError, message: /only device.*revoke all devices/ });
    t.is(error?.kind, 'conflict');
    await t.throwsAsync(removeOneDevice(ctx, USER, target, added.id), { instanceOf: ServiceError, message: /no device #/ });
    const events = (await listAudit(ctx.db, { subject: 'alice@example.com', limit: 20 })).filter((e) => e.event.startsWith('device.'));
    t.deepEqual(events.map((e) => [e.event, e.detail]), [
      ['device.removed', `device "Work phone" (#${added.id})`],
      ['device.added', `device "Work phone" (#${added.id})`],
    ]);
    const notices = (await listMessages(ctx.db, target.subject.id)).filter((m) => m.kind === 'notice').map((m) => m.subject);
    t.true(notices.includes('A new device for 2-Step Verification'));
    t.true(notices.includes('A device was removed'));
  } finally {
    await testDb.destroy();
  }
});

test('an admin removes one device; a bad name or a wrong code adds nothing', async (t) => {
  const { testDb, clock, ctx, domain, target, codeOf, verify, added } = await twoApps();
  try {
    const pending = startPairing(ctx, target.subject);
    const key = pendingKey(ctx, target, pending).secret;
    for (const [name, code, field] of [['', codeOf(key), 'deviceName'], ['x'.repeat(65), codeOf(key), 'deviceName'], ['Tab\there', codeOf(key), 'deviceName'], ['Tablet', '000000' === codeOf(key) ? '111111' : '000000', 'code']] as const) {
      const error = await t.throwsAsync(confirmNewDevice(ctx, USER, target, pending, pending.id, name, code), { instanceOf: ServiceError });
      t.is(error?.field, field, name);
    }
    t.is((await listDevices(ctx, target.subject)).length, 2);
    await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'removeDevice', id: added.id }]);
    t.deepEqual((await listDevices(ctx, target.subject)).map((d) => d.name), ['Home phone']);
    const [event] = await listAudit(ctx.db, { event: 'device.removed', limit: 1 });
    t.like(event, { actor: { kind: 'admin', name: 'admin' } });
    clock.advance(30_000);
    t.like(await verify(codeOf(FIRST)), { kind: 'success' });
    await t.throwsAsync(applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'removeDevice', id: added.id }]), { instanceOf: ServiceError, message: /no device/ });
  } finally {
    await testDb.destroy();
  }
});

test('revoke all devices removes every app', async (t) => {
  const { testDb, clock, ctx, domain, target, codeOf, second, verify } = await twoApps();
  try {
    await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'revokeAll' }]);
    t.deepEqual(await listDevices(ctx, target.subject), []);
    clock.advance(30_000);
    t.deepEqual(await verify(codeOf(second)), { kind: 'unavailable' });
  } finally {
    await testDb.destroy();
  }
});
