import test from 'ava';
import { hashPassword, randomPassword, verifyPassword } from '../../src/core/password.js';
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode, sameHash } from '../../src/core/recovery-codes.js';
import { createSecretBox } from '../../src/core/secret-box.js';

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
  t.true(sameHash(hashRecoveryCode(first), hashRecoveryCode(first.toUpperCase())));
  t.false(sameHash(hashRecoveryCode(first), hashRecoveryCode(codes[1])));
  t.is(normalizeRecoveryCode('short'), null);
});
