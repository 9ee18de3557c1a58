import { generateAuthenticationOptions, verifyAuthenticationResponse, type AuthenticationResponseJSON, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { counterMovedOn, KEY_CEREMONY_TTL_MS, type KeyPlace, type PendingKeyCeremony } from '../core/key-ceremony.js';
import type { Queryable } from '../repos/queryable.js';
import { acceptSignCount, configuredFactors, type SecondFactorRecord } from '../repos/second-factors.js';
import type { TwoFactorSubject } from '../repos/two-factor.js';
import type { ServiceContext } from './context.js';
import { parseKeyAnswer } from './security-keys.js';
import { deviceLabel } from './two-factor-keys.js';

/** An answer to the challenge from a security key: the browser's assertion for the session's pending request. */
export interface KeyAssertion {
  /** The assertion as the browser script sent it (JSON). */
  response: string;
  /** The request it answers, already taken off the session (used once). */
  pending: PendingKeyCeremony;
  place: KeyPlace;
}

/** What a security key's answer was found to be. */
export type KeyCheck =
  | { kind: 'match'; device: SecondFactorRecord; counter: number }
  /** Refused; `reason` goes into the audit log. */
  | { kind: 'wrong'; reason: string };

/**
 * Starts a sign-in with a security key: the options for the browser (the subject's keys added under
 * `place`'s relying party id, user verification preferred) and the request to keep on the session;
 * null when the subject has no such key.
 */
export async function startKeySignIn(ctx: ServiceContext, subject: TwoFactorSubject, place: KeyPlace): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; pending: PendingKeyCeremony } | null> {
  // A key answers only for the relying party (host) it was added under.
  const keys = (await configuredFactors(ctx.db, subject, 'webauthn')).filter((one) => one.securityKey!.rpId === place.rpId);
  if (keys.length === 0) return null;
  const options = await generateAuthenticationOptions({
    rpID: place.rpId,
    timeout: KEY_CEREMONY_TTL_MS,
    userVerification: 'preferred',
    allowCredentials: keys.map((one) => ({ id: one.securityKey!.credentialId, transports: one.securityKey!.transports as never })),
  });
  return { options, pending: { purpose: 'signin', subject: { ...subject }, challenge: options.challenge, rpId: place.rpId, expiresAt: ctx.clock.now() + KEY_CEREMONY_TTL_MS } };
}

/**
 * Checks a security key's assertion against the subject's keys now registered (a removed one is
 * unknown): challenge, origin, relying party id and signature, then the sign counter, which must move
 * on from the stored one (unless the key keeps none): a counter going backwards means a cloned key.
 */
export async function checkKeyAssertion(ctx: ServiceContext, subject: TwoFactorSubject, assertion: KeyAssertion): Promise<KeyCheck> {
  const answer = parseKeyAnswer<AuthenticationResponseJSON>(assertion.response);
  if (!answer) return { kind: 'wrong', reason: 'unreadable security key answer' };
  const device = (await configuredFactors(ctx.db, subject, 'webauthn')).find((one) => one.securityKey!.credentialId === answer.id);
  if (!device) return { kind: 'wrong', reason: 'unknown or removed security key' };
  const key = device.securityKey!;
  let verified;
  try {
    // Counter 0 here: the library checks the signature, the counter is checked below so that a clone is told apart.
    verified = await verifyAuthenticationResponse({
      response: answer,
      expectedChallenge: assertion.pending.challenge,
      expectedOrigin: assertion.place.origin,
      expectedRPID: assertion.pending.rpId,
      credential: { id: key.credentialId, publicKey: isoBase64URL.toBuffer(key.publicKey), counter: 0, transports: key.transports as never },
      requireUserVerification: false,
    });
  } catch (err) {
    return { kind: 'wrong', reason: `security key ${deviceLabel(device)} refused (${err instanceof Error ? err.message : 'not verified'})` };
  }
  if (!verified.verified || assertion.pending.rpId !== assertion.place.rpId) return { kind: 'wrong', reason: `security key ${deviceLabel(device)} refused (not verified)` };
  const counter = verified.authenticationInfo.newCounter;
  if (!counterMovedOn(key.signCount, counter)) return { kind: 'wrong', reason: counterReason(device, counter) };
  return { kind: 'match', device, counter };
}

/** The audit reason of a sign counter that did not move on. */
export function counterReason(device: SecondFactorRecord, counter: number): string {
  return `sign counter of security key ${deviceLabel(device)} went backwards (stored ${device.securityKey!.signCount}, got ${counter}): refused as a possible clone`;
}

/** Records the accepted counter on its key, only if no other answer moved it on first (answers false then). */
export async function acceptKeyAssertion(q: Queryable, match: Extract<KeyCheck, { kind: 'match' }>, now: number): Promise<boolean> {
  return acceptSignCount(q, match.device.id, match.counter, now);
}
