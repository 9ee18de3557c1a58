import { describeDuration, lockDuration, MAX_CODE_FAILURES } from '../core/lockout.js';
import { hashRecoveryCode, normalizeRecoveryCode, sameHash } from '../core/recovery-codes.js';
import { checkCode } from '../core/totp.js';
import { recordAudit, type Actor } from '../repos/audit.js';
import type { Queryable } from '../repos/queryable.js';
import { countUnusedRecoveryCodes, unusedRecoveryCodes, useRecoveryCode } from '../repos/recovery-codes.js';
import { acceptStep, addFailure, getTwoFactorState, lockCodeEntry, recordRecoverySuccess, type TwoFactorState } from '../repos/two-factor.js';
import type { ServiceContext } from './context.js';
import { deliverNotice } from './notices.js';
import { recordThrottledFailure, throttledUntil } from './throttle.js';
import type { KeyTarget } from './two-factor-keys.js';

/** What the person answered the challenge with: a code from the app, or a recovery code. */
export type SecondFactor = { code: string } | { recoveryCode: string };

/** Outcome of one answer to the challenge. */
export type ChallengeOutcome =
  /** Passed: `step` and `drift` for a code, `recoveryCodesLeft` for a recovery code. */
  | { kind: 'success'; step: number | null; drift: number | null; recoveryCodesLeft: number | null }
  /** Wrong answer; `attemptsLeft` before code entry locks. */
  | { kind: 'wrong'; attemptsLeft: number }
  /** Code entry is locked until `until` (ms); `justLocked` when this answer caused it. */
  | { kind: 'locked'; until: number; justLocked: boolean }
  /** A code at or before the last accepted step, or a recovery code another request used first. */
  | { kind: 'replayed' }
  /** Too many wrong codes from this client address, whatever the account. */
  | { kind: 'throttled'; until: number }
  /** The subject has no paired key any more (revoked while the login was pending). */
  | { kind: 'unavailable' };

/** Wrong codes from one client address that are free before a growing delay applies. */
export const CODE_ADDRESS_FREE_FAILURES = 20;

/** Delay in ms after `failures` wrong codes from one address: none at first, then doubling from 1 s to 15 min. */
export function codeAddressDelay(failures: number): number {
  if (failures < CODE_ADDRESS_FREE_FAILURES) return 0;
  return Math.min(1000 * 2 ** (failures - CODE_ADDRESS_FREE_FAILURES), 15 * 60 * 1000);
}

/** Throttle key of code failures from one client address (separate from password failures). */
export function codeAddressKey(ip: string): string {
  return `code:ip:${ip}`;
}

async function audit(q: Queryable, actor: Actor, target: KeyTarget, event: string, detail: string, now: number): Promise<void> {
  await recordAudit(q, { actor, domain: target.domain, subject: target.label, event, detail }, now);
}

/**
 * Checks an answer to the 2-Step Verification challenge of `target` (a WebMail account or a
 * WebAdmin admin). Codes are accepted within ±1 step and never twice (the step is recorded
 * atomically, so of two simultaneous requests only one passes); recovery codes work once. Wrong
 * answers count toward a lock of code entry with a growing back-off, and per client address.
 * Every outcome is written to the audit log; a lock also puts a notice in the mailbox.
 */
export async function verifySecondFactor(ctx: ServiceContext, target: KeyTarget, answer: SecondFactor, actor: Actor): Promise<ChallengeOutcome> {
  const now = ctx.clock.now();
  const state = await getTwoFactorState(ctx.db, target.subject);
  if (!state?.configured || !state.secretSealed) return { kind: 'unavailable' };
  if (state.lockedUntil !== null && state.lockedUntil > now) {
    await audit(ctx.db, actor, target, 'challenge.failed', `refused: code entry locked for ${describeDuration(state.lockedUntil - now)}`, now);
    return { kind: 'locked', until: state.lockedUntil, justLocked: false };
  }
  const addressKey = codeAddressKey(actor.ip ?? 'unknown');
  const blocked = await throttledUntil(ctx.db, [addressKey], now);
  if (blocked !== null) {
    await audit(ctx.db, actor, target, 'challenge.failed', 'refused: too many wrong codes from this address', now);
    return { kind: 'throttled', until: blocked };
  }
  const outcome = 'code' in answer ? await tryCode(ctx, target, state, answer.code, actor, now) : await tryRecoveryCode(ctx, target, answer.recoveryCode, actor, now);
  return outcome ?? recordWrongAnswer(ctx, target, state, actor, addressKey, now);
}

