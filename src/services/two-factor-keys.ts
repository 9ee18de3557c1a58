import { checkDeviceName, PROVISIONED_DEVICE_NAME } from '../core/device-names.js';
import { normalizeProvisionedKey } from '../core/provisioned-key.js';
import { codeAt, newSecret } from '../core/totp.js';
import { confirmUnpairedFactors, deleteSecondFactor, deleteSecondFactors, insertTotpFactor, listSecondFactors, type SecondFactorRecord } from '../repos/second-factors.js';
import { endSessions } from '../repos/sessions.js';
import { clearSecret, getTwoFactorState, lockSubject, storeSecret, unlockCodeEntry, type TwoFactorSubject } from '../repos/two-factor.js';
import { endAppPasswords } from './app-password-ends.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { endTrustedBrowsers } from './trusted-browser-ends.js';
import { auditTarget as audit, notifyTarget as notify, type KeyOpContext, type KeyTarget } from './key-op.js';

export type { KeyOpContext, KeyTarget } from './key-op.js';

async function signOutOthers(c: KeyOpContext, target: KeyTarget, reason: 'key_reset' | 'revoked'): Promise<void> {
  await endSessions(c.trx, target.subject, reason, c.now, c.keepSid);
}

/** How audit entries and notices name a device: `"Work phone" (#3)`. */
export function deviceLabel(device: Pick<SecondFactorRecord, 'id' | 'name'>): string {
  return `"${device.name}" (#${device.id})`;
}

/**
 * Adds an admin-provided 16-character key as one paired device named `name` (PROVISIONED_DEVICE_NAME
 * when none is given), beside the subject's other devices; a key waiting to be paired goes.
 */
export async function provisionKey(c: KeyOpContext, target: KeyTarget, rawKey: string, name?: string): Promise<void> {
  const checked = normalizeProvisionedKey(rawKey);
  if (!checked.ok) throw new ServiceError('invalid', checked.message, 'secretKey');
  const named = checkDeviceName(name ?? PROVISIONED_DEVICE_NAME);
  if (!named.ok) throw new ServiceError('invalid', named.message, 'deviceName');
  await lockSubject(c.trx, target.subject);
  await deleteSecondFactors(c.trx, target.subject, true);
  const id = await insertTotpFactor(c.trx, target.subject, { name: named.value, sealed: c.secretBox.seal(checked.key), configured: true }, c.now);
  const label = deviceLabel({ id, name: named.value });
  await audit(c, target, 'key.provisioned', `device ${label}`);
  await notify(c, target, 'key_provisioned', `It is listed as the device ${label}.`);
  await endTrustedBrowsers(c, target, 'key_provisioned');
}

/**
 * Removes one device of the subject, refused when there is none by that id or when it is the only
 * paired one (that is "Revoke all devices", which also ends recovery codes and sessions) or the last
 * authenticator app beside security keys. Audited and
 * notified, naming it.
 */
export async function removeDevice(c: KeyOpContext, target: KeyTarget, id: number): Promise<SecondFactorRecord> {
  await lockSubject(c.trx, target.subject);
  const devices = await listSecondFactors(c.trx, target.subject);
  const device = devices.find((one) => one.id === id);
  if (!device) throw new ServiceError('not_found', `${target.label} has no device #${id}.`, 'device');
  if (device.configured && devices.filter((one) => one.configured).length === 1) {
    throw new ServiceError('conflict', `${deviceLabel(device)} is the only device of ${target.label}: to remove it, revoke all devices.`, 'device');
  }
  // Security keys need script; an authenticator app keeps sign-in working in every browser.
  if (device.kind === 'totp' && device.configured && devices.some((one) => one.kind === 'webauthn') && !devices.some((one) => one.id !== id && one.kind === 'totp' && one.configured)) {
    throw new ServiceError('conflict', `${deviceLabel(device)} is the last authenticator app of ${target.label}: it stays while security keys are kept, so codes keep working where keys cannot.`, 'device');
  }
  await deleteSecondFactor(c.trx, target.subject, id);
  await audit(c, target, 'device.removed', `device ${deviceLabel(device)}`);
  await notify(c, target, device.kind === 'webauthn' ? 'security_key_removed' : 'device_removed', `The device ${deviceLabel(device)} was removed.`);
  return device;
}

/** Replaces the key with a new random one that is not yet paired; recovery codes go too. `why` goes into the notice. */
export async function resetKey(c: KeyOpContext, target: KeyTarget, why = ''): Promise<void> {
  await clearSecret(c.trx, target.subject);
  await storeSecret(c.trx, target.subject, c.secretBox.seal(newSecret()), false, c.now);
  await signOutOthers(c, target, 'key_reset');
  await audit(c, target, 'key.reset');
  await notify(c, target, 'key_reset', why);
  await endAppPasswords(c, target, 'key_reset');
  await endTrustedBrowsers(c, target, 'key_reset');
}

/** Forgets the key and recovery codes and signs out the subject's other sessions. */
export async function revokeAllDevices(c: KeyOpContext, target: KeyTarget): Promise<void> {
  await clearSecret(c.trx, target.subject);
  await signOutOthers(c, target, 'revoked');
  await audit(c, target, 'devices.revoked');
  await notify(c, target, 'devices_revoked');
  await endAppPasswords(c, target, 'devices_revoked');
  await endTrustedBrowsers(c, target, 'devices_revoked');
}

/** Marks the stored key as paired (yes) or revokes it (no). */
export async function setKeyConfigured(c: KeyOpContext, target: KeyTarget, configured: boolean): Promise<void> {
  if (!configured) {
    await revokeAllDevices(c, target);
    return;
  }
  const state = await getTwoFactorState(c.trx, target.subject);
  if (!state?.hasKey) {
    throw new ServiceError('invalid', 'There is no secret key to mark as configured: add one first (twoFactorSecretKey).', 'configured');
  }
  if (state.configured) return;
  await confirmUnpairedFactors(c.trx, target.subject, c.now);
  await audit(c, target, 'configured.changed', 'configured: yes');
}

/** Lifts a code-entry lock. */
export async function unlock(c: KeyOpContext, target: KeyTarget): Promise<void> {
  await unlockCodeEntry(c.trx, target.subject);
  await audit(c, target, 'lock.lifted');
}

/** The current verification code of each of the subject's devices, oldest first (for support); refused when it has no key. */
export async function currentCodes(ctx: ServiceContext, subject: TwoFactorSubject): Promise<{ id: number; name: string; code: string }[]> {
  const devices = (await listSecondFactors(ctx.db, subject)).filter((one) => one.secretSealed !== null);
  if (devices.length === 0) throw new ServiceError('invalid', 'This account has no 2-Step Verification secret key.');
  return devices.map((one) => ({ id: one.id, name: one.name, code: codeAt(ctx.secretBox.open(one.secretSealed!), ctx.clock.now()) }));
}
