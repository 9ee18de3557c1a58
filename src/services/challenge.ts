import { describeDuration, lockDuration, MAX_CODE_FAILURES } from '../core/lockout.js';
import { normalizeRecoveryCode, recoveryCodeMatches } from '../core/recovery-codes.js';
import { SecretUnreadableError } from '../core/secret-box.js';
import { recordAudit, recordAuditBurst, type Actor } from '../repos/audit.js';
import type { Queryable } from '../repos/queryable.js';
import { countUnusedRecoveryCodes, unusedRecoveryCodes, useRecoveryCode } from '../repos/recovery-codes.js';
import type { ThrottleRule } from '../repos/throttles.js';
import { configuredFactors } from '../repos/second-factors.js';
import { getTwoFactorState, lockCodeEntry, recordCodeSuccess, reserveCodeAttempt, returnCodeAttempt, type CodeAttempt } from '../repos/two-factor.js';
import type { ServiceContext } from './context.js';
import { deliverNotice, systemMailRoute } from './notices.js';
import { settleSuccess, takeAttempt, THROTTLE_WINDOW_MS, type ThrottleTicket } from './throttle.js';
import { FACTOR_STRATEGIES } from './totp-strategy.js';
import type { KeyTarget } from './two-factor-keys.js';
import { acceptKeyAssertion, checkKeyAssertion, counterReason, type KeyAssertion } from './webauthn-strategy.js';

/** What the person answered the challenge with: a code from the app, a recovery code, or a security key's assertion. */
export type SecondFactor = { code: string } | { recoveryCode: string } | { securityKey: KeyAssertion };

/** Outcome of one answer to the challenge. */
export type ChallengeOutcome =
  /** Passed: `step` and `drift` for a code, `recoveryCodesLeft` for a recovery code. */
  | { kind: 'success'; step: number | null; drift: number | null; recoveryCodesLeft: number | null }
  /** Wrong answer; `attemptsLeft` before code entry locks. */
  | { kind: 'wrong'; attemptsLeft: number }
  /** Code entry is locked until `until` (ms); `justLocked` when this answer caused it. */
  | { kind: 'locked'; until: number; justLocked: boolean }
  /** A code at or before the last accepted step, or a recovery code another request used first; it counts as wrong. */
  | { kind: 'replayed'; attemptsLeft: number }
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

/** The per-address rule for wrong codes over the throttle window. */
const CODE_ADDRESS_RULE: ThrottleRule = { windowMs: THROTTLE_WINDOW_MS, delayFor: codeAddressDelay };

/** Throttle key of code failures from one client address (separate from password failures). */
export function codeAddressKey(ip: string): string {
  return `code:ip:${ip}`;
}

async function audit(q: Queryable, actor: Actor, target: KeyTarget, event: string, detail: string, now: number): Promise<void> {
  await recordAudit(q, { actor, domain: target.domain, subject: target.label, event, detail }, now);
}

/** Audits a refusal that floods can repeat: one row per burst (or per `burst` key) with a count. */
async function auditRepeat(q: Queryable, actor: Actor, target: KeyTarget, detail: string, now: number, burst?: string): Promise<void> {
  await recordAuditBurst(q, { actor, domain: target.domain, subject: target.label, event: 'challenge.failed', detail }, now, burst);
}

/** What one answer was found to be once its attempt was counted. */
type Checked = { kind: 'success'; outcome: ChallengeOutcome & { kind: 'success' } } | { kind: 'wrong'; reason?: string } | { kind: 'replayed'; burst: string };

/**
 * Checks an answer to the 2-Step Verification challenge of `target` (a WebMail account or a
 * WebAdmin admin). Before the answer is looked at, its attempt is counted, per subject and then per
 * client address, each in one atomic statement that also checks the lock or the block: of any
 * number of simultaneous answers, on one instance or many, at most MAX_CODE_FAILURES are ever
 * checked and the rest are refused as locked. Codes are accepted within ±1 step and never twice;
 * recovery codes work once; a replayed code counts as a wrong answer. A success hands its attempt
 * back but never clears a lock. Every outcome is in the audit log (repeated refusals as one row
 * with a count); a lock also puts a notice in the mailbox.
 */
