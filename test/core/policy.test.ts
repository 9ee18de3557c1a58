import test from 'ava';
import { describeSource, parseTwoFactorSetting, resolveClassPolicy, resolvePolicy, type PolicyChain, type ResolvedPolicy, type TwoFactorSetting } from '../../src/core/policy.js';

const cases: [string, PolicyChain, ResolvedPolicy][] = [
  ['nothing set anywhere', { account: null, accountClass: null, domainDefault: null }, { value: 'disabled', source: { kind: 'default' } }],
  ['domain defaults only', { account: null, accountClass: null, domainDefault: 'enabled' }, { value: 'enabled', source: { kind: 'domain' } }],
  ['class inherits (null), domain enabled', { account: null, accountClass: { name: 'staff', value: null }, domainDefault: 'enabled' }, { value: 'enabled', source: { kind: 'domain' } }],
  ['class explicit wins over domain', { account: null, accountClass: { name: 'staff', value: 'mandatory' }, domainDefault: 'enabled' }, { value: 'mandatory', source: { kind: 'class', className: 'staff' } }],
  ['class explicit disabled wins over domain mandatory', { account: null, accountClass: { name: 'guests', value: 'disabled' }, domainDefault: 'mandatory' }, { value: 'disabled', source: { kind: 'class', className: 'guests' } }],
  ['account explicit wins over class', { account: 'disabled', accountClass: { name: 'staff', value: 'mandatory' }, domainDefault: 'enabled' }, { value: 'disabled', source: { kind: 'account' } }],
  ['account explicit wins over domain', { account: 'mandatory', accountClass: null, domainDefault: 'disabled' }, { value: 'mandatory', source: { kind: 'account' } }],
  ['account reset to inherited follows class', { account: null, accountClass: { name: 'staff', value: 'mandatory' }, domainDefault: 'disabled' }, { value: 'mandatory', source: { kind: 'class', className: 'staff' } }],
  ['class removed: account falls back to domain', { account: null, accountClass: null, domainDefault: 'enabled' }, { value: 'enabled', source: { kind: 'domain' } }],
  ['domain defaults changed under an explicit account value', { account: 'enabled', accountClass: null, domainDefault: 'mandatory' }, { value: 'enabled', source: { kind: 'account' } }],
  ['class switched to one that inherits', { account: null, accountClass: { name: 'sales', value: null }, domainDefault: 'disabled' }, { value: 'disabled', source: { kind: 'domain' } }],
];

for (const [name, chain, expected] of cases) {
  test(`resolvePolicy: ${name}`, (t) => {
    t.deepEqual(resolvePolicy(chain), expected);
  });
}

test('resolveClassPolicy: own value, else the domain defaults', (t) => {
  t.deepEqual(resolveClassPolicy('mandatory', 'enabled'), { value: 'mandatory', source: { kind: 'account' } });
  t.deepEqual(resolveClassPolicy(null, 'enabled'), { value: 'enabled', source: { kind: 'domain' } });
});

test('describeSource says where a value comes from', (t) => {
  t.is(describeSource({ kind: 'account' }), 'set on this account');
  t.is(describeSource({ kind: 'account' }, 'class'), 'set on this class');
  t.is(describeSource({ kind: 'class', className: 'Staff' }), 'inherited from class Staff');
  t.is(describeSource({ kind: 'domain' }), "inherited from the domain's Account Defaults");
});

const parses: [string, TwoFactorSetting | null][] = [
  ['enabled', 'enabled'],
  ['MANDATORY', 'mandatory'],
  [' disabled ', 'disabled'],
  ['on', null],
  ['', null],
  ['enable', null],
];
for (const [input, expected] of parses) {
  test(`parseTwoFactorSetting(${JSON.stringify(input)})`, (t) => {
    t.is(parseTwoFactorSetting(input), expected);
  });
}
