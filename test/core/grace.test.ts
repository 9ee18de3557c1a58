import test from 'ava';
import { DAY_MS, describeMoment } from '../../src/core/dates.js';
import { deadlineFromDay, parseGraceDays, reminderDueAtStart, setupNeed, type SetupInput, type SetupNeed } from '../../src/core/grace.js';
import { resolveSetting } from '../../src/core/policy.js';

const NOW = Date.UTC(2026, 11, 1, 9, 30);

const NEEDS: [string, SetupInput, SetupNeed][] = [
  ['not required: nothing owed, whatever the days', { required: false, graceDays: 14, deadline: null, now: NOW }, { kind: 'none' }],
  ['not required, even with a stored deadline', { required: false, graceDays: 0, deadline: NOW + DAY_MS, now: NOW }, { kind: 'none' }],
  ['0 days, no deadline: set up at once', { required: true, graceDays: 0, deadline: null, now: NOW }, { kind: 'forced' }],
  ['14 days, first prompt: the deadline starts now', { required: true, graceDays: 14, deadline: null, now: NOW }, { kind: 'grace', deadline: NOW + 14 * DAY_MS, starts: true }],
  ['a started deadline in the future: grace', { required: true, graceDays: 14, deadline: NOW + DAY_MS, now: NOW }, { kind: 'grace', deadline: NOW + DAY_MS, starts: false }],
  ['lengthened setting: a started deadline stays', { required: true, graceDays: 60, deadline: NOW + DAY_MS, now: NOW }, { kind: 'grace', deadline: NOW + DAY_MS, starts: false }],
  ['shortened to 0: a started deadline stays', { required: true, graceDays: 0, deadline: NOW + DAY_MS, now: NOW }, { kind: 'grace', deadline: NOW + DAY_MS, starts: false }],
  ['the deadline itself: forced', { required: true, graceDays: 14, deadline: NOW, now: NOW }, { kind: 'forced' }],
  ['past the deadline, even with a longer setting: forced', { required: true, graceDays: 365, deadline: NOW - 1, now: NOW }, { kind: 'forced' }],
];

for (const [name, input, expected] of NEEDS) {
  test(`setup need: ${name}`, (t) => {
    t.deepEqual(setupNeed(input), expected);
  });
}

const DAYS: [string, number | null][] = [
  ['0', 0],
  ['14', 14],
  [' 30 ', 30],
  ['365', 365],
  ['366', null],
  ['-1', null],
  ['1.5', null],
  ['', null],
  ['ten', null],
  ['1e2', null],
  ['0014', null],
];

for (const [raw, expected] of DAYS) {
  test(`grace days "${raw}" → ${expected}`, (t) => {
    t.is(parseGraceDays(raw), expected);
  });
}

test('an administrator\'s day is a deadline at the end of that UTC day; a day that does not exist is refused', (t) => {
  t.is(deadlineFromDay('2026-12-14'), Date.UTC(2026, 11, 15) - 1);
  t.is(describeMoment(deadlineFromDay('2026-12-14')!), '14 December 2026, 23:59 UTC');
  t.is(deadlineFromDay('2026-02-30'), null);
  t.is(deadlineFromDay('14.12.2026'), null);
});

test('the reminder is due at the start when 3 days or less are allowed', (t) => {
  t.true(reminderDueAtStart(NOW + 3 * DAY_MS, NOW));
  t.true(reminderDueAtStart(NOW + DAY_MS, NOW));
  t.false(reminderDueAtStart(NOW + 3 * DAY_MS + 1, NOW));
});

const CHAIN: [string, Parameters<typeof resolveSetting<number>>[0], number, 'account' | 'class' | 'domain' | 'default'][] = [
  ['account 0 beats class 7', { account: 0, accountClass: { name: 'staff', value: 7 }, domainDefault: 14 }, 0, 'account'],
  ['class 7 beats the defaults', { account: null, accountClass: { name: 'staff', value: 7 }, domainDefault: 14 }, 7, 'class'],
  ['class inherits: the defaults', { account: null, accountClass: { name: 'staff', value: null }, domainDefault: 14 }, 14, 'domain'],
  ['defaults 0 count (0 is a value)', { account: null, accountClass: null, domainDefault: 0 }, 0, 'domain'],
  ['nothing anywhere: the fallback', { account: null, accountClass: null, domainDefault: null }, 0, 'default'],
];

for (const [name, chain, value, source] of CHAIN) {
  test(`grace days inherit: ${name}`, (t) => {
    const resolved = resolveSetting(chain, 0);
    t.is(resolved.value, value);
    t.is(resolved.source.kind, source);
  });
}
