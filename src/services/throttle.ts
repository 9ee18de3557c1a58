import { passwordDelay } from '../core/lockout.js';
import type { Queryable } from '../repos/queryable.js';
import { releaseThrottle, reserveThrottle, type ThrottleRule } from '../repos/throttles.js';

/** Failures older than this (ms) no longer count: a new window starts. */
export const THROTTLE_WINDOW_MS = 60 * 60 * 1000;

/** The password back-off of core/lockout over the throttle window. */
export const PASSWORD_RULE: ThrottleRule = { windowMs: THROTTLE_WINDOW_MS, delayFor: passwordDelay };

/** Attempts counted against several keys, to be kept (a failure) or handed back (a success). */
export interface ThrottleTicket {
  reserved: { key: string; failures: number }[];
}

/** Outcome of taking an attempt: a ticket, or the time until which one of the keys is blocked. */
export type TakenAttempt = { ok: true; ticket: ThrottleTicket } | { ok: false; until: number };

/**
 * Counts one attempt against every key before the attempt is checked, each in one atomic statement.
 * When any key is blocked nothing stays counted and the answer says until when; otherwise the
 * ticket stands as a failure unless the caller hands it back with `settleSuccess`.
 */
export async function takeAttempt(q: Queryable, keys: string[], now: number, rule: ThrottleRule = PASSWORD_RULE): Promise<TakenAttempt> {
  const reserved: ThrottleTicket['reserved'] = [];
  for (const key of keys) {
    const outcome = await reserveThrottle(q, key, now, rule);
    if (!outcome.reserved) {
      for (const taken of reserved) await releaseThrottle(q, taken.key, taken.failures, false);
      return { ok: false, until: outcome.blockedUntil };
    }
    reserved.push({ key, failures: outcome.failures });
  }
  return { ok: true, ticket: { reserved } };
}

/**
 * After a success: the keys in `forgive` forget their failures (unless attempts were counted after
 * this one, whose block stays), and the other keys only get this attempt back.
 */
export async function settleSuccess(q: Queryable, ticket: ThrottleTicket, forgive: string[]): Promise<void> {
  for (const taken of ticket.reserved) await releaseThrottle(q, taken.key, taken.failures, forgive.includes(taken.key));
}