async function tryCode(ctx: ServiceContext, target: KeyTarget, state: TwoFactorState, code: string, actor: Actor, now: number): Promise<ChallengeOutcome | null> {
  const check = checkCode(ctx.secretBox.open(state.secretSealed!), code.trim(), now, state.lastStep);
  if (!check.ok && check.reason !== 'replayed') return null;
  return ctx.db.transaction(async (trx) => {
    if (!check.ok || !(await acceptStep(trx, target.subject, check.step, check.drift, now))) {
      await audit(trx, actor, target, 'challenge.failed', 'refused: code already used', now);
      return { kind: 'replayed' } as const;
    }
    await audit(trx, actor, target, 'challenge.succeeded', `code accepted, drift ${check.drift} step(s)`, now);
    return { kind: 'success', step: check.step, drift: check.drift, recoveryCodesLeft: null } as const;
  });
}

async function tryRecoveryCode(ctx: ServiceContext, target: KeyTarget, typed: string, actor: Actor, now: number): Promise<ChallengeOutcome | null> {
  const canonical = normalizeRecoveryCode(typed);
  if (!canonical) return null;
  const hash = hashRecoveryCode(canonical);
  // Compare against every unused code so the time taken does not depend on which one matches.
  const match = (await unusedRecoveryCodes(ctx.db, target.subject)).reduce<number | null>((found, row) => (sameHash(row.hash, hash) ? row.id : found), null);
  if (match === null) return null;
  return ctx.db.transaction(async (trx) => {
    if (!(await useRecoveryCode(trx, match, now))) {
      await audit(trx, actor, target, 'challenge.failed', 'refused: recovery code already used', now);
      return { kind: 'replayed' } as const;
    }
    await recordRecoverySuccess(trx, target.subject, now);
    const left = await countUnusedRecoveryCodes(trx, target.subject);
    await audit(trx, actor, target, 'recovery.used', `${left} recovery code(s) left`, now);
    await audit(trx, actor, target, 'challenge.succeeded', 'recovery code accepted', now);
    return { kind: 'success', step: null, drift: null, recoveryCodesLeft: left } as const;
  });
}

async function recordWrongAnswer(ctx: ServiceContext, target: KeyTarget, state: TwoFactorState, actor: Actor, addressKey: string, now: number): Promise<ChallengeOutcome> {
  return ctx.db.transaction(async (trx) => {
    await recordThrottledFailure(trx, [addressKey], now, codeAddressDelay);
    const failures = await addFailure(trx, target.subject);
    if (failures < MAX_CODE_FAILURES) {
      await audit(trx, actor, target, 'challenge.failed', `wrong code, ${MAX_CODE_FAILURES - failures} attempt(s) left`, now);
      return { kind: 'wrong', attemptsLeft: MAX_CODE_FAILURES - failures } as const;
    }
    const level = state.lockLevel + 1;
    const until = now + lockDuration(level);
    const words = describeDuration(until - now);
    await lockCodeEntry(trx, target.subject, level, until);
    await audit(trx, actor, target, 'challenge.locked', `${MAX_CODE_FAILURES} wrong codes: locked for ${words}`, now);
    if (target.mailbox) {
      await deliverNotice(trx, target.mailbox, 'locked', now, `Code entry is locked for ${words}. The last wrong code came from ${actor.ip ?? 'an unknown address'}.`);
    }
    return { kind: 'locked', until, justLocked: true } as const;
  });
}
