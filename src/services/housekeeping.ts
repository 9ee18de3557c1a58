import { purgeExpiredSessions } from '../repos/sessions.js';
import { purgeStaleThrottles } from '../repos/throttles.js';
import type { ServiceContext } from './context.js';
import { THROTTLE_WINDOW_MS } from './throttle.js';

/** How often a running instance clears out state nobody can use any more, in ms. */
export const HOUSEKEEPING_INTERVAL_MS = 10 * 60 * 1000;

/**
 * Deletes sessions past their idle or absolute limit (a session is otherwise only deleted when its
 * browser comes back) and failure counters whose window is over; answers how many of each.
 */
export async function purgeExpiredState(ctx: Pick<ServiceContext, 'db' | 'clock'>): Promise<{ sessions: number; throttles: number }> {
  const now = ctx.clock.now();
  const sessions = await purgeExpiredSessions(ctx.db, now);
  const throttles = await purgeStaleThrottles(ctx.db, now - THROTTLE_WINDOW_MS, now);
  return { sessions, throttles };
}
