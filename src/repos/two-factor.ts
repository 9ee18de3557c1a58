import type { Knex } from 'knex';
import type { Queryable } from './queryable.js';
import { deleteSecondFactors, insertTotpFactor, OWNER_COLUMN } from './second-factors.js';

/** Whose 2-Step Verification state: a WebMail account or a WebAdmin admin. */
export interface TwoFactorSubject {
  kind: 'account' | 'admin';
  id: number;
}

/**
 * 2-Step Verification state of one subject as a whole: whether any of its second factors is paired,
 * and the lockout counters that every code attempt, whatever the device, counts against.
 */
export interface TwoFactorState {
  /** At least one second factor is paired and confirmed. */
  configured: boolean;
  /** At least one second factor is stored, paired or not. */
  hasKey: boolean;
  /** When the first paired second factor was confirmed. */
  configuredAt: number | null;
  lastSuccessAt: number | null;
  failures: number;
  lockLevel: number;
  lockedUntil: number | null;
}

/** The device name a key gets when nobody named it (a provisioned or migrated key). */
export const DEFAULT_DEVICE_NAME = 'Authenticator app';

const TABLE = { account: 'accounts', admin: 'admins' } as const;

/** The subject-level columns of the state (the rest is in second_factors). */
const OWN_COLUMNS = ['totp_last_success_at', 'totp_failures', 'totp_lock_level', 'totp_locked_until'] as const;

/** SQL of "the row `ownerId` has a (paired) second factor", for either kind of subject. */
function factorExists(kind: TwoFactorSubject['kind'], ownerId: string, pairedOnly: boolean): string {
  return `EXISTS (SELECT 1 FROM second_factors f WHERE f.${OWNER_COLUMN[kind]} = ${ownerId}${pairedOnly ? ' AND f.configured' : ''})`;
}

/**
 * What a query of accounts or admins selects for the state, the row's id being `ownerId` (`a.id`):
 * its own columns (prefixed as `prefix`) and whether it has second factors, as subqueries.
 */
export function twoFactorSelect(q: Queryable, kind: TwoFactorSubject['kind'], ownerId: string, prefix = ''): (string | Knex.Raw)[] {
  return [
    ...OWN_COLUMNS.map((column) => `${prefix}${column}`),
    q.raw(`${factorExists(kind, ownerId, true)} AS tf_configured`),
    q.raw(`${factorExists(kind, ownerId, false)} AS tf_has_key`),
    q.raw(`(SELECT MIN(f.configured_at) FROM second_factors f WHERE f.${OWNER_COLUMN[kind]} = ${ownerId} AND f.configured) AS tf_configured_at`),
  ];
}

/** SQL condition for queries of accounts aliased `a`: the account has a paired second factor. */
export const ACCOUNT_CONFIGURED_SQL = factorExists('account', 'a.id', true);

/** SQL condition for queries of accounts aliased `a`: the account holds a second factor, paired or not. */
export const ACCOUNT_HAS_KEY_SQL = factorExists('account', 'a.id', false);

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Reads the state out of a row selected with twoFactorSelect. */
export function toTwoFactorState(row: Record<string, any>): TwoFactorState {
  return {
    configured: Boolean(row.tf_configured),
    hasKey: Boolean(row.tf_has_key),
    configuredAt: num(row.tf_configured_at),
    lastSuccessAt: num(row.totp_last_success_at),
    failures: Number(row.totp_failures ?? 0),
    lockLevel: Number(row.totp_lock_level ?? 0),
    lockedUntil: num(row.totp_locked_until),
  };
}

function rowOf(q: Queryable, subject: TwoFactorSubject) {
  return q(TABLE[subject.kind]).where({ id: subject.id });
}

/** The state of `subject`, or null when it does not exist. */
export async function getTwoFactorState(q: Queryable, subject: TwoFactorSubject): Promise<TwoFactorState | null> {
  const table = TABLE[subject.kind];
  const row = await rowOf(q, subject).first(twoFactorSelect(q, subject.kind, `${table}.id`));
  return row ? toTwoFactorState(row) : null;
}

/**
 * Holds the subject's row until the caller's transaction ends, so one writer at a time changes its
 * second factors (PostgreSQL: a row lock; SQLite: the write lock). Answers whether it exists.
 */
