import type { Queryable } from './queryable.js';

/** A failure counter for one key (e.g. `password:account:alice@example.com`, `code:ip:192.0.2.1`). */
export interface ThrottleRow {
  key: string;
  failures: number;
  firstFailureAt: number;
  blockedUntil: number | null;
}

/** The counters for several keys at once. */
export async function getThrottles(q: Queryable, keys: string[]): Promise<ThrottleRow[]> {
  const rows = await q('login_throttles').whereIn('key', keys);
  return rows.map((row) => ({ key: row.key, failures: row.failures, firstFailureAt: Number(row.first_failure_at), blockedUntil: row.blocked_until === null ? null : Number(row.blocked_until) }));
}

/** Stores a counter. */
export async function putThrottle(q: Queryable, row: ThrottleRow, now: number): Promise<void> {
  await q('login_throttles')
    .insert({ key: row.key, failures: row.failures, first_failure_at: row.firstFailureAt, blocked_until: row.blockedUntil, updated_at: now })
    .onConflict('key')
    .merge(['failures', 'first_failure_at', 'blocked_until', 'updated_at']);
}

/** Forgets the counters for `keys` (after a success). */
export async function clearThrottles(q: Queryable, keys: string[]): Promise<void> {
  await q('login_throttles').whereIn('key', keys).delete();
}

/** Deletes counters whose window began before `windowStart` and that block nothing at `now`; answers how many. */
export async function purgeStaleThrottles(q: Queryable, windowStart: number, now: number): Promise<number> {
  return q('login_throttles')
    .where('first_failure_at', '<', windowStart)
    .where((w) => w.whereNull('blocked_until').orWhere('blocked_until', '<=', now))
    .delete();
}
