import { passwordDelay } from '../core/lockout.js';
import type { Queryable } from '../repos/queryable.js';
import { clearThrottles, getThrottles, putThrottle } from '../repos/throttles.js';

/** Failures older than this (ms) no longer count: a new window starts. */
export const THROTTLE_WINDOW_MS = 60 * 60 * 1000;

/** The latest time (ms) until which any of `keys` is blocked at `now`, or null when none is. */
export async function throttledUntil(q: Queryable, keys: string[], now: number): Promise<number | null> {
  const blocked = (await getThrottles(q, keys)).map((row) => row.blockedUntil ?? 0).filter((until) => until > now);
  return blocked.length ? Math.max(...blocked) : null;
}

/**
 * Counts one failure against each key and blocks it for the growing delay `delayFor(failures)`
 * (by default the password back-off of core/lockout).
 */
export async function recordThrottledFailure(q: Queryable, keys: string[], now: number, delayFor: (failures: number) => number = passwordDelay): Promise<void> {
  const existing = new Map((await getThrottles(q, keys)).map((row) => [row.key, row]));
  for (const key of keys) {
    const row = existing.get(key);
    const fresh = !row || now - row.firstFailureAt > THROTTLE_WINDOW_MS;
    const failures = fresh ? 1 : row.failures + 1;
    const delay = delayFor(failures);
    await putThrottle(q, { key, failures, firstFailureAt: fresh ? now : row.firstFailureAt, blockedUntil: delay > 0 ? now + delay : null }, now);
  }
}

/** Forgets the failures of `keys` (after a success). */
export async function clearThrottle(q: Queryable, keys: string[]): Promise<void> {
  await clearThrottles(q, keys);
}
