import test from 'ava';
import {
  APP_PASSWORD_NAME_MAX,
  appPasswordMatches,
  checkAppPasswordName,
  groupAppPassword,
  hashAppPassword,
  newAppPassword,
  normalizeAppPassword,
  protocolLabel,
} from '../../src/core/app-passwords.js';
import { resolvePolicy, type TwoFactorSetting } from '../../src/core/policy.js';
import { appPasswordRequired } from '../../src/core/two-factor-status.js';

test('a new app password is 16 draws below 26, each one letter: no byte is reduced modulo 26', (t) => {
  const asked: number[] = [];
  const draws = [0, 25, 1, 24, 2, 23, 3, 22, 4, 21, 5, 20, 6, 19, 7, 18];
  const password = newAppPassword((below) => {
    asked.push(below);
    return draws[asked.length - 1];
  });
  t.deepEqual(asked, Array(16).fill(26));
  t.is(password, 'azbycxdwevfugths');
});

test('app passwords drawn for real are 16 lower-case letters and differ', (t) => {
  const seen = new Set(Array.from({ length: 200 }, () => newAppPassword()));
  t.is(seen.size, 200);
  for (const password of seen) t.regex(password, /^[a-z]{16}$/);
});

test('an app password is shown in four groups of four', (t) => {
  t.is(groupAppPassword('abcdefghijklmnop'), 'abcd efgh ijkl mnop');
});

const TYPED: [string, string | null][] = [
  ['abcdefghijklmnop', 'abcdefghijklmnop'],
  ['abcd efgh ijkl mnop', 'abcdefghijklmnop'],
  ['ABCD EFGH IJKL MNOP', 'abcdefghijklmnop'],
  [' abcdefghijklmnop ', 'abcdefghijklmnop'],
  ['abcdefghijklmno', null],
  ['abcdefghijklmnopq', null],
  ['abcd-efgh-ijkl-mnop', null],
  ['abcdefghijklmn0p', null],
  ['abcdefghijklmnöp', null],
  ['abcd\tefgh ijkl mnop', null],
  ['', null],
];
for (const [typed, canonical] of TYPED) {
  test(`what a mail client sends: ${JSON.stringify(typed)} is ${canonical === null ? 'no app password' : canonical}`, (t) => {
    t.is(normalizeAppPassword(typed), canonical);
  });
}

test('the stored hash is salted SHA-256: it matches its password only, and two hashes of one password differ', (t) => {
  const stored = hashAppPassword('abcdefghijklmnop');
  t.regex(stored, /^sha256\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  t.true(appPasswordMatches('abcdefghijklmnop', stored));
  t.false(appPasswordMatches('abcdefghijklmnoq', stored));
  t.not(hashAppPassword('abcdefghijklmnop'), stored);
  t.true(appPasswordMatches('abcdefghijklmnop', hashAppPassword('abcdefghijklmnop', Buffer.alloc(16, 1))));
});

const BAD_HASHES = ['', 'sha256', 'sha256$$', 'scrypt$16384$8$1$c2FsdA$aGFzaA', 'sha256$c2FsdA$short', 'md5$c2FsdA$aGFzaA'];
for (const stored of BAD_HASHES) {
  test(`a malformed stored hash matches nothing and does not throw: ${JSON.stringify(stored)}`, (t) => {
    t.false(appPasswordMatches('abcdefghijklmnop', stored));
  });
}

const NAMES: [string, string | null][] = [
  ['Thunderbird on the laptop', 'Thunderbird on the laptop'],
  ['  Phone  ', 'Phone'],
  ['Apple   Mail', 'Apple Mail'],
  ['x'.repeat(APP_PASSWORD_NAME_MAX), 'x'.repeat(APP_PASSWORD_NAME_MAX)],
  ['x'.repeat(APP_PASSWORD_NAME_MAX + 1), null],
  ['', null],
  ['   ', null],
  ['Bad\u0000name', null],
  ['Esc\u001bname', null],
];
for (const [raw, value] of NAMES) {
  test(`app password name ${JSON.stringify(raw.slice(0, 20))}: ${value === null ? 'refused' : 'accepted'}`, (t) => {
    const checked = checkAppPasswordName(raw);
    if (value === null) t.false(checked.ok);
    else t.deepEqual(checked, { ok: true, value });
  });
}

test('protocols are named as mail apps name them', (t) => {
  t.is(protocolLabel('imap'), 'IMAP');
  t.is(protocolLabel('pop3'), 'POP3');
  t.is(protocolLabel('submission'), 'SMTP');
  t.is(protocolLabel('sieve'), 'SIEVE');
});

const REQUIRED: [TwoFactorSetting, boolean, boolean][] = [
  ['disabled', false, false],
  ['disabled', true, false],
  ['enabled', false, false],
  ['enabled', true, true],
  ['mandatory', false, true],
  ['mandatory', true, true],
];
for (const [setting, paired, required] of REQUIRED) {
  test(`setting ${setting}, ${paired ? 'paired' : 'not paired'}: the account password alone ${required ? 'is refused to mail apps' : 'signs mail apps in'}`, (t) => {
    const policy = resolvePolicy({ account: setting, accountClass: null, domainDefault: null });
    t.is(appPasswordRequired(policy, { configured: paired }), required);
  });
}
