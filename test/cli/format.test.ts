import test from 'ava';
import { instant, table, wildcardLiteral, wildcardPattern } from '../../src/cli/format.js';
import { LineSplitter, MAX_LINE_BYTES, type LineEvent } from '../../src/cli/line-splitter.js';
import { versionLine } from '../../src/cli/version.js';

test('a table has a header, a separator and aligned rows without trailing spaces', (t) => {
  t.deepEqual(table(['name', 'accounts'], [['example.com', '1'], ['b.example', '12']]), [
    'name         accounts',
    '-----------  --------',
    'example.com  1',
    'b.example    12',
  ]);
  t.deepEqual(table(['name', 'x'], []), ['name  x', '----  -']);
});

const wildcards: [string, string[], string[], string][] = [
  ['*', ['alice', 'bob', ''], [], ''],
  ['a*', ['alice', 'Adam', 'a'], ['bob', 'ba'], 'a'],
  ['?ob', ['bob', 'rob'], ['ob', 'bobby'], 'ob'],
  ['al.ce', ['al.ce'], ['alice'], 'al.ce'],
  ['*post*', ['postmaster', 'the-post'], ['pots'], 'post'],
  ['a+b(c)', ['a+b(c)'], ['aab(c)'], 'a+b(c)'],
];
for (const [pattern, yes, no, literal] of wildcards) {
  test(`wildcard ${pattern}`, (t) => {
    for (const name of yes) t.true(wildcardPattern(pattern).test(name), name);
    for (const name of no) t.false(wildcardPattern(pattern).test(name), name);
    t.is(wildcardLiteral(pattern), literal);
  });
}

test('instants are ISO 8601 UTC to the second', (t) => {
  t.is(instant(Date.UTC(2026, 10, 28, 9, 0, 5, 678)), '2026-11-28T09:00:05Z');
  t.is(instant(null), '-');
});

const versions: [string, string, string, string][] = [
  ['1.0.0', 'Linux', 'x64', '1.0.0|Linux|x86_64'],
  ['1.0.0', 'Linux', 'arm64', '1.0.0|Linux|aarch64'],
  ['2.1.3', 'Darwin', 'riscv64', '2.1.3|Darwin|riscv64'],
];
for (const [version, os, arch, line] of versions) {
  test(`version line ${line}`, (t) => t.is(versionLine(version, os, arch), line));
}

const split = (chunks: (string | Buffer)[], max = MAX_LINE_BYTES): LineEvent[] => {
  const splitter = new LineSplitter(max);
  return [...chunks.flatMap((chunk) => splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk))), ...splitter.end()];
};

test('lines end in LF or CRLF, across chunks, with a last line lacking its ending', (t) => {
  t.deepEqual(split(['LIST Dom', 'ains\r', '\nSHOW\nBA', 'CK']), [
    { kind: 'line', text: 'LIST Domains' },
    { kind: 'line', text: 'SHOW' },
    { kind: 'line', text: 'BACK' },
  ]);
  t.deepEqual(split(['\r\n\n']), [
    { kind: 'line', text: '' },
    { kind: 'line', text: '' },
  ]);
});

test('a line over the limit is reported once and skipped to its end', (t) => {
  t.deepEqual(split(['12345678\r\n123456789\nok\n'], 8), [
    { kind: 'line', text: '12345678' },
    { kind: 'tooLong' },
    { kind: 'line', text: 'ok' },
  ]);
  t.deepEqual(split(['1234', '5678', '9abc', 'def\n', 'ok\n'], 8), [{ kind: 'tooLong' }, { kind: 'line', text: 'ok' }]);
  t.deepEqual(split(['x'.repeat(MAX_LINE_BYTES + 100) + '\nLIST Domains\n']), [{ kind: 'tooLong' }, { kind: 'line', text: 'LIST Domains' }]);
});

test('bytes that are not UTF-8 are reported per line', (t) => {
  t.deepEqual(split([Buffer.from([0xff, 0xfe, 0x41, 0x0a]), 'SHOW\n', Buffer.from([0xc3, 0x0a])]), [
    { kind: 'notUtf8' },
    { kind: 'line', text: 'SHOW' },
    { kind: 'notUtf8' },
  ]);
  t.deepEqual(split([Buffer.from('é'), Buffer.from('\n')]), [{ kind: 'line', text: 'é' }]);
  const e = Buffer.from('é');
  t.deepEqual(split([e.subarray(0, 1), Buffer.concat([e.subarray(1), Buffer.from('\n')])]), [{ kind: 'line', text: 'é' }]);
});
