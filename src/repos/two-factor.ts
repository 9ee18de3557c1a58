import { parseDriftHistory } from '../core/drift.js';
import type { Queryable } from './queryable.js';

/** Whose 2-Step Verification state: a WebMail account or a WebAdmin admin. */
export interface TwoFactorSubject {
  kind: 'account' | 'admin';
  id: number;
}

/** Stored 2-Step Verification state of one subject. */
export interface TwoFactorState {
  secretSealed: string | null;
  configured: boolean;
  configuredAt: number | null;
  lastStep: number | null;
  lastDrift: number | null;
  /** Offsets of the last accepted codes, oldest first (core/drift). */
  driftHistory: number[];
  lastSuccessAt: number | null;
  failures: number;
  lockLevel: number;
  lockedUntil: number | null;
}

const TABLE = { account: 'accounts', admin: 'admins' } as const;
const RECOVERY_OWNER = { account: 'account_id', admin: 'admin_id' } as const;

/** The columns that hold the state, for repos that select them alongside other fields. */
export const TWO_FACTOR_COLUMNS = [
  'totp_secret_enc',
  'totp_configured',
  'totp_configured_at',
  'totp_last_step',
  'totp_last_drift',
  'totp_drift_history',
  'totp_last_success_at',
  'totp_failures',
  'totp_lock_level',
  'totp_locked_until',
] as const;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Reads the state out of a row that holds the TWO_FACTOR_COLUMNS. */
export function toTwoFactorState(row: Record<string, any>): TwoFactorState {
  return {
    secretSealed: row.totp_secret_enc ?? null,
    configured: Boolean(row.totp_configured),
    configuredAt: num(row.totp_configured_at),
    lastStep: num(row.totp_last_step),
    lastDrift: num(row.totp_last_drift),
    driftHistory: parseDriftHistory(row.totp_drift_history),
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
  const row = await rowOf(q, subject).first(TWO_FACTOR_COLUMNS);
  return row ? toTwoFactorState(row) : null;
}

/** Stores a sealed secret; `configured` says whether it counts as paired. Replay and lock state start afresh. */
export async function storeSecret(q: Queryable, subject: TwoFactorSubject, sealed: string, configured: boolean, now: number): Promise<void> {
  await rowOf(q, subject).update({
    totp_secret_enc: sealed,
    totp_configured: configured,
    totp_configured_at: configured ? now : null,
    totp_last_step: null,
    totp_last_drift: null,
    totp_drift_history: null,
    totp_failures: 0,
  });
}

/** Forgets the secret and every recovery code: all devices are revoked and nothing is configured. */
export async function clearSecret(q: Queryable, subject: TwoFactorSubject): Promise<void> {
  await rowOf(q, subject).update({
    totp_secret_enc: null,
    totp_configured: false,
    totp_configured_at: null,
    totp_last_step: null,
    totp_last_drift: null,
    totp_drift_history: null,
    totp_failures: 0,
  });
  await q('recovery_codes').where({ [RECOVERY_OWNER[subject.kind]]: subject.id }).delete();
}

/** Marks the stored secret as paired or not, without changing it. */
export async function setConfigured(q: Queryable, subject: TwoFactorSubject, configured: boolean, now: number): Promise<void> {
  await rowOf(q, subject).update({ totp_configured: configured, totp_configured_at: configured ? now : null });
}

/**
 * Records an accepted code at `step` only if no code at that step or later was accepted before.
 * Answers false when another request got there first (the replay guard, atomic across instances).
 */
export async function acceptStep(q: Queryable, subject: TwoFactorSubject, step: number, drift: number, now: number): Promise<boolean> {
  const changed = await rowOf(q, subject)
    .where((w) => w.whereNull('totp_last_step').orWhere('totp_last_step', '<', step))
    .update({ totp_last_step: step, totp_last_drift: drift, totp_drift_history: String(drift), totp_last_success_at: now, totp_failures: 0, totp_lock_level: 0, totp_locked_until: null });
  return changed === 1;
}

/** A code attempt counted before the code is checked: its number in a row, and the state it was counted on. */
export interface CodeAttempt {
  failures: number;
  lockLevel: number;
  secretSealed: string;
  lastStep: number | null;
  driftHistory: number[];
}

/**
 * Counts one code attempt in one statement, unless code entry is locked at `now`, `max` attempts in a
 * row are already counted, or the subject has no paired key: the check and the count are one atomic
 * step, so of simultaneous answers at most `max` are ever checked. Answers null when refused.
 */
export async function reserveCodeAttempt(q: Queryable, subject: TwoFactorSubject, now: number, max: number): Promise<CodeAttempt | null> {
  const rows: Record<string, any>[] = await rowOf(q, subject)
    .where({ totp_configured: true })
    .whereNotNull('totp_secret_enc')
    .where((w) => w.whereNull('totp_locked_until').orWhere('totp_locked_until', '<=', now))
    .where('totp_failures', '<', max)
    .update({ totp_failures: q.raw('totp_failures + 1') }, ['totp_failures', 'totp_lock_level', 'totp_secret_enc', 'totp_last_step', 'totp_drift_history']);
  const row = rows[0];
  if (!row) return null;
  return { failures: Number(row.totp_failures), lockLevel: Number(row.totp_lock_level), secretSealed: row.totp_secret_enc, lastStep: num(row.totp_last_step), driftHistory: parseDriftHistory(row.totp_drift_history) };
}

/**
 * Records a passed challenge for the attempt counted as the `failures`-th: with `step`, only if no code
 * at that step or later was accepted before (answers false when another request got there first, the
 * replay guard). The failures in a row are forgotten when no answer was counted after this one (else
 * only this one is taken back), and a lock set meanwhile stays: a success never clears a lock.
 */
export async function recordCodeSuccess(q: Queryable, subject: TwoFactorSubject, failures: number, now: number, step?: { step: number; drift: number; history: string }): Promise<boolean> {
  let query = rowOf(q, subject);
  if (step) query = query.where((w) => w.whereNull('totp_last_step').orWhere('totp_last_step', '<', step.step));
  const changed = await query.update({
    ...(step ? { totp_last_step: step.step, totp_last_drift: step.drift, totp_drift_history: step.history } : {}),
    totp_last_success_at: now,
    totp_failures: q.raw('CASE WHEN totp_failures = ? THEN 0 WHEN totp_failures > 0 THEN totp_failures - 1 ELSE 0 END', [failures]),
    totp_lock_level: q.raw('CASE WHEN totp_locked_until IS NOT NULL AND totp_locked_until > ? THEN totp_lock_level ELSE 0 END', [now]),
  });
  return changed === 1;
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

/**
 * Stores a newly paired secret as configured, only while the subject is not configured; answers
 * false when another request paired first (so two confirmations cannot both win).
 */
export async function storePairedSecret(q: Queryable, subject: TwoFactorSubject, sealed: string, now: number): Promise<boolean> {
  const changed = await rowOf(q, subject)
    .where({ totp_configured: false })
    .update({ totp_secret_enc: sealed, totp_configured: true, totp_configured_at: now, totp_last_step: null, totp_last_drift: null,
    totp_drift_history: null, totp_failures: 0 });
  return changed === 1;
}
