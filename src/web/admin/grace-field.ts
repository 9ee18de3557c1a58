import { GRACE_DAYS_PROBLEM, parseGraceDays } from '../../core/grace.js';
import { describeSource, type ResolvedSetting } from '../../core/policy.js';
import type { Form } from '../forms.js';

/** The form field of "Days allowed to set up 2-Step Verification". */
export const GRACE_FIELD = 'twoFactorGraceDays';

/** Words of the grace-period field and the set-up deadline. */
export const GRACE_TEXT = {
  label: 'Days allowed to set up 2-Step Verification',
  defaultsHint: 'When 2-Step Verification is mandatory: how many days a user may choose "Not now" on the set-up, counted from the first sign-in that asks. 0 = set up at once. A deadline already started stays where it is.',
  inheritHint: (value: number, from: string) => `Leave empty to inherit (currently: ${days(value)}, ${from}). 0 = set up at once. A deadline already started stays where it is.`,
  saved: (value: number | null) => (value === null ? 'days allowed to set up inherited' : `${days(value)} allowed to set up`),
};

function days(value: number): string {
  return value === 1 ? '1 day' : `${value} days`;
}

/** What the field shows: the explicit value (empty when inherited) and the hint naming the inherited value. */
export function graceFieldView(explicit: number | null, inherited: ResolvedSetting<number> | null): { value: string; hint: string } {
  const hint = inherited ? GRACE_TEXT.inheritHint(inherited.value, describeSource(inherited.source).replace(/^inherited /, '')) : GRACE_TEXT.defaultsHint;
  return { value: explicit === null ? '' : String(explicit), hint };
}

/**
 * Reads the field: a number of days, null when empty and `inheritable`, or an error message. A form
 * without the field leaves the value as it is (undefined).
 */
export function readGraceField(form: Form, inheritable: boolean): { ok: true; value: number | null | undefined } | { ok: false; message: string } {
  if (!form.has(GRACE_FIELD)) return { ok: true, value: undefined };
  const raw = form.trimmed(GRACE_FIELD, 8);
  if (raw === '' && inheritable && !form.malformed(GRACE_FIELD, 8)) return { ok: true, value: null };
  const value = parseGraceDays(raw);
  return value === null ? { ok: false, message: GRACE_DAYS_PROBLEM } : { ok: true, value };
}
