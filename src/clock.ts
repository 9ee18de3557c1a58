/** A source of the current time; the only place that reads the system clock. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock for tests: starts at a given instant and moves only when told. */
export class TestClock implements Clock {
  private current: number;

  /** Starts at `startMs` (milliseconds since the epoch). */
  constructor(startMs = Date.UTC(2026, 10, 28, 9, 0, 0)) {
    this.current = startMs;
  }

  /** Milliseconds since the Unix epoch. */
  now(): number {
    return this.current;
  }

  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.current += ms;
  }

  /** Moves the clock to `ms` milliseconds since the epoch. */
  set(ms: number): void {
    this.current = ms;
  }
}
