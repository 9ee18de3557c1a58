import { purgeExpiredSessions } from '../repos/sessions.js';
import { purgeStaleThrottles } from '../repos/throttles.js';
import { deleteExpiredTrustedBrowsers } from '../repos/trusted-browsers.js';
import type { ServiceContext } from './context.js';
import { THROTTLE_WINDOW_MS } from './throttle.js';

/** How often a running instance clears out state nobody can use any more, in ms. */
export const HOUSEKEEPING_INTERVAL_MS = 10 * 60 * 1000;

/**
 * Deletes sessions past their idle or absolute limit (a session is otherwise only deleted when its
 * browser comes back), failure counters whose window is over and trusted browsers past their
 * expiry; answers how many of each.
 */
export async function purgeExpiredState(ctx: Pick<ServiceContext, 'db' | 'clock'>): Promise<{ sessions: number; throttles: number; trustedBrowsers: number }> {
  const now = ctx.clock.now();
  const sessions = await purgeExpiredSessions(ctx.db, now);
  const throttles = await purgeStaleThrottles(ctx.db, now - THROTTLE_WINDOW_MS, now);
  const trustedBrowsers = await deleteExpiredTrustedBrowsers(ctx.db, now);
  return { sessions, throttles, trustedBrowsers };
}
