import type { Queryable } from './queryable.js';

/** A failure counter for one key (e.g. `password:account:alice@example.com`, `code:ip:192.0.2.1`). */
export interface ThrottleRow {
  key: string;
  failures: number;
  firstFailureAt: number;
  blockedUntil: number | null;
}

/** How a counter grows: failures older than `windowMs` start afresh; `delayFor(n)` ms of block after the n-th. */
export interface ThrottleRule {
  windowMs: number;
  delayFor: (failures: number) => number;
}

/** Outcome of reserving one attempt: its number in the window, or the time the key is blocked until. */
export type Reservation = { reserved: true; failures: number } | { reserved: false; blockedUntil: number };

/** An integer for SQL text, refused unless it is a safe integer (every number here is computed by the server). */
function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${n}`);
  return String(n);
}

/**
 * The block that follows the failure counted by the SQL expression `failures`, as a delay in ms (NULL
 * for none): a CASE over every distinct delay of `delayFor` up to its cap, so the count and the block
 * are written by one statement. It depends on the rule alone, so the statement's text stays the same.
 */
function delaySql(failures: string, delayFor: (failures: number) => number): string {
  const arms: string[] = [];
  let n = 1;
  for (; n < 1000; n++) {
    const delay = delayFor(n);
    arms.push(`WHEN ${failures} = ${n} THEN ${delay > 0 ? int(delay) : 'NULL'}`);
    if (delay > 0 && delayFor(n + 1) === delay && delayFor(n + 50) === delay) break;
  }
  const last = delayFor(n);
  return `CASE ${arms.join(' ')} ELSE ${last > 0 ? int(last) : 'NULL'} END`;
}

/**
 * Counts one attempt against `key` in a single statement, unless the key is blocked at `now`: the
 * check, the count and the block the count earns are one atomic step on SQLite and PostgreSQL alike,
 * so of simultaneous attempts only as many as the rule allows are reserved. The times are bound
 * values, so the text is one prepared statement per rule.
 */
export async function reserveThrottle(q: Queryable, key: string, now: number, rule: ThrottleRule): Promise<Reservation> {
  const at = 'CAST(:at AS BIGINT)';
  const fresh = 't.first_failure_at < CAST(:windowStart AS BIGINT)';
  const next = `CASE WHEN ${fresh} THEN 1 ELSE t.failures + 1 END`;
  const result = await q.raw(
    `INSERT INTO login_throttles AS t ("key", failures, first_failure_at, blocked_until, updated_at)
     VALUES (:key, 1, ${at}, ${at} + ${delaySql('1', rule.delayFor)}, ${at})
     ON CONFLICT ("key") DO UPDATE SET
       failures = ${next},
       first_failure_at = CASE WHEN ${fresh} THEN ${at} ELSE t.first_failure_at END,
       blocked_until = ${at} + ${delaySql(`(${next})`, rule.delayFor)},
       updated_at = ${at}
     WHERE t.blocked_until IS NULL OR t.blocked_until <= ${at}
     RETURNING failures`,
    { key, at: Number(int(now)), windowStart: Number(int(now - rule.windowMs)) },
  );
  const rows: { failures: number }[] = Array.isArray(result) ? result : result.rows;
  if (rows.length) return { reserved: true, failures: Number(rows[0].failures) };
  const row = await q('login_throttles').where({ key }).first('blocked_until');
  return { reserved: false, blockedUntil: Number(row?.blocked_until ?? now) };
}

/**
 * Hands back an attempt reserved as the `failures`-th: when no attempt was counted after it, the key
 * goes back to how it was before (or, with `forgive`, to no failures at all, after a success); when
 * others were counted since, only this one is taken off and their block stays.
 */
export async function releaseThrottle(q: Queryable, key: string, failures: number, forgive: boolean): Promise<void> {
  const n = int(failures);
  await q.raw(
    `UPDATE login_throttles SET
       failures = CASE WHEN failures = ${n} THEN ${forgive ? '0' : `${n} - 1`} ELSE failures - 1 END,
       blocked_until = CASE WHEN failures = ${n} THEN NULL ELSE blocked_until END
     WHERE "key" = ? AND failures > 0`,
    [key],
  );
}

/** The counters for several keys at once. */
export async function getThrottles(q: Queryable, keys: string[]): Promise<ThrottleRow[]> {
  const rows = await q('login_throttles').whereIn('key', keys);
  return rows.map((row) => ({ key: row.key, failures: row.failures, firstFailureAt: Number(row.first_failure_at), blockedUntil: row.blocked_until === null ? null : Number(row.blocked_until) }));
}

/** Stores a counter as given (for set-up in tests and tools; counting goes through reserveThrottle). */
export async function putThrottle(q: Queryable, row: ThrottleRow, now: number): Promise<void> {
  await q('login_throttles')
    .insert({ key: row.key, failures: row.failures, first_failure_at: row.firstFailureAt, blocked_until: row.blockedUntil, updated_at: now })
    .onConflict('key')
    .merge(['failures', 'first_failure_at', 'blocked_until', 'updated_at']);
}

/** Deletes counters whose window began before `windowStart` and that block nothing at `now`; answers how many. */
export async function purgeStaleThrottles(q: Queryable, windowStart: number, now: number): Promise<number> {
  return q('login_throttles')
    .where('first_failure_at', '<', windowStart)
    .where((w) => w.whereNull('blocked_until').orWhere('blocked_until', '<=', now))
    .delete();
}
