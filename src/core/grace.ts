import { DAY_MS, dayStart, MAX_SETTING_DAYS, parseDayCount } from './dates.js';

/** Most days an administrator may allow for setting up 2-Step Verification. */
export const MAX_GRACE_DAYS = MAX_SETTING_DAYS;

/** How long before a set-up deadline the reminder goes out, in ms. */
export const REMINDER_BEFORE_MS = 3 * DAY_MS;

/** Parses "Days allowed to set up 2-Step Verification" as typed: a whole number 0–365, else null. */
export function parseGraceDays(raw: string): number | null {
  return parseDayCount(raw);
}

/** Why a grace-days value is refused, in words. */
export const GRACE_DAYS_PROBLEM = `Enter a whole number of days from 0 (set up at once) to ${MAX_GRACE_DAYS}.`;

/**
 * What an account that signs in owes its mandatory set-up:
 * - none: nothing (not mandatory, or configured);
 * - forced: set up now, the only way on (no grace period, or its deadline has passed);
 * - grace: set up before `deadline` (ms), "Not now" until then; `starts` when this sign-in fixes it.
 */
export type SetupNeed = { kind: 'none' } | { kind: 'forced' } | { kind: 'grace'; deadline: number; starts: boolean };

/** What the rule looks at: whether set-up is required, the effective grace days, the stored deadline, the time. */
export interface SetupInput {
  required: boolean;
  graceDays: number;
  /** The account's deadline when one was fixed (by an earlier prompt or an administrator), else null. */
  deadline: number | null;
  now: number;
}

/**
 * The grace rule. A stored deadline is kept whatever the setting says now (a change of the setting
 * applies to deadlines not yet started); without one, the setting's days start counting at this prompt.
 */
export function setupNeed(input: SetupInput): SetupNeed {
  if (!input.required) return { kind: 'none' };
  if (input.deadline !== null) return input.now < input.deadline ? { kind: 'grace', deadline: input.deadline, starts: false } : { kind: 'forced' };
  if (input.graceDays <= 0) return { kind: 'forced' };
  return { kind: 'grace', deadline: input.now + input.graceDays * DAY_MS, starts: true };
}

/** True when the reminder of a deadline fixed at `now` would be due at once (a grace of 3 days or less): the first notice says it all. */
export function reminderDueAtStart(deadline: number, now: number): boolean {
  return deadline - now <= REMINDER_BEFORE_MS;
}

/**
 * The deadline an administrator sets from a date (YYYY-MM-DD, UTC): the end of that day, so "until
 * 14 December" includes the 14th. Null when it is not a real date.
 */
export function deadlineFromDay(text: string): number | null {
  const start = dayStart(text);
  return start === null ? null : start + DAY_MS - 1;
}

/** Why a deadline date is refused, in words. */
export const DEADLINE_DAY_PROBLEM = 'Enter the last day allowed for set-up as YYYY-MM-DD, for example 2026-12-14.';
