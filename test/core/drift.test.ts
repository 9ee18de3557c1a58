import test from 'ava';
import { appendDrift, diagnoseDrift, DRIFT_HISTORY_LENGTH, formatDriftHistory, parseDriftHistory } from '../../src/core/drift.js';

const CASES: [string, number[], { typical: number; text: string; warns: boolean } | null][] = [
  ['no codes yet', [], null],
  ['one code on time', [0], { typical: 0, text: 'this authenticator keeps time with the server', warns: false }],
  ['one code a step fast: too few to warn', [1], { typical: 1, text: 'this authenticator runs about 1 step (30 s) fast', warns: false }],
  ['mostly on time', [0, 0, 1, 0, -1, 0], { typical: 0, text: 'this authenticator keeps time with the server', warns: false }],
  ['mostly a step fast', [0, 1, 1, 1, 0, 1, 1], { typical: 1, text: 'this authenticator runs about 1 step (30 s) fast', warns: true }],
  ['always a step slow', [-1, -1, -1], { typical: -1, text: 'this authenticator runs about 1 step (30 s) slow', warns: true }],
  ['half at the edge is not most', [1, 1, 0, 0], { typical: 0, text: 'this authenticator keeps time with the server', warns: false }],
  ['even count between 0 and 1 rounds toward 0', [0, 0, 1, 1, 1, 0], { typical: 0, text: 'this authenticator keeps time with the server', warns: false }],
  ['even count between -1 and 0 rounds toward 0', [-1, -1, 0, 0], { typical: 0, text: 'this authenticator keeps time with the server', warns: false }],
  ['drifting away: five of the last nine a step fast', [0, 0, 0, 0, 1, 1, 1, 1, 1], { typical: 1, text: 'this authenticator runs about 1 step (30 s) fast', warns: true }],
];

for (const [name, history, expected] of CASES) {
  test(`diagnoseDrift: ${name}`, (t) => {
    const found = diagnoseDrift(history);
    if (expected === null) return t.is(found, null);
    t.is(found!.typical, expected.typical);
    t.is(found!.text, expected.text);
    t.is(found!.warning !== null, expected.warns);
    t.is(found!.codes, history.length);
  });
}

test('two steps fast, in words', (t) => {
  t.is(diagnoseDrift([2, 2, 1])!.text, 'this authenticator runs about 2 steps (60 s) fast');
  t.is(diagnoseDrift([-2])!.text, 'this authenticator runs about 2 steps (60 s) slow');
});

test('the warning says how many codes sat at the edge', (t) => {
  t.regex(diagnoseDrift([1, 1, 0, 1])!.warning!, /^3 of the last 4 codes came from the edge of the accepted window \(±1 step, 30 s\)/);
});

test('the history keeps the last 20 offsets, newest last', (t) => {
  let history: number[] = [];
  for (let i = 0; i < 25; i++) history = appendDrift(history, i % 2);
  t.is(history.length, DRIFT_HISTORY_LENGTH);
  t.deepEqual(history, Array.from({ length: 20 }, (_, i) => (i + 5) % 2), 'the five oldest dropped');
});

const STORED: [string, string | null, number[]][] = [
  ['empty', '', []],
  ['null', null, []],
  ['offsets', '0,1,-1,0', [0, 1, -1, 0]],
  ['junk skipped', '0,x,1,,--1,-1', [0, 1, -1]],
];
for (const [name, stored, expected] of STORED) {
  test(`parseDriftHistory: ${name}`, (t) => {
    t.deepEqual(parseDriftHistory(stored), expected);
  });
}

test('formatDriftHistory and parseDriftHistory round-trip', (t) => {
  t.deepEqual(parseDriftHistory(formatDriftHistory([-1, 0, 1, 1])), [-1, 0, 1, 1]);
});
