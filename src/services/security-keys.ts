import { createHash } from 'node:crypto';
import { generateRegistrationOptions, verifyRegistrationResponse, type PublicKeyCredentialCreationOptionsJSON, type RegistrationResponseJSON } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { checkDeviceName } from '../core/device-names.js';
import { KEY_CEREMONY_TTL_MS, type KeyPlace, type PendingKeyCeremony } from '../core/key-ceremony.js';
import { recordAudit, type Actor } from '../repos/audit.js';
import { configuredFactors, credentialTaken, insertSecurityKey, listSecondFactors } from '../repos/second-factors.js';
import { getTwoFactorState, lockSubject, type TwoFactorSubject } from '../repos/two-factor.js';
import type { ServiceContext } from './context.js';
import { listDevices, type DeviceView } from './devices.js';
import { ServiceError } from './errors.js';
import { keyOpContext, notifyTarget, type KeyTarget } from './key-op.js';
import { deviceLabel } from './two-factor-keys.js';

/** What the security-key screens and their refusals say. */
export const SECURITY_KEY_TEXT = {
  notOn: 'Turn on 2-Step Verification with an authenticator app first; a security key is added beside it.',
  expired: 'The security key request expired or was already answered. Try again.',
  unreadable: 'The browser sent no usable answer from the security key. Try again.',
  refused: 'The security key could not be added. Try again, or try another key.',
  taken: 'This security key is already registered. Each key is added once.',
} as const;

/** The user handle the browser keeps with a key: a hash, so no address or database id leaves the server. */
function userHandle(subject: TwoFactorSubject): Uint8Array<ArrayBuffer> {
  const handle = new Uint8Array(32);
  handle.set(createHash('sha256').update(`twostep:${subject.kind}:${subject.id}`).digest());
  return handle;
}

/**
 * Starts adding a security key or passkey for `target` at `place`: the options for the browser
 * (user verification preferred, no attestation, the subject's keys excluded) and the request to keep
 * on the session, answerable once within KEY_CEREMONY_TTL_MS. Refused unless 2-Step Verification is on.
 */
export async function startKeyRegistration(ctx: ServiceContext, target: KeyTarget, place: KeyPlace): Promise<{ options: PublicKeyCredentialCreationOptionsJSON; pending: PendingKeyCeremony }> {
  if (!(await getTwoFactorState(ctx.db, target.subject))?.configured) throw new ServiceError('conflict', SECURITY_KEY_TEXT.notOn);
  const keys = await configuredFactors(ctx.db, target.subject, 'webauthn');
  const options = await generateRegistrationOptions({
    rpName: place.rpName,
    rpID: place.rpId,
    userName: target.label,
    userID: userHandle(target.subject),
    timeout: KEY_CEREMONY_TTL_MS,
    attestationType: 'none',
    excludeCredentials: keys.map((one) => ({ id: one.securityKey!.credentialId, transports: one.securityKey!.transports as never })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  const pending: PendingKeyCeremony = { purpose: 'register', subject: { ...target.subject }, challenge: options.challenge, rpId: place.rpId, expiresAt: ctx.clock.now() + KEY_CEREMONY_TTL_MS };
  return { options, pending };
}

/** The browser's answer as JSON, or null when it is not one. */
export function parseKeyAnswer<T extends { id: string; response: object }>(raw: string): T | null {
  try {
    const value = JSON.parse(raw) as T;
    return value && typeof value === 'object' && typeof value.id === 'string' && value.response && typeof value.response === 'object' ? value : null;
  } catch {
    return null;
  }
}

/**
 * Finishes adding a security key: the browser's answer to the pending request (already taken off the
 * session, so it is used once) is verified against its challenge, `place`'s origin and relying party
 * id; the key is stored with its name, counter and transports, and the audit log and the mailbox are
 * told, naming it, in one transaction.
 */
export async function finishKeyRegistration(ctx: ServiceContext, actor: Actor, target: KeyTarget, pending: PendingKeyCeremony | null, place: KeyPlace, rawName: string, rawAnswer: string): Promise<DeviceView> {
  const named = checkDeviceName(rawName);
  if (!named.ok) throw new ServiceError('invalid', named.message, 'keyName');
  if (!pending) throw new ServiceError('invalid', SECURITY_KEY_TEXT.expired, 'securityKey');
  const answer = parseKeyAnswer<RegistrationResponseJSON>(rawAnswer);
  if (!answer) throw new ServiceError('invalid', SECURITY_KEY_TEXT.unreadable, 'securityKey');
  let verified;
  try {
    verified = await verifyRegistrationResponse({ response: answer, expectedChallenge: pending.challenge, expectedOrigin: place.origin, expectedRPID: pending.rpId, requireUserVerification: false });
  } catch {
    verified = null;
  }
  const info = verified?.verified ? verified.registrationInfo : undefined;
  if (!info || pending.rpId !== place.rpId) {
    await recordAudit(ctx.db, { actor, domain: target.domain, subject: target.label, event: 'device.refused', detail: 'security key answer refused (challenge, origin or signature)' }, ctx.clock.now());
    throw new ServiceError('invalid', SECURITY_KEY_TEXT.refused, 'securityKey');
  }
  const now = ctx.clock.now();
  const id = await ctx.db.transaction(async (trx) => {
    await lockSubject(trx, target.subject);
    if (!(await getTwoFactorState(trx, target.subject))?.configured) throw new ServiceError('conflict', SECURITY_KEY_TEXT.notOn);
    if (await credentialTaken(trx, info.credential.id)) throw new ServiceError('conflict', SECURITY_KEY_TEXT.taken, 'securityKey');
    const transports = (answer.response.transports ?? []).filter((one) => /^[a-z-]{1,20}$/.test(one)).slice(0, 8);
    const added = await insertSecurityKey(trx, target.subject, named.value, { credentialId: info.credential.id, publicKey: isoBase64URL.fromBuffer(info.credential.publicKey), signCount: info.credential.counter, transports, rpId: pending.rpId }, now);
    const label = deviceLabel({ id: added, name: named.value });
    await recordAudit(trx, { actor, domain: target.domain, subject: target.label, event: 'device.added', detail: `security key ${label} for ${pending.rpId}` }, now);
    await notifyTarget(keyOpContext(ctx, trx, actor, now), target, 'security_key_added', `The new security key is ${label}.`);
    return added;
  });
  return (await listDevices(ctx, target.subject)).find((one) => one.id === id)!;
}

/**
 * Whether the subject has a security key or passkey registered (for relying party `rpId` when given:
 * the challenge offers keys to browsers that run script only on the host they were added under).
 */
export async function hasSecurityKey(ctx: ServiceContext, subject: TwoFactorSubject, rpId?: string): Promise<boolean> {
  return (await listSecondFactors(ctx.db, subject)).some((one) => one.kind === 'webauthn' && one.configured && (rpId === undefined || one.securityKey!.rpId === rpId));
}