export async function lockSubject(q: Queryable, subject: TwoFactorSubject): Promise<boolean> {
  return (await rowOf(q, subject).update({ id: subject.id })) === 1;
}

/**
 * Replaces every second factor of the subject with one key, sealed, named `name`; `configured` says
 * whether it counts as paired. Failures in a row start afresh. Answers the new device's id.
 */
export async function storeSecret(q: Queryable, subject: TwoFactorSubject, sealed: string, configured: boolean, now: number, name = DEFAULT_DEVICE_NAME): Promise<number> {
  await deleteSecondFactors(q, subject);
  await rowOf(q, subject).update({ totp_failures: 0 });
  return insertTotpFactor(q, subject, { name, sealed, configured }, now);
}

/** Forgets every second factor and recovery code: all devices are revoked and nothing is configured. */
export async function clearSecret(q: Queryable, subject: TwoFactorSubject): Promise<void> {
  await deleteSecondFactors(q, subject);
  await rowOf(q, subject).update({ totp_failures: 0 });
  await q('recovery_codes').where({ [OWNER_COLUMN[subject.kind]]: subject.id }).delete();
}

/** A code attempt counted before the code is checked: its number in a row, and the lock level it was counted on. */
export interface CodeAttempt {
  failures: number;
  lockLevel: number;
}

/**
 * Counts one code attempt in one statement, unless code entry is locked at `now`, `max` attempts in a
 * row are already counted, or the subject has no paired second factor: the check and the count are one
 * atomic step, so of simultaneous answers (from any of its devices) at most `max` are ever checked.
 * Answers null when refused.
 */
export async function reserveCodeAttempt(q: Queryable, subject: TwoFactorSubject, now: number, max: number): Promise<CodeAttempt | null> {
  const rows: Record<string, any>[] = await rowOf(q, subject)
    .whereRaw(factorExists(subject.kind, `${TABLE[subject.kind]}.id`, true))
    .where((w) => w.whereNull('totp_locked_until').orWhere('totp_locked_until', '<=', now))
    .where('totp_failures', '<', max)
    .update({ totp_failures: q.raw('totp_failures + 1') }, ['totp_failures', 'totp_lock_level']);
  const row = rows[0];
  if (!row) return null;
  return { failures: Number(row.totp_failures), lockLevel: Number(row.totp_lock_level) };
}

/**
 * Records a passed challenge for the attempt counted as the `failures`-th (the device's replay guard is
 * second-factors' acceptFactorStep). The failures in a row are forgotten when no answer was counted
 * after this one (else only this one is taken back), and a lock set meanwhile stays: a success never
 * clears a lock.
 */
export async function recordCodeSuccess(q: Queryable, subject: TwoFactorSubject, failures: number, now: number): Promise<void> {
  await rowOf(q, subject).update({
    totp_last_success_at: now,
    totp_failures: q.raw('CASE WHEN totp_failures = ? THEN 0 WHEN totp_failures > 0 THEN totp_failures - 1 ELSE 0 END', [failures]),
    totp_lock_level: q.raw('CASE WHEN totp_locked_until IS NOT NULL AND totp_locked_until > ? THEN totp_lock_level ELSE 0 END', [now]),
  });
}

/** Records a code accepted outside the challenge (a pairing's confirmation): failures and locks are forgotten. */
export async function recordPairingSuccess(q: Queryable, subject: TwoFactorSubject, now: number): Promise<void> {
  await rowOf(q, subject).update({ totp_last_success_at: now, totp_failures: 0, totp_lock_level: 0, totp_locked_until: null });
}

/** Takes back a counted code attempt that was refused before its code was checked. */
export async function returnCodeAttempt(q: Queryable, subject: TwoFactorSubject): Promise<void> {
  await rowOf(q, subject).where('totp_failures', '>', 0).decrement('totp_failures', 1);
}

/** Locks code entry until `until` (ms), raising the lock level and clearing the failure count. */
export async function lockCodeEntry(q: Queryable, subject: TwoFactorSubject, level: number, until: number): Promise<void> {
  await rowOf(q, subject).update({ totp_failures: 0, totp_lock_level: level, totp_locked_until: until });
}

/** Lifts a lock and forgets failures. */
export async function unlockCodeEntry(q: Queryable, subject: TwoFactorSubject): Promise<void> {
  await rowOf(q, subject).update({ totp_failures: 0, totp_lock_level: 0, totp_locked_until: null });
}