export async function verifySecondFactor(ctx: ServiceContext, target: KeyTarget, answer: SecondFactor, actor: Actor): Promise<ChallengeOutcome> {
  const now = ctx.clock.now();
  const attempt = await reserveCodeAttempt(ctx.db, target.subject, now, MAX_CODE_FAILURES);
  if (!attempt) return refuseUnreserved(ctx, target, actor, now);
  const address = await takeAttempt(ctx.db, [codeAddressKey(actor.ip ?? 'unknown')], now, CODE_ADDRESS_RULE);
  if (!address.ok) {
    await returnCodeAttempt(ctx.db, target.subject);
    await auditRepeat(ctx.db, actor, target, 'refused: too many wrong codes from this address', now);
    return { kind: 'throttled', until: address.until };
  }
  const checked =
    'code' in answer ? await checkCodeAnswer(ctx, target, attempt, answer.code, address.ticket, actor, now)
    : 'recoveryCode' in answer ? await checkRecoveryAnswer(ctx, target, attempt, answer.recoveryCode, address.ticket, actor, now)
    : await checkKeyAnswer(ctx, target, attempt, answer.securityKey, address.ticket, actor, now);
  if (checked.kind === 'success') return checked.outcome;
  return recordWrongAnswer(ctx, target, attempt, checked, actor, now);
}

/** Why an attempt could not be counted: no paired key any more, or code entry locked (or about to be). */
async function refuseUnreserved(ctx: ServiceContext, target: KeyTarget, actor: Actor, now: number): Promise<ChallengeOutcome> {
  const state = await getTwoFactorState(ctx.db, target.subject);
  if (!state?.configured) return { kind: 'unavailable' };
  // Locked, or the last allowed attempt is still being checked: refused as locked either way.
  const until = state.lockedUntil !== null && state.lockedUntil > now ? state.lockedUntil : now + lockDuration(state.lockLevel + 1);
  await auditRepeat(ctx.db, actor, target, `refused: code entry locked until ${new Date(until).toISOString()}`, now);
  return { kind: 'locked', until, justLocked: false };
}

/** A code is checked by the authenticator-app strategy against every paired device, each with its own replay guard. */
async function checkCodeAnswer(ctx: ServiceContext, target: KeyTarget, attempt: CodeAttempt, code: string, address: ThrottleTicket, actor: Actor, now: number): Promise<Checked> {
  const strategy = FACTOR_STRATEGIES.totp;
  const devices = await configuredFactors(ctx.db, target.subject, strategy.kind);
  let check;
  try {
    check = strategy.check(ctx.secretBox, devices, code.trim(), now);
  } catch (err) {
    // A key the server cannot decrypt (a wrong SECRET_KEY) is not the person's wrong answer: the attempt goes back.
    if (err instanceof SecretUnreadableError) {
      await returnCodeAttempt(ctx.db, target.subject);
      await auditRepeat(ctx.db, actor, target, 'refused: the stored key cannot be decrypted with SECRET_KEY', now, `unreadable:${target.subject.kind}:${target.subject.id}`);
    }
    throw err;
  }
  const replayBurst = (deviceId: number, step: number) => `replay:${target.subject.kind}:${target.subject.id}:${deviceId}:${step}`;
  if (check.kind === 'wrong') return { kind: 'wrong' };
  if (check.kind === 'replayed') return { kind: 'replayed', burst: replayBurst(check.device.id, check.step) };
  const match = check;
  return ctx.db.transaction(async (trx): Promise<Checked> => {
    if (!(await strategy.accept(trx, match, now))) return { kind: 'replayed', burst: replayBurst(match.device.id, match.step) };
    await recordCodeSuccess(trx, target.subject, attempt.failures, now);
    await settleSuccess(trx, address, []);
    await audit(trx, actor, target, 'challenge.succeeded', `code of "${match.device.name}" accepted, drift ${match.drift} step(s)`, now);
    return { kind: 'success', outcome: { kind: 'success', step: match.step, drift: match.drift, recoveryCodesLeft: null } };
  });
}

