import test from 'ava';
import { groupKey, normalizeProvisionedKey } from '../../src/core/provisioned-key.js';

const accepted: [string, string][] = [
  ['JBSWY3DPEHPK3PXP', 'JBSWY3DPEHPK3PXP'],
  ['jbsw y3dp ehpk 3pxp', 'JBSWY3DPEHPK3PXP'],
  ['  JBSWY3DP\tEHPK3PXP ', 'JBSWY3DPEHPK3PXP'],
];
for (const [input, key] of accepted) {
  test(`accepted: ${JSON.stringify(input)}`, (t) => {
    t.deepEqual(normalizeProvisionedKey(input), { ok: true, key });
  });
}

const refused: [string, RegExp][] = [
  ['JBSWY3DPEHPK3PX', /15 characters/],
  ['JBSWY3DPEHPK3PXPA', /17 characters/],
  ['JBSWY3DPEHPK3PX0', /"0"/],
  ['JBSWY3DPEHPK3PX1', /"1"/],
  ['JBSWY3DPEHPK3PX8', /"8"/],
  ['JBSWY3DPEHPK3PX9', /"9"/],
  ['JBSWY3DPEHPK3PX=', /"="/],
  ['', /No secret key/],
  ['   ', /No secret key/],
];
for (const [input, message] of refused) {
  test(`refused: ${JSON.stringify(input)}`, (t) => {
    const result = normalizeProvisionedKey(input);
    t.false(result.ok);
    if (!result.ok) {
      t.regex(result.message, message);
      t.regex(result.message, /exactly 16 characters/);
    }
  });
}

test('groupKey splits in fours', (t) => {
  t.is(groupKey('JBSWY3DPEHPK3PXP'), 'JBSW Y3DP EHPK 3PXP');
  t.is(groupKey('ABCDEF'), 'ABCD EF');
});
