import { STEP_SECONDS } from './totp.js';

/** Offsets of accepted codes kept per authenticator, newest last. */
export const DRIFT_HISTORY_LENGTH = 20;

/** Codes needed before the diagnosis says anything beyond the last offset. */
const MIN_FOR_WARNING = 3;

/** The history after one more accepted code at `drift` steps: the last DRIFT_HISTORY_LENGTH offsets. */
export function appendDrift(history: readonly number[], drift: number): number[] {
  return [...history, drift].slice(-DRIFT_HISTORY_LENGTH);
}

/** The stored form of a history: offsets separated by commas ('' when empty). */
export function formatDriftHistory(history: readonly number[]): string {
  return history.join(',');
}

/** Reads a stored history; anything that is not a small integer is skipped. */
export function parseDriftHistory(stored: string | null | undefined): number[] {
  if (!stored) return [];
  return stored.split(',').filter((part) => /^-?\d{1,2}$/.test(part)).map(Number).slice(-DRIFT_HISTORY_LENGTH);
}

/** What WebAdmin says of an authenticator's clock. */
export interface DriftDiagnosis {
  /** The typical offset in steps: the median of the history (positive: the authenticator runs fast). */
  typical: number;
  /** "this authenticator runs about 1 step (30 s) fast". */
  text: string;
  /** Set when most recent codes came from the edge of the ±1 step window: soon codes may be refused. */
  warning: string | null;
  /** How many accepted codes the figure rests on. */
  codes: number;
}

/** The median, rounded toward 0 when it falls between two offsets. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid];
  const mean = (sorted[mid - 1] + sorted[mid]) / 2;
  return (mean < 0 ? Math.ceil(mean) : Math.floor(mean)) || 0;
}

/** Words for a typical offset in steps. */
export function describeTypicalDrift(steps: number): string {
  if (steps === 0) return 'this authenticator keeps time with the server';
  const n = Math.abs(steps);
  return `this authenticator runs about ${n} step${n === 1 ? '' : 's'} (${n * STEP_SECONDS} s) ${steps > 0 ? 'fast' : 'slow'}`;
}

/**
 * The typical offset of the recent codes and a warning when most of them sat at the edge of the
 * ±1 step window (an authenticator whose clock drifts further is refused), or null before any code.
 */
export function diagnoseDrift(history: readonly number[]): DriftDiagnosis | null {
  if (history.length === 0) return null;
  const typical = median(history);
  const atEdge = history.filter((offset) => Math.abs(offset) >= 1).length;
  const warn = history.length >= MIN_FOR_WARNING && atEdge * 2 > history.length;
  const warning = warn
    ? `${atEdge} of the last ${history.length} codes came from the edge of the accepted window (±1 step, ${STEP_SECONDS} s): set the clock of the phone or dongle right, or its codes will soon be refused.`
    : null;
  return { typical, text: describeTypicalDrift(typical), warning, codes: history.length };
}
