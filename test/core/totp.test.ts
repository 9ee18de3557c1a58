import test from 'ava';
import { checkCode, codeAt, newSecret, otpauthUri, stepAt } from '../../src/core/totp.js';
import { referenceTotp } from '../helpers/rfc6238.js';

// RFC 6238 appendix B, SHA-1, secret "12345678901234567890" (8-digit values; the 6-digit code is their last six digits).
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const vectors: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

for (const [seconds, eight] of vectors) {
  test(`RFC 6238 vector at T=${seconds}`, (t) => {
    t.is(referenceTotp(RFC_SECRET, seconds, 8), eight);
    t.is(codeAt(RFC_SECRET, seconds * 1000), eight.slice(-6));
  });
}

const NOW = Date.UTC(2026, 10, 28, 9, 0, 10);
const KEY = 'JBSWY3DPEHPK3PXP'; // a provisioned 16-character key (10 bytes)

test('a provisioned 16-character key works and matches the reference', (t) => {
  const code = referenceTotp(KEY, NOW / 1000);
  t.is(codeAt(KEY, NOW), code);
  t.deepEqual(checkCode(KEY, code, NOW, null), { ok: true, step: stepAt(NOW), drift: 0 });
});

const windowCases: [string, number, boolean, number | null][] = [
  ['one step slow', -30, true, -1],
  ['one step fast', 30, true, 1],
  ['two steps slow', -60, false, null],
  ['two steps fast', 60, false, null],
];
for (const [name, offsetSeconds, accepted, drift] of windowCases) {
  test(`window ±1 step: ${name}`, (t) => {
    const code = referenceTotp(KEY, NOW / 1000 + offsetSeconds);
    const result = checkCode(KEY, code, NOW, null);
    if (accepted) t.deepEqual(result, { ok: true, step: stepAt(NOW) + drift!, drift: drift! });
    else t.deepEqual(result, { ok: false, reason: 'wrong' });
  });
}

test('replay: a step at or before the last accepted one is refused', (t) => {
  const code = codeAt(KEY, NOW);
  const step = stepAt(NOW);
  t.deepEqual(checkCode(KEY, code, NOW, step), { ok: false, reason: 'replayed', step });
  t.deepEqual(checkCode(KEY, code, NOW, step + 1), { ok: false, reason: 'replayed', step });
  t.true(checkCode(KEY, code, NOW, step - 1).ok);
  const previous = codeAt(KEY, NOW - 30_000);
  t.deepEqual(checkCode(KEY, previous, NOW, step), { ok: false, reason: 'replayed', step: step - 1 }, 'the replayed code names its own step');
});

const malformed = ['12345', 'abcdef', ' 123456', '123456 ', '1234567', '', '12 3456', '１２３４５６', '12345\n', '123456\n', '0x1234'];
for (const input of malformed) {
  test(`malformed code ${JSON.stringify(input)} is simply invalid`, (t) => {
    t.deepEqual(checkCode(KEY, input, NOW, null), { ok: false, reason: 'malformed' });
  });
}

test('new secrets are 20 random bytes in base32', (t) => {
  const a = newSecret();
  const b = newSecret();
  t.regex(a, /^[A-Z2-7]{32}$/);
  t.not(a, b);
  t.true(checkCode(a, codeAt(a, NOW), NOW, null).ok);
});

test('otpauth URI names issuer and account', (t) => {
  const uri = new URL(otpauthUri('Acme Mail', 'alice@example.com', KEY));
  t.is(uri.protocol, 'otpauth:');
  t.is(uri.host, 'totp');
  t.is(decodeURIComponent(uri.pathname), '/Acme Mail:alice@example.com');
  t.is(uri.searchParams.get('secret'), KEY);
  t.is(uri.searchParams.get('issuer'), 'Acme Mail');
});
