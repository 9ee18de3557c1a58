import { parseDayCount } from '../../core/dates.js';
import { GRACE_DAYS_PROBLEM } from '../../core/grace.js';
import { describeSource, type ResolvedSetting } from '../../core/policy.js';
import { TRUST_DAYS_PROBLEM } from '../../core/trusted-browser.js';
import type { Form } from '../forms.js';

/** One number-of-days setting of the Restrictions forms: its field, label, hints and refusal. */
export interface DayFieldSpec {
  field: string;
  label: string;
  /** The hint on Account Defaults, where nothing is inherited. */
  defaultsHint: string;
  /** The hint on a class or an account: what leaving it empty inherits. */
  inheritHint: (value: number, from: string) => string;
  problem: string;
}

function days(value: number): string {
  return value === 1 ? '1 day' : `${value} days`;
}

/** "Days allowed to set up 2-Step Verification". */
export const GRACE_DAYS_FIELD: DayFieldSpec = {
  field: 'twoFactorGraceDays',
  label: 'Days allowed to set up 2-Step Verification',
  defaultsHint: 'When 2-Step Verification is mandatory: how many days a user may choose "Not now" on the set-up, counted from the first sign-in that asks. 0 = set up at once. A deadline already started stays where it is.',
  inheritHint: (value, from) => `Leave empty to inherit (currently: ${days(value)}, ${from}). 0 = set up at once. A deadline already started stays where it is.`,
  problem: GRACE_DAYS_PROBLEM,
};

/** "Allow trusting a browser for N days". */
export const TRUST_DAYS_FIELD: DayFieldSpec = {
  field: 'twoFactorTrustDays',
  label: 'Allow trusting a browser for N days',
  defaultsHint: 'When more than 0, the code screen offers "Don\'t ask again on this browser" for that many days: the password is still asked, the code is not. 0 = never trust a browser. Lowering it shortens trusts already given.',
  inheritHint: (value, from) => `Leave empty to inherit (currently: ${value === 0 ? 'off' : days(value)}, ${from}). 0 = never trust a browser. Lowering it shortens trusts already given.`,
  problem: TRUST_DAYS_PROBLEM,
};

/** What a days field shows: the explicit value (empty when inherited), or what was typed, and the hint naming the inherited value. */
export function dayFieldView(spec: DayFieldSpec, explicit: number | null, inherited: ResolvedSetting<number> | null, typed?: string) {
  const hint = inherited ? spec.inheritHint(inherited.value, describeSource(inherited.source).replace(/^inherited /, '')) : spec.defaultsHint;
  return { field: spec.field, label: spec.label, value: typed ?? (explicit === null ? '' : String(explicit)), hint };
}

/**
 * Reads a days field: a number of days, null when empty and `inheritable`, or an error message. A
 * form without the field leaves the value as it is (undefined).
 */
export function readDayField(spec: DayFieldSpec, form: Form, inheritable: boolean): { ok: true; value: number | null | undefined } | { ok: false; message: string } {
  if (!form.has(spec.field)) return { ok: true, value: undefined };
  const raw = form.trimmed(spec.field, 8);
  if (raw === '' && inheritable && !form.malformed(spec.field, 8)) return { ok: true, value: null };
  const value = parseDayCount(raw);
  return value === null ? { ok: false, message: spec.problem } : { ok: true, value };
}

/** The field as the impact confirmation carries it to the next POST (nothing when it was not posted). */
export function carriedDayField(spec: DayFieldSpec, value: number | null | undefined): Record<string, string> {
  return value === undefined ? {} : { [spec.field]: value === null ? '' : String(value) };
}

/** Both days fields of a Restrictions form, read: their values, or the errors and what was typed. */
export type DayFields =
  | { ok: true; grace: number | null | undefined; trust: number | null | undefined }
  | { ok: false; errors: Record<string, string>; typed: { grace: string; trust: string } };

/** Reads "Days allowed to set up" and "Allow trusting a browser" together (empty inherits when `inheritable`). */
export function readDayFields(form: Form, inheritable: boolean): DayFields {
  const grace = readDayField(GRACE_DAYS_FIELD, form, inheritable);
  const trust = readDayField(TRUST_DAYS_FIELD, form, inheritable);
  if (grace.ok && trust.ok) return { ok: true, grace: grace.value, trust: trust.value };
  const errors = { ...(grace.ok ? {} : { [GRACE_DAYS_FIELD.field]: grace.message }), ...(trust.ok ? {} : { [TRUST_DAYS_FIELD.field]: trust.message }) };
  return { ok: false, errors, typed: { grace: form.text(GRACE_DAYS_FIELD.field, 8), trust: form.text(TRUST_DAYS_FIELD.field, 8) } };
}
