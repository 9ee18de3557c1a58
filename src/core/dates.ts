/** One day in ms. */
export const DAY_MS = 24 * 60 * 60 * 1000;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Midnight UTC at the start of a YYYY-MM-DD day, or null when it is not a real date. */
export function dayStart(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day ? ms : null;
}

/** A moment (ms) in words, to the minute, in UTC: "14 December 2026, 09:30 UTC". */
export function describeMoment(ms: number): string {
  const date = new Date(ms);
  const time = date.toISOString().slice(11, 16);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${time} UTC`;
}

/** The day of a moment (ms) as YYYY-MM-DD in UTC, as date fields show it. */
export function dayText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Most days a number-of-days setting may hold (days allowed to set up, days a browser stays trusted). */
export const MAX_SETTING_DAYS = 365;

/** Parses a number of days as typed: a whole number 0–365, else null. */
export function parseDayCount(raw: string): number | null {
  const text = raw.trim();
  if (!/^\d{1,3}$/.test(text)) return null;
  const days = Number(text);
  return days <= MAX_SETTING_DAYS ? days : null;
}

/** True when `value` is a number-of-days setting that may be stored. */
export function isDayCount(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= MAX_SETTING_DAYS;
}
