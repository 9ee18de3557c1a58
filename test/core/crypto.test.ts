import test from 'ava';
import { hashPassword, randomPassword, verifyPassword } from '../../src/core/password.js';
import { createHash } from 'node:crypto';
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode, recoveryCodeMatches } from '../../src/core/recovery-codes.js';
import { createSecretBox, SecretUnreadableError } from '../../src/core/secret-box.js';

const cheap = { N: 2 ** 10, r: 8, p: 1 };

test('secret box round-trips and uses a fresh nonce each time', (t) => {
  const box = createSecretBox(Buffer.alloc(32, 1));
  const a = box.seal('JBSWY3DPEHPK3PXP');
  const b = box.seal('JBSWY3DPEHPK3PXP');
  t.not(a, b);
  t.false(a.includes('JBSWY3DP'));
  t.is(box.open(a), 'JBSWY3DPEHPK3PXP');
});

test('secret box refuses tampering and a different key', (t) => {
  const box = createSecretBox(Buffer.alloc(32, 1));
  const sealed = box.seal('secret');
  const parts = sealed.split('.');
  parts[3] = Buffer.from('xxxxxx').toString('base64url');
  t.throws(() => box.open(parts.join('.')));
  t.throws(() => createSecretBox(Buffer.alloc(32, 2)).open(sealed));
  t.throws(() => box.open('garbage'));
  t.throws(() => createSecretBox(Buffer.alloc(16)));
});

test('passwords hash with scrypt and verify', async (t) => {
  const hash = await hashPassword('correct horse', cheap);
  t.regex(hash, /^scrypt\$1024\$8\$1\$/);
  t.true(await verifyPassword('correct horse', hash));
  t.false(await verifyPassword('correct horsE', hash));
  t.false(await verifyPassword('correct horse', 'not-a-hash'));
  t.false(await verifyPassword('x', 'scrypt$a$b$c$d$e'));
});

test('the default cost is OWASP scrypt N=2^17, r=8, p=1', async (t) => {
  const { OWASP_SCRYPT } = await import('../../src/config.js');
  t.deepEqual({ ...OWASP_SCRYPT }, { N: 131072, r: 8, p: 1 });
});

test('random passwords are long and varied', (t) => {
  const a = randomPassword();
  t.is(a.length, 16);
  t.not(a, randomPassword());
});

test('recovery codes: ten unique, normalised, hashed', (t) => {
  const codes = newRecoveryCodes();
  t.is(codes.length, 10);
  t.is(new Set(codes).size, 10);
  for (const code of codes) t.regex(code, /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
  const [first] = codes;
  t.is(normalizeRecoveryCode(first.toUpperCase().replace(/-/g, ' ')), first.replace(/-/g, ''));
  const stored = hashRecoveryCode(first);
  t.true(recoveryCodeMatches(stored, first.toUpperCase().replace(/-/g, ' ')));
  t.false(recoveryCodeMatches(stored, codes[1]));
  t.is(normalizeRecoveryCode('short'), null);
});

test('recovery codes are stored salted: the same code hashes differently each time, within 64 characters; older unsalted hashes still match', (t) => {
  const [code] = newRecoveryCodes(1);
  const a = hashRecoveryCode(code);
  const b = hashRecoveryCode(code);
  t.not(a, b);
  t.regex(a, /^s1\$[A-Za-z0-9_-]{11}\$[A-Za-z0-9_-]{43}$/);
  t.true(a.length <= 64, 'fits the code_hash column');
  t.true(recoveryCodeMatches(a, code) && recoveryCodeMatches(b, code));
  const legacy = createHash('sha256').update(normalizeRecoveryCode(code)!).digest('hex');
  t.true(recoveryCodeMatches(legacy, code));
  t.false(recoveryCodeMatches(legacy, 'aaaa-bbbb-cccc'));
  t.false(recoveryCodeMatches('garbage', code));
});

test('recovery code characters are drawn without bias: each of the 31 is about equally frequent', (t) => {
  const counts = new Map<string, number>();
  for (const code of newRecoveryCodes(20_000)) for (const ch of code.replace(/-/g, '')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  t.is(counts.size, 31);
  // 240,000 draws: about 7,742 each, give or take 88 (1.1%). With byte % 31 the first 8 characters came up 9% too often.
  const expected = 240_000 / 31;
  for (const [ch, n] of counts) t.true(Math.abs(n - expected) < expected * 0.05, `${ch}: ${n}`);
});

test('secret box: the previous keys still open, new seals use the current key; a value no key opens is a typed error', (t) => {
  const old = createSecretBox(Buffer.alloc(32, 1));
  const sealedOld = old.seal('JBSWY3DPEHPK3PXP');
  const rotated = createSecretBox(Buffer.alloc(32, 2), [Buffer.alloc(32, 1)]);
  t.is(rotated.open(sealedOld), 'JBSWY3DPEHPK3PXP');
  const sealedNew = rotated.seal('KRSXG5CTMVRXEZLU');
  t.is(createSecretBox(Buffer.alloc(32, 2)).open(sealedNew), 'KRSXG5CTMVRXEZLU');
  t.throws(() => old.open(sealedNew), { instanceOf: SecretUnreadableError });
  t.throws(() => createSecretBox(Buffer.alloc(32, 3)).open(sealedOld), { instanceOf: SecretUnreadableError, message: /SECRET_KEY/ });
  t.throws(() => rotated.open('v1.garbage'), { instanceOf: SecretUnreadableError });
  t.throws(() => createSecretBox(Buffer.alloc(32, 2), [Buffer.alloc(16)]));
});
