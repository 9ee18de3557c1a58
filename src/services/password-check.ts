import type { PasswordCost } from '../config.js';
import { hashPassword, verifyPassword } from '../core/password.js';
import type { ServiceContext } from './context.js';
import { settleSuccess, takeAttempt } from './throttle.js';

const dummyHashes = new Map<string, Promise<string>>();

/** A hash of no real password at `cost`, made once per cost. */
function dummyHash(cost: PasswordCost): Promise<string> {
  const key = `${cost.N}:${cost.r}:${cost.p}`;
  let hash = dummyHashes.get(key);
  if (!hash) {
    hash = hashPassword('no-such-user-password', cost);
    dummyHashes.set(key, hash);
  }
  return hash;
}

/**
 * True when `password` matches `stored`. With no stored hash (unknown user) it verifies against a
 * dummy hash and answers false, so both cases do the same work and take the same time.
 */
export async function checkPasswordOrDummy(password: string, stored: string | undefined, cost: PasswordCost): Promise<boolean> {
  const matches = await verifyPassword(password, stored ?? (await dummyHash(cost)));
  return stored !== undefined && matches;
}

/**
 * Outcome of a throttled password check: the subject it matched (with the other secret that matched
 * instead of the password, or null), wrong (`known` when the login exists), or refused until a time.
 */
export type ThrottledPasswordResult<T, A = never> =
  | { ok: true; subject: T; alternative: A | null }
  | { ok: false; reason: 'wrong'; known: boolean }
  | { ok: false; reason: 'throttled'; until: number };

/** What a throttled password check needs: its throttle keys, which of them a success forgives, and how to find the subject. */
export interface ThrottledPasswordCheck<T, A = never> {
  keys: string[];
  forgive: string[];
  password: string;
  /** The subject the login names, or null when there is none (checked against a dummy hash). */
  load: () => Promise<T | null>;
  hashOf: (subject: T) => string;
  /** Another secret the subject may give instead of its password (an app password): what matched, or null. Tried first. */
  alternative?: (subject: T, password: string) => Promise<A | null>;
}

/**
 * Checks a password under its throttles: the attempt is counted against every key first (one atomic
 * statement each, so simultaneous guesses cannot slip past the allowance), and only then are the
 * alternative secret and the hash checked; a success hands the attempt back and forgives the keys in
 * `forgive`. Guessing the alternative costs the same attempts as guessing the password.
 */
export async function checkThrottledPassword<T, A = never>(ctx: ServiceContext, check: ThrottledPasswordCheck<T, A>): Promise<ThrottledPasswordResult<T, A>> {
  const taken = await takeAttempt(ctx.db, check.keys, ctx.clock.now());
  if (!taken.ok) return { ok: false, reason: 'throttled', until: taken.until };
  const subject = await check.load();
  const alternative = subject && check.alternative ? await check.alternative(subject, check.password) : null;
  const matches = alternative !== null || (await checkPasswordOrDummy(check.password, subject ? check.hashOf(subject) : undefined, ctx.passwordCost));
  if (!subject || !matches) return { ok: false, reason: 'wrong', known: subject !== null };
  await settleSuccess(ctx.db, taken.ticket, check.forgive);
  return { ok: true, subject, alternative };
}
