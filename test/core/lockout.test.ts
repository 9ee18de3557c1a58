import test from 'ava';
import { describeDuration, lockDuration, passwordDelay } from '../../src/core/lockout.js';

const locks: [number, number][] = [
  [1, 15 * 60_000],
  [2, 30 * 60_000],
  [3, 60 * 60_000],
  [10, 24 * 60 * 60_000],
];
for (const [level, ms] of locks) {
  test(`lock level ${level} lasts ${ms / 60_000} min`, (t) => t.is(lockDuration(level), ms));
}

test('password delay grows after a few failures', (t) => {
  t.is(passwordDelay(0), 0);
  t.is(passwordDelay(4), 0);
  t.is(passwordDelay(5), 1000);
  t.is(passwordDelay(6), 2000);
  t.is(passwordDelay(40), 15 * 60_000);
});

const durations: [number, string][] = [
  [1, '1 second'],
  [45_000, '45 seconds'],
  [60_000, '1 minute'],
  [15 * 60_000, '15 minutes'],
  [14 * 60_000 + 1, '15 minutes'],
  [90 * 60_000, '1 hour 30 minutes'],
  [120 * 60_000, '2 hours'],
];
for (const [ms, words] of durations) {
  test(`describeDuration(${ms})`, (t) => t.is(describeDuration(ms), words));
}
