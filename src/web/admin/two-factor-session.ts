import type { SecretBox } from '../../core/secret-box.js';
import type { Context } from 'koa';
import type { AdminRecord } from '../../services/admins.js';
import { adminPairingTarget } from '../../services/admin-auth.js';
import { livePairing, type PendingPairing, type PairingTarget } from '../../services/pairing.js';
import { ADMIN_BRAND_NAME } from './strings.js';

/** How long a re-entered password allows turning on or revoking, in ms. */
export const REVERIFY_TTL_MS = 5 * 60 * 1000;

/** What the admin 2-Step Verification screens keep on the WebAdmin session. */
export interface AdminTwoStepData {
  pairing?: PendingPairing;
  reverifiedAt?: number;
  /** Recovery codes just issued, shown once: sealed under SECRET_KEY, never as text in the session row. */
  freshCodes?: string;
}

/** Recovery codes sealed for the session. */
export function sealCodes(box: SecretBox, codes: string[]): string {
  return box.seal(codes.join(' '));
}

/** The recovery codes just issued (null when gone); they stay on the session until `forgetFreshCodes`. */
export function freshCodesOf(ctx: Context, box: SecretBox): string[] | null {
  const sealed = twoStepData(ctx).freshCodes;
  if (typeof sealed !== 'string') return null;
  try {
    return box.open(sealed).split(' ');
  } catch {
    return null;
  }
}

/** Forgets the recovery codes just issued: the admin said they are saved. */
export function forgetFreshCodes(ctx: Context): void {
  delete twoStepData(ctx).freshCodes;
}

/** This request's session as the 2-Step Verification screens see it. */
export function twoStepData(ctx: Context): AdminTwoStepData {
  return (ctx.session ?? {}) as unknown as AdminTwoStepData;
}

/** The pairing target of an admin (issuer "Twostep WebAdmin"). */
export function pairingTargetOf(admin: AdminRecord): PairingTarget {
  return adminPairingTarget(admin, ADMIN_BRAND_NAME);
}

/** The session's live pending pairing for `admin`, or null (an expired or foreign one is dropped). */
export function sessionPairing(ctx: Context, admin: AdminRecord, now: number): PendingPairing | null {
  const data = twoStepData(ctx);
  const live = livePairing(data.pairing, { kind: 'admin', id: admin.id }, now);
  if (!live && data.pairing) delete data.pairing;
  return live;
}

/** True when the password was re-entered within REVERIFY_TTL_MS of `now`. */
export function isReverified(ctx: Context, now: number): boolean {
  const at = twoStepData(ctx).reverifiedAt;
  return typeof at === 'number' && at <= now && now - at < REVERIFY_TTL_MS;
}
