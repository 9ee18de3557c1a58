import { normalizeProvisionedKey } from '../core/provisioned-key.js';
import type { SecretBox } from '../core/secret-box.js';
import { codeAt, newSecret } from '../core/totp.js';
import type { Queryable } from '../repos/queryable.js';
import { endSessions } from '../repos/sessions.js';
import { clearSecret, getTwoFactorState, setConfigured, storeSecret, unlockCodeEntry, type TwoFactorSubject } from '../repos/two-factor.js';
import { endAppPasswords } from './app-password-ends.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { endTrustedBrowsers } from './trusted-browser-ends.js';
import { auditTarget as audit, notifyTarget as notify, type KeyOpContext, type KeyTarget } from './key-op.js';

export type { KeyOpContext, KeyTarget } from './key-op.js';

async function signOutOthers(c: KeyOpContext, target: KeyTarget, reason: 'key_reset' | 'revoked'): Promise<void> {
  await endSessions(c.trx, target.subject, reason, c.now, c.keepSid);
}

/** Stores an admin-provided 16-character key; the subject counts as configured. */
export async function provisionKey(c: KeyOpContext, target: KeyTarget, rawKey: string): Promise<void> {
  const checked = normalizeProvisionedKey(rawKey);
  if (!checked.ok) throw new ServiceError('invalid', checked.message, 'secretKey');
  await storeSecret(c.trx, target.subject, c.secretBox.seal(checked.key), true, c.now);
  await audit(c, target, 'key.provisioned');
  await notify(c, target, 'key_provisioned');
  await endTrustedBrowsers(c, target, 'key_provisioned');
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
  if (!state?.secretSealed) {
    throw new ServiceError('invalid', 'There is no secret key to mark as configured: add one first (twoFactorSecretKey).', 'configured');
  }
  if (state.configured) return;
  await setConfigured(c.trx, target.subject, true, c.now);
  await audit(c, target, 'configured.changed', 'configured: yes');
}

/** Lifts a code-entry lock. */
export async function unlock(c: KeyOpContext, target: KeyTarget): Promise<void> {
  await unlockCodeEntry(c.trx, target.subject);
  await audit(c, target, 'lock.lifted');
}

/** The subject's current verification code (for support), or a refusal when it has no key. */
export async function currentCode(ctx: ServiceContext, subject: TwoFactorSubject): Promise<string> {
  const state = await getTwoFactorState(ctx.db, subject);
  if (!state?.secretSealed) throw new ServiceError('invalid', 'This account has no 2-Step Verification secret key.');
  return codeAt(ctx.secretBox.open(state.secretSealed), ctx.clock.now());
}
