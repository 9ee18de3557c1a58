import { randomBytes, timingSafeEqual } from 'node:crypto';
import { groupKey } from '../core/provisioned-key.js';
import { checkCode, newSecret, otpauthUri, type CodeCheck } from '../core/totp.js';
import type { AccountRecord } from '../repos/accounts.js';
import { recordAudit, type Actor } from '../repos/audit.js';
import { brandingNameFor } from './branding.js';
import type { Queryable } from '../repos/queryable.js';
import { deleteSecondFactors } from '../repos/second-factors.js';
import { DEFAULT_DEVICE_NAME, getTwoFactorState, lockSubject, type TwoFactorSubject } from '../repos/two-factor.js';
import { pairDevice } from './device-pairing.js';
import { accountTarget } from './accounts.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { deliverNotice, systemMailRoute } from './notices.js';
import { issueRecoveryCodes } from './recovery.js';
import { keyOpContext } from './key-op.js';
import { revokeAllDevices, type KeyTarget } from './two-factor-keys.js';

/** How long a started pairing can be confirmed, in ms. */
export const PAIRING_TTL_MS = 10 * 60 * 1000;

/**
 * A pairing in progress. It lives only in the session of the browser that started it (never in the
 * subject's row), so no other session can confirm it; `id` is echoed by the pairing form.
 */
export interface PendingPairing {
  id: string;
  subject: TwoFactorSubject;
  /** The new secret, sealed with the secret box. */
  sealed: string;
  /** ms since the epoch. */
  expiresAt: number;
}

/** Who pairs: the key-operation target plus the issuer name the authenticator app shows. */
export interface PairingTarget extends KeyTarget {
  issuer: string;
}

/** What a pairing or add-device screen shows: the key in clear and in groups of four, the otpauth URI, issuer and account. */
export interface PairingKey {
  secret: string;
  groupedKey: string;
  uri: string;
  issuer: string;
  account: string;
}

/** Words of the refusals, kept together. */
export const PAIRING_TEXT = {
  malformed: 'Enter the 6-digit verification code your authenticator app shows.',
  wrong: 'That code is not correct. Check that the app was set up with this key and enter the code it shows now.',
  expired: 'That key can no longer be confirmed: it expired or was replaced in another window. Set up your app with the key shown here.',
  alreadyOn: '2-Step Verification was already turned on, from another window or device.',
  notOn: '2-Step Verification is not turned on for this account.',
  disabled: '2-Step Verification is not available for this account.',
} as const;

/** The pairing target of an account, with its domain's branding name as issuer. */
export async function accountPairingTarget(ctx: ServiceContext, account: AccountRecord): Promise<PairingTarget> {
  return { ...accountTarget(account), issuer: await brandingNameFor(ctx, account.domainId) };
}

/** Starts a pairing with a new random secret; nothing is written anywhere but the returned value. */
export function startPairing(ctx: ServiceContext, subject: TwoFactorSubject): PendingPairing {
  return {
    id: randomBytes(16).toString('base64url'),
    subject: { kind: subject.kind, id: subject.id },
    sealed: ctx.secretBox.seal(newSecret()),
    expiresAt: ctx.clock.now() + PAIRING_TTL_MS,
  };
}

/** The session's pending pairing when it is well-formed, for `subject` and not expired at `now`; else null. */
export function livePairing(value: unknown, subject: TwoFactorSubject, now: number): PendingPairing | null {
  const p = value as Partial<PendingPairing> | null | undefined;
  if (!p || typeof p !== 'object' || typeof p.id !== 'string' || typeof p.sealed !== 'string' || typeof p.expiresAt !== 'number') return null;
  if (p.subject?.kind !== subject.kind || p.subject.id !== subject.id || p.expiresAt <= now) return null;
  return p as PendingPairing;
}

function keyView(target: PairingTarget, secret: string): PairingKey {
  return { secret, groupedKey: groupKey(secret), uri: otpauthUri(target.issuer, target.label, secret), issuer: target.issuer, account: target.label };
}

/** What the pairing screen shows for a pending pairing. */
export function pendingKey(ctx: ServiceContext, target: PairingTarget, pending: PendingPairing): PairingKey {
  return keyView(target, ctx.secretBox.open(pending.sealed));
}

function sameId(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A typed code without the spaces people put in ("123 456"). */
function withoutSpaces(code: string): string {
  return code.replace(/\s+/g, '');
}

function refuseCode(check: Extract<CodeCheck, { ok: false }>): never {
  throw new ServiceError('invalid', check.reason === 'malformed' ? PAIRING_TEXT.malformed : PAIRING_TEXT.wrong, 'code');
}

/**
 * The session's pending pairing when the form's `pairingId` names it and `code` comes from its new key;
 * refused otherwise (expired or replaced: the pairing field; a wrong code: the code field).
 */
export function checkPendingCode(ctx: ServiceContext, subject: TwoFactorSubject, pending: PendingPairing | null, pairingId: string, code: string, now: number) {
  const live = livePairing(pending, subject, now);
  if (!live || !sameId(live.id, pairingId)) throw new ServiceError('conflict', PAIRING_TEXT.expired, 'pairing');
  const check = checkCode(ctx.secretBox.open(live.sealed), withoutSpaces(code), now, null);
  if (!check.ok) refuseCode(check);
  return { live, check };
}

/**
 * Confirms the session's pending pairing with a code from the new key. In one transaction: the key is
 * stored as configured, the code's step is recorded (it cannot be replayed at the next sign-in), ten
 * recovery codes replace any old ones, the audit log and the mailbox are told. Answers the recovery
 * codes in clear. `pending` is what the session holds; `pairingId` is what the form sent.
 */
export async function confirmPairing(
  ctx: ServiceContext,
  actor: Actor,
  target: PairingTarget,
  pending: PendingPairing | null,
  pairingId: string,
  code: string,
  name = DEFAULT_DEVICE_NAME,
): Promise<string[]> {
  const now = ctx.clock.now();
  const { live, check } = checkPendingCode(ctx, target.subject, pending, pairingId, code, now);
  return ctx.db.transaction(async (trx) => {
    // One confirmation at a time per subject, so two windows cannot both turn it on.
    await lockSubject(trx, target.subject);
    if ((await getTwoFactorState(trx, target.subject))?.configured) throw new ServiceError('conflict', PAIRING_TEXT.alreadyOn);
    await deleteSecondFactors(trx, target.subject, true);
    await pairDevice(trx, target.subject, { name, sealed: live.sealed }, check, now);
    const codes = await issueRecoveryCodes(trx, target.subject, now);
    await recordAudit(trx, { actor, domain: target.domain, subject: target.label, event: 'two_factor.turned_on' }, now);
    if (target.mailbox) await deliverNotice(trx, systemMailRoute(ctx.mail), target.mailbox, 'turned_on', now);
    return codes;
  });
}

/**
 * The user revokes all their devices: the key and recovery codes are discarded and their other
 * sessions signed out (`keepSid` stays). When 2-Step Verification is optional it is then off, and the
 * mailbox is told so.
 */
export async function revokeDevicesByUser(ctx: ServiceContext, actor: Actor, target: PairingTarget, keepSid: string | undefined, optional: boolean): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    if (!(await getTwoFactorState(trx, target.subject))?.configured) throw new ServiceError('conflict', PAIRING_TEXT.notOn);
    await revokeAllDevices(keyOpContext(ctx, trx, actor, now, keepSid), target);
    if (optional && target.mailbox) await deliverNotice(trx, systemMailRoute(ctx.mail), target.mailbox, 'turned_off', now);
  });
}
