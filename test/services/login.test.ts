import test from 'ava';
import type { TwoFactorSetting } from '../../src/core/policy.js';
import { resolvePolicy } from '../../src/core/policy.js';
import { createAccount } from '../../src/services/accounts.js';
import { createDomain } from '../../src/services/domains.js';
import { addressOf, logIn, stageAfterPassword, type LoginAttempt, type LoginStage } from '../../src/services/login.js';
import { verifySecondFactor } from '../../src/services/challenge.js';
import { accountTarget } from '../../src/services/accounts.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

const policy = (value: TwoFactorSetting) => resolvePolicy({ account: value, accountClass: null, domainDefault: null });

const STAGES: [TwoFactorSetting, boolean, string | null, LoginStage][] = [
  ['disabled', false, null, 'full'],
  ['disabled', true, 'sealed', 'full'],
  ['enabled', false, null, 'full'],
  ['enabled', false, 'sealed', 'full'],
  ['enabled', true, 'sealed', 'challenge'],
  ['mandatory', false, null, 'setup'],
  ['mandatory', false, 'sealed', 'setup'],
  ['mandatory', true, 'sealed', 'challenge'],
];

for (const [setting, configured, secretSealed, stage] of STAGES) {
  test(`after the password: ${setting}, configured ${configured}, key ${secretSealed ? 'yes' : 'no'} → ${stage}`, (t) => {
    t.is(stageAfterPassword(policy(setting), { configured: configured && secretSealed !== null }), stage);
  });
}

const ADDRESSES: [string, string | null, string | null][] = [
  ['alice@example.com', null, 'alice@example.com'],
  ['  Alice@Example.COM ', 'other.org', 'alice@example.com'],
  ['alice', 'example.com', 'alice@example.com'],
  ['ALICE', 'example.com', 'alice@example.com'],
  ['alice', null, null],
  ['', 'example.com', null],
  ['@example.com', null, null],
  ['alice@', null, null],
];

for (const [typed, domainName, expected] of ADDRESSES) {
  test(`username "${typed}" on a page for ${domainName ?? 'no domain'} is ${expected ?? 'no address'}`, (t) => {
    const parts = addressOf(typed, domainName);
    t.is(parts ? `${parts.name}@${parts.domain}` : null, expected);
  });
}

async function withAccount(run: (h: Awaited<ReturnType<typeof openServices>> & { attempt: (over?: Partial<LoginAttempt>) => LoginAttempt }) => Promise<void>) {
  const services = await openServices();
  try {
    const domain = await createDomain(services.ctx, TEST_ADMIN, 'example.com', 'postmaster-pass');
    await createAccount(services.ctx, TEST_ADMIN, domain, { name: 'alice', password: 'alice-password' }, [{ op: 'setTwoFactor', value: 'enabled' }, { op: 'provisionKey', key: 'JBSWY3DPEHPK3PXP' }]);
    await createAccount(services.ctx, TEST_ADMIN, domain, { name: 'bob', password: 'bob-password' });
    const attempt = (over: Partial<LoginAttempt> = {}): LoginAttempt => ({ username: 'alice@example.com', password: 'alice-password', domainName: null, ip: '192.0.2.1', channel: 'webmail', ...over });
    await run({ ...services, attempt });
  } finally {
    await services.testDb.destroy();
  }
}

test('a correct password answers the stage; wrong password, unknown user and unknown domain answer alike', async (t) => {
  await withAccount(async ({ ctx, attempt }) => {
    const ok = await logIn(ctx, attempt());
    t.true(ok.ok);
    if (ok.ok) t.is(ok.stage, 'challenge');
    const bob = await logIn(ctx, attempt({ username: 'bob', password: 'bob-password', domainName: 'example.com' }));
    t.true(bob.ok && bob.stage === 'full');
    const wrong = [
      attempt({ password: 'nope-nope' }),
      attempt({ username: 'nobody@example.com' }),
      attempt({ username: 'alice@nowhere.example' }),
      attempt({ username: 'alice' }),
    ];
    for (const one of wrong) t.deepEqual(await logIn(ctx, { ...one, ip: `198.51.100.${wrong.indexOf(one)}` }), { ok: false, reason: 'wrong' });
  });
});

test('password failures are throttled per account with a growing delay, whatever the address', async (t) => {
  await withAccount(async ({ ctx, clock, attempt }) => {
    for (let i = 0; i < 5; i++) t.is((await logIn(ctx, attempt({ password: 'wrong-one', ip: `203.0.113.${i}` }))).ok, false);
    const blocked = await logIn(ctx, attempt({ ip: '203.0.113.99' }));
    t.deepEqual(blocked, { ok: false, reason: 'throttled', until: clock.now() + 1000 });
    clock.advance(1000);
    t.true((await logIn(ctx, attempt({ password: 'wrong-two', ip: '203.0.113.99' }))).ok === false);
    const longer = await logIn(ctx, attempt({ ip: '203.0.113.98' }));
    t.deepEqual(longer, { ok: false, reason: 'throttled', until: clock.now() + 2000 });
    clock.advance(2000);
    t.true((await logIn(ctx, attempt())).ok);
    // A success clears the account's counter.
    t.deepEqual(await logIn(ctx, attempt({ password: 'wrong-three' })), { ok: false, reason: 'wrong' });
  });
});

test('password failures are throttled per client address across accounts', async (t) => {
  await withAccount(async ({ ctx, attempt }) => {
    for (let i = 0; i < 5; i++) await logIn(ctx, attempt({ username: `user${i}@example.com`, ip: '192.0.2.50' }));
    const fromThere = await logIn(ctx, attempt({ ip: '192.0.2.50' }));
    t.is(fromThere.ok === false && fromThere.reason, 'throttled');
    t.true((await logIn(ctx, attempt({ ip: '192.0.2.51' }))).ok);
  });
});

test('code failures do not count as password failures', async (t) => {
  await withAccount(async ({ ctx, attempt }) => {
    const ok = await logIn(ctx, attempt());
    if (!ok.ok) return t.fail();
    for (let i = 0; i < 5; i++) await verifySecondFactor(ctx, accountTarget(ok.account), { code: '000000' }, { kind: 'user', name: 'alice@example.com', ip: '192.0.2.1' });
    t.true((await logIn(ctx, attempt())).ok);
  });
});
