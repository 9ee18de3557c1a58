import test from 'ava';
import { DRIFT_HISTORY_LENGTH } from '../../src/core/drift.js';
import { listSecondFactors } from '../../src/repos/second-factors.js';
import { accountTarget, applyAccountChanges, createAccount, requireAccount, summarizeAccount } from '../../src/services/accounts.js';
import { verifySecondFactor } from '../../src/services/challenge.js';
import { createDomain } from '../../src/services/domains.js';
import { referenceTotp } from '../helpers/rfc6238.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

const KEY = 'JBSWY3DPEHPK3PXP';
const ACTOR = { kind: 'user' as const, name: 'alice@example.com', ip: '192.0.2.7' };

/** Answers the challenge once per offset, two minutes apart, with a code that many steps off. */
async function answerAt(offsets: number[]) {
  const services = await openServices();
  const domain = await createDomain(services.ctx, TEST_ADMIN, 'example.com', 'postmaster-pass');
  const account = await createAccount(services.ctx, TEST_ADMIN, domain, { name: 'alice', password: 'alice-password' }, [
    { op: 'setTwoFactor', value: 'enabled' },
    { op: 'provisionKey', key: KEY },
  ]);
  for (const offset of offsets) {
    services.clock.advance(120_000);
    const code = referenceTotp(KEY, Math.floor(services.clock.now() / 1000) + offset * 30);
    const outcome = await verifySecondFactor(services.ctx, accountTarget(account), { code }, ACTOR);
    if (outcome.kind !== 'success') throw new Error(`offset ${offset}: ${outcome.kind}`);
  }
  return { ...services, domain };
}

test('each accepted code adds its offset; the last 20 are kept', async (t) => {
  const offsets = Array.from({ length: 24 }, (_, i) => (i % 3) - 1);
  const { ctx, testDb, domain } = await answerAt(offsets);
  try {
    const [device] = await listSecondFactors(ctx.db, { kind: 'account', id: (await requireAccount(ctx, domain, 'alice')).id });
    t.deepEqual(device.driftHistory, offsets.slice(-DRIFT_HISTORY_LENGTH));
  } finally {
    await testDb.destroy();
  }
});

test('WebAdmin\'s summary: the typical offset of a fast authenticator, with a warning when most codes sit at the edge', async (t) => {
  const { ctx, testDb, domain } = await answerAt([0, 1, 1, 0, 1, 1]);
  try {
    const summary = await summarizeAccount(ctx, await requireAccount(ctx, domain, 'alice'));
    t.is(summary.driftText, 'this authenticator runs about 1 step (30 s) fast, typical of the last 6 codes');
    t.regex(summary.driftWarning ?? '', /^4 of the last 6 codes came from the edge/);
  } finally {
    await testDb.destroy();
  }
});

test('an authenticator on time gets no warning; a new key starts a new history', async (t) => {
  const { ctx, testDb, domain } = await answerAt([0, 0, -1, 0]);
  try {
    const summary = await summarizeAccount(ctx, await requireAccount(ctx, domain, 'alice'));
    t.is(summary.driftText, 'this authenticator keeps time with the server, typical of the last 4 codes');
    t.is(summary.driftWarning, null);
    await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'resetKey' }]);
    const after = await summarizeAccount(ctx, await requireAccount(ctx, domain, 'alice'));
    t.is(after.driftText, null);
  } finally {
    await testDb.destroy();
  }
});
