import type { Context } from 'koa';
import { normalizeRecoveryCode } from '../core/recovery-codes.js';
import { SecretUnreadableError } from '../core/secret-box.js';
import type { Logger } from '../logger.js';
import { isWellFormedCode } from '../core/totp.js';
import type { ChallengeOutcome, SecondFactor } from '../services/challenge.js';
import { formOf } from './forms.js';
import { CHALLENGE_TEXT } from './webmail/strings.js';

/** What a challenge form asks for: a code from the app, or a recovery code. */
export type ChallengeMode = 'code' | 'recovery';

/**
 * The answer typed into a challenge form (WebMail or WebAdmin), or why it cannot be one; checked
 * before anything is counted, so a typo never costs an attempt.
 */
export function readChallengeAnswer(ctx: Context, mode: ChallengeMode): SecondFactor | { problem: string } {
  const form = formOf(ctx);
  if (mode === 'code') {
    const code = form.text('code', 64).replace(/\s+/g, '');
    if (!code) return { problem: CHALLENGE_TEXT.codeMissing };
    return isWellFormedCode(code) ? { code } : { problem: CHALLENGE_TEXT.codeMalformed };
  }
  const recoveryCode = form.trimmed('recoveryCode', 64);
  if (!recoveryCode) return { problem: CHALLENGE_TEXT.recoveryMissing };
  return normalizeRecoveryCode(recoveryCode) ? { recoveryCode } : { problem: CHALLENGE_TEXT.recoveryMalformed };
}

/** "09:15 UTC": a time of day in the server's time zone (the TZ setting), with the zone named. */
export function clockTime(ms: number): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(ms);
}

/** Until when code entry is locked, as the locked challenge says it. */
export function lockedMessage(until: number, now: number): string {
  return CHALLENGE_TEXT.lockedUntil(clockTime(until), until - now);
}

/** An answer's outcome, or `keyUnreadable`: the stored key cannot be decrypted (a wrong SECRET_KEY). */
export type CheckedAnswer = ChallengeOutcome | { kind: 'keyUnreadable' };

/**
 * Runs the check of an answer of `who`; a stored key that cannot be decrypted is logged and
 * answered as `keyUnreadable` (the page says so), never a server error.
 */
export async function checkAnswer(check: () => Promise<ChallengeOutcome>, logger: Logger, who: string): Promise<CheckedAnswer> {
  try {
    return await check();
  } catch (err) {
    if (!(err instanceof SecretUnreadableError)) throw err;
    logger.error(`2-Step Verification of ${who} refused: ${err.message}`);
    return { kind: 'keyUnreadable' };
  }
}

/** The message and status for a refused answer (`key`: a security key's), and whether the pending sign-in must be dropped. */
export function challengeRefusal(outcome: Exclude<CheckedAnswer, { kind: 'success' }>, mode: ChallengeMode | 'key', now: number): { message: string; status: number; drop: boolean } {
  switch (outcome.kind) {
    case 'keyUnreadable':
      return { message: CHALLENGE_TEXT.keyUnreadable, status: 503, drop: false };
    case 'wrong':
      return { message: { code: CHALLENGE_TEXT.wrong, recovery: CHALLENGE_TEXT.wrongRecovery, key: CHALLENGE_TEXT.keyRefused }[mode](outcome.attemptsLeft), status: 401, drop: false };
    case 'replayed':
      return { message: (mode === 'code' ? CHALLENGE_TEXT.replayed : CHALLENGE_TEXT.replayedRecovery)(outcome.attemptsLeft), status: 409, drop: false };
    case 'locked':
      return { message: outcome.justLocked ? CHALLENGE_TEXT.justLocked(outcome.until - now) : lockedMessage(outcome.until, now), status: 423, drop: outcome.justLocked };
    case 'throttled':
      return { message: CHALLENGE_TEXT.throttled(outcome.until - now), status: 429, drop: false };
    case 'unavailable':
      return { message: CHALLENGE_TEXT.unavailable, status: 409, drop: true };
  }
}
