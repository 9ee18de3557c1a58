import type { Context } from 'koa';
import type { SecretBox } from '../core/secret-box.js';
import { livePairing, type PendingPairing } from '../services/pairing.js';
import { sessionData } from './session.js';
import type { SealedCodes } from './web-context.js';

// What the 2-Step Verification screens of both areas keep on the session: the pairing being set up,
// when the password was entered again, and the recovery codes waiting to be shown.

/** How long a re-entered password allows turning on, configuring or revoking, in ms. */
export const REVERIFY_TTL_MS = 5 * 60 * 1000;

/** How long new recovery codes stay on the session for showing and downloading, in ms. */
export const FRESH_CODES_TTL_MS = 10 * 60 * 1000;

/** Recovery codes just generated, while they may still be shown. */
export interface FreshCodes {
  codes: string[];
  /** ms since the epoch. */
  until: number;
  /** True for a regenerated set (Configure), false right after turning on. */
  regenerated: boolean;
}

/** True when the password was re-entered within REVERIFY_TTL_MS of `now`. */
export function isReverified(ctx: Context, now: number): boolean {
  const at = sessionData(ctx).reverifiedAt;
  return typeof at === 'number' && at <= now && now - at < REVERIFY_TTL_MS;
}

/** The session's live pending pairing for the account or admin `subject`, or null (an expired or foreign one is dropped). */
export function sessionPairing(ctx: Context, subject: { kind: 'account' | 'admin'; id: number }, now: number): PendingPairing | null {
  const data = sessionData(ctx);
  const live = livePairing(data.pairing, subject, now);
  if (!live && data.pairing) delete data.pairing;
  return live;
}

/** New recovery codes sealed under SECRET_KEY (never as text in the session row), to be shown until FRESH_CODES_TTL_MS after `now`. */
export function sealFreshCodes(box: SecretBox, codes: string[], now: number, regenerated: boolean): SealedCodes {
  return { sealed: box.seal(codes.join(' ')), until: now + FRESH_CODES_TTL_MS, regenerated };
}

/** Keeps new recovery codes on the session (sealed) for the codes page and its download. */
export function keepFreshCodes(ctx: Context, box: SecretBox, codes: string[], now: number, regenerated: boolean): void {
  sessionData(ctx).freshCodes = sealFreshCodes(box, codes, now, regenerated);
}

/** The session's new recovery codes while they may still be shown, else null (and they are dropped). */
export function freshCodes(ctx: Context, box: SecretBox, now: number): FreshCodes | null {
  const data = sessionData(ctx);
  const fresh = data.freshCodes;
  if (fresh && typeof fresh.sealed === 'string' && typeof fresh.until === 'number' && fresh.until > now) {
    try {
      return { codes: box.open(fresh.sealed).split(' '), until: fresh.until, regenerated: fresh.regenerated === true };
    } catch {
      // Sealed under another SECRET_KEY: treat as gone.
    }
  }
  if (fresh) delete data.freshCodes;
  return null;
}
