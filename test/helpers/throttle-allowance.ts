import { PASSWORD_FREE_FAILURES, passwordDelay } from '../../src/core/lockout.js';

/**
 * The most password attempts the throttle lets through in `elapsedMs`: the free ones, then one more
 * each time the growing delay that the last one set has run out.
 */
export function passwordAllowance(elapsedMs: number): number {
  let allowed = PASSWORD_FREE_FAILURES;
  for (let spent = passwordDelay(allowed); spent <= elapsedMs; spent += passwordDelay(allowed)) allowed++;
  return allowed;
}
