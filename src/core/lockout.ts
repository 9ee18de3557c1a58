/** Wrong codes in a row that drop the pending login and lock code entry. */
export const MAX_CODE_FAILURES = 5;

/** The first lockout lasts this long; each later one doubles, up to a day. */
export const FIRST_LOCK_MS = 15 * 60 * 1000;
const MAX_LOCK_MS = 24 * 60 * 60 * 1000;

/** Duration in ms of the `level`-th lockout (level 1 = first). */
export function lockDuration(level: number): number {
  return Math.min(FIRST_LOCK_MS * 2 ** Math.max(0, level - 1), MAX_LOCK_MS);
}

/** Password failures allowed per window before a growing delay applies. */
export const PASSWORD_FREE_FAILURES = 5;

/** Delay in ms after `failures` password failures: none for the first few, then doubling from 1 s to 15 min. */
export function passwordDelay(failures: number): number {
  if (failures < PASSWORD_FREE_FAILURES) return 0;
  return Math.min(1000 * 2 ** (failures - PASSWORD_FREE_FAILURES), 15 * 60 * 1000);
}

/** "15 minutes", "1 hour 30 minutes", "45 seconds": a remaining time in words, rounded up. */
export function describeDuration(ms: number): string {
  const totalSeconds = Math.max(1, Math.ceil(ms / 1000));
  if (totalSeconds < 60) return plural(totalSeconds, 'second');
  const totalMinutes = Math.ceil(totalSeconds / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return plural(minutes, 'minute');
  return minutes === 0 ? plural(hours, 'hour') : `${plural(hours, 'hour')} ${plural(minutes, 'minute')}`;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
