import type { SecretBox } from '../../core/secret-box.js';
import type { Context } from 'koa';
import { accountPolicy, type AccountRecord } from '../../services/accounts.js';
import { livePairing, type PendingPairing } from '../../services/pairing.js';

/** How long a re-entered password allows Turn on and Configure, in ms. */
export const REVERIFY_TTL_MS = 5 * 60 * 1000;

/** How long new recovery codes stay on the session for showing and downloading, in ms. */
export const FRESH_CODES_TTL_MS = 10 * 60 * 1000;

/** Recovery codes just generated, kept on the session until shown and downloaded, then forgotten. */
export interface FreshCodes {
  codes: string[];
  /** ms since the epoch. */
  until: number;
  /** True for a regenerated set (Configure), false right after turning on. */
  regenerated: boolean;
}

/** A one-shot message for the next Settings page. */
export interface SettingsFlash {
  kind: 'ok' | 'error';
  text: string;
}

/** New recovery codes as the session row holds them: sealed under SECRET_KEY, never as text. */
interface SealedCodes {
  sealed: string;
  until: number;
  regenerated: boolean;
}

/** What the 2-Step Verification screens keep on the WebMail session, beside the gate's fields. */
export interface TwoStepSessionData {
  pairing?: PendingPairing;
  reverifiedAt?: number;
  freshCodes?: SealedCodes;
  settingsFlash?: SettingsFlash;
}

/** This request's session as the 2-Step Verification screens see it. */
export function twoStepSession(ctx: Context): TwoStepSessionData {
  return (ctx.session ?? {}) as unknown as TwoStepSessionData;
}

/** True when the password was re-entered within REVERIFY_TTL_MS of `now`. */
export function isReverified(ctx: Context, now: number): boolean {
  const at = twoStepSession(ctx).reverifiedAt;
  return typeof at === 'number' && at <= now && now - at < REVERIFY_TTL_MS;
}

/** The session's live pending pairing for `account`, or null (expired or foreign ones are dropped). */
export function sessionPairing(ctx: Context, account: AccountRecord, now: number): PendingPairing | null {
  const session = twoStepSession(ctx);
  const live = livePairing(session.pairing, { kind: 'account', id: account.id }, now);
  if (!live && session.pairing) delete session.pairing;
  return live;
}

/** Keeps new recovery codes on the session (sealed) for the codes page and its download. */
export function keepFreshCodes(ctx: Context, box: SecretBox, codes: string[], now: number, regenerated: boolean): void {
  twoStepSession(ctx).freshCodes = { sealed: box.seal(codes.join(' ')), until: now + FRESH_CODES_TTL_MS, regenerated };
}

/** The session's new recovery codes while they may still be shown, else null. */
export function freshCodes(ctx: Context, box: SecretBox, now: number): FreshCodes | null {
  const session = twoStepSession(ctx);
  const fresh = session.freshCodes;
  if (fresh && typeof fresh.sealed === 'string' && typeof fresh.until === 'number' && fresh.until > now) {
    try {
      return { codes: box.open(fresh.sealed).split(' '), until: fresh.until, regenerated: fresh.regenerated === true };
    } catch {
      // Sealed under another SECRET_KEY: treat as gone.
    }
  }
  if (fresh) delete session.freshCodes;
  return null;
}

/** Forgets a pending pairing and any recovery codes still on the session (leaving the flow). */
export function leaveTwoStepFlow(ctx: Context): void {
  const session = twoStepSession(ctx);
  delete session.pairing;
  delete session.freshCodes;
}

/** Sets the message the next Settings page shows. */
export function flashSettings(ctx: Context, kind: SettingsFlash['kind'], text: string): void {
  twoStepSession(ctx).settingsFlash = { kind, text };
}

/** Takes the pending message off the session. */
export function takeSettingsFlash(ctx: Context): SettingsFlash | null {
  const session = twoStepSession(ctx);
  const flash = session.settingsFlash ?? null;
  if (flash) delete session.settingsFlash;
  return flash;
}

/** Where the account stands: the effective setting, and whether it is paired. */
export function twoStepPosition(account: AccountRecord): { setting: 'disabled' | 'enabled' | 'mandatory'; configured: boolean } {
  const setting = accountPolicy(account).value;
  return { setting, configured: setting !== 'disabled' && account.state.configured && account.state.secretSealed !== null };
}

/** Answers 303 See Other to `location` (post/redirect/get, and redirects away from screens that do not apply). */
export function seeOther(ctx: Context, location: string): void {
  ctx.status = 303;
  ctx.redirect(location);
}