/** A security key's assertion is checked against the keys registered now, its sign counter moving on atomically. */
async function checkKeyAnswer(ctx: ServiceContext, target: KeyTarget, attempt: CodeAttempt, assertion: KeyAssertion, address: ThrottleTicket, actor: Actor, now: number): Promise<Checked> {
  const check = await checkKeyAssertion(ctx, target.subject, assertion);
  if (check.kind === 'wrong') return check;
  return ctx.db.transaction(async (trx): Promise<Checked> => {
    if (!(await acceptKeyAssertion(trx, check, now))) return { kind: 'wrong', reason: counterReason(check.device, check.counter) };
    await recordCodeSuccess(trx, target.subject, attempt.failures, now);
    await settleSuccess(trx, address, []);
    await audit(trx, actor, target, 'challenge.succeeded', `security key "${check.device.name}" accepted, sign counter ${check.counter}`, now);
    return { kind: 'success', outcome: { kind: 'success', step: null, drift: null, recoveryCodesLeft: null } };
  });
}

async function checkRecoveryAnswer(ctx: ServiceContext, target: KeyTarget, attempt: CodeAttempt, typed: string, address: ThrottleTicket, actor: Actor, now: number): Promise<Checked> {
  const canonical = normalizeRecoveryCode(typed);
  if (!canonical) return { kind: 'wrong' };
  // Compare against every unused code so the time taken does not depend on which one matches.
  const match = (await unusedRecoveryCodes(ctx.db, target.subject)).reduce<number | null>((found, row) => (recoveryCodeMatches(row.hash, canonical) ? row.id : found), null);
  if (match === null) return { kind: 'wrong' };
  return ctx.db.transaction(async (trx): Promise<Checked> => {
    if (!(await useRecoveryCode(trx, match, now))) return { kind: 'replayed', burst: `replay-recovery:${target.subject.kind}:${target.subject.id}:${match}` };
    await recordCodeSuccess(trx, target.subject, attempt.failures, now);
    await settleSuccess(trx, address, []);
    const left = await countUnusedRecoveryCodes(trx, target.subject);
    await audit(trx, actor, target, 'recovery.used', `${left} recovery code(s) left`, now);
    await audit(trx, actor, target, 'challenge.succeeded', 'recovery code accepted', now);
    return { kind: 'success', outcome: { kind: 'success', step: null, drift: null, recoveryCodesLeft: left } };
  });
}

/** A wrong or replayed answer keeps its counted attempt; the last one allowed locks code entry. */
async function recordWrongAnswer(ctx: ServiceContext, target: KeyTarget, attempt: CodeAttempt, checked: Exclude<Checked, { kind: 'success' }>, actor: Actor, now: number): Promise<ChallengeOutcome> {
  return ctx.db.transaction(async (trx) => {
    const left = MAX_CODE_FAILURES - attempt.failures;
    if (checked.kind === 'replayed') await auditRepeat(trx, actor, target, 'refused: code already used', now, checked.burst);
    if (left > 0) {
      if (checked.kind === 'wrong') await audit(trx, actor, target, 'challenge.failed', `${checked.reason ?? 'wrong code'}, ${left} attempt(s) left`, now);
      return checked.kind === 'replayed' ? ({ kind: 'replayed', attemptsLeft: left } as const) : ({ kind: 'wrong', attemptsLeft: left } as const);
    }
    const level = attempt.lockLevel + 1;
    const until = now + lockDuration(level);
    const words = describeDuration(until - now);
    await lockCodeEntry(trx, target.subject, level, until);
    if (checked.kind === 'wrong' && checked.reason) await audit(trx, actor, target, 'challenge.failed', checked.reason, now);
    await audit(trx, actor, target, 'challenge.locked', `${MAX_CODE_FAILURES} wrong codes: locked for ${words}`, now);
    if (target.mailbox) {
      await deliverNotice(trx, systemMailRoute(ctx.mail), target.mailbox, 'locked', now, `Code entry is locked for ${words}. The last wrong code came from ${actor.ip ?? 'an unknown address'}.`);
    }
    return { kind: 'locked', until, justLocked: true } as const;
  });
}
