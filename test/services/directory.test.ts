import test from 'ava';
import { findAccount } from '../../src/repos/accounts.js';
import { listAudit } from '../../src/repos/audit.js';
import { listMessages } from '../../src/repos/messages.js';
import { createAccountClass, applyAccountClassChanges, removeAccountClass } from '../../src/services/account-classes.js';
import { accountCurrentCode, applyAccountChanges, createAccount, removeAccount, requireAccount, summarizeAccount } from '../../src/services/accounts.js';
import { applyDomainChanges, createDomain, removeDomain } from '../../src/services/domains.js';
import { ServiceError } from '../../src/services/errors.js';
import { referenceTotp } from '../helpers/rfc6238.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

test('creating a domain creates its postmaster with a welcome message', async (t) => {
  const { ctx, testDb } = await openServices();
  try {
    const domain = await createDomain(ctx, TEST_ADMIN, 'Example.COM', 'Secret-123');
    t.is(domain.name, 'example.com');
    t.is(domain.twoFactor, 'disabled');
    const postmaster = await findAccount(ctx.db, 'example.com', 'postmaster');
    t.truthy(postmaster);
    const messages = await listMessages(ctx.db, postmaster!.id);
    t.is(messages.length, 1);
    t.regex(messages[0].subject, /Welcome/);
    await t.throwsAsync(createDomain(ctx, TEST_ADMIN, 'example.com', 'Secret-123'), { instanceOf: ServiceError, message: /already exists/ });
    await t.throwsAsync(createDomain(ctx, TEST_ADMIN, 'not a domain', 'Secret-123'), { message: /not a valid domain/ });
    await t.throwsAsync(createDomain(ctx, TEST_ADMIN, 'b.example', 'short'), { message: /at least 8/ });
    const events = await listAudit(ctx.db, { limit: 10 });
    t.true(events.some((e) => e.event === 'domain.created' && e.actor.name === 'admin'));
  } finally {
    await testDb.destroy();
  }
});

test('policy follows the chain through services: class, explicit, reset, class removed', async (t) => {
  const { ctx, testDb } = await openServices();
  try {
    const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'Secret-123');
    await applyDomainChanges(ctx, TEST_ADMIN, 'example.com', [{ op: 'setTwoFactorDefault', value: 'enabled' }]);
    await createAccountClass(ctx, TEST_ADMIN, domain, 'staff', [{ op: 'setTwoFactor', value: 'mandatory' }]);
    await createAccount(ctx, TEST_ADMIN, domain, { name: 'alice', password: 'correct horse' });
    const summary = async () => summarizeAccount(ctx, await requireAccount(ctx, domain, 'alice'));

    t.like(await summary(), { effective: { value: 'enabled' }, sourceText: "inherited from the domain's Account Defaults" });
    await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'inherit', className: 'staff' }]);
    t.like(await summary(), { effective: { value: 'mandatory' }, sourceText: 'inherited from class staff', statusText: 'enabled, not configured' });
    await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'setTwoFactor', value: 'disabled' }]);
    t.like(await summary(), { effective: { value: 'disabled' }, sourceText: 'set on this account', statusText: 'not enabled' });
    await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'setTwoFactor', value: null }]);
    t.like(await summary(), { effective: { value: 'mandatory' } });
    await applyAccountClassChanges(ctx, TEST_ADMIN, domain, 'staff', [{ op: 'setTwoFactor', value: null }]);
    t.like(await summary(), { effective: { value: 'enabled' }, sourceText: "inherited from the domain's Account Defaults" });
    await applyAccountClassChanges(ctx, TEST_ADMIN, domain, 'staff', [{ op: 'setTwoFactor', value: 'mandatory' }]);
    await removeAccountClass(ctx, TEST_ADMIN, domain, 'staff');
    t.like(await summary(), { effective: { value: 'enabled' }, inheritsFrom: { kind: 'domain' } });
  } finally {
    await testDb.destroy();
  }
});

test('provisioning a key: bad keys refused with nothing changed, a good one is configured', async (t) => {
  const { ctx, clock, testDb } = await openServices();
  try {
    const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'Secret-123');
    await createAccount(ctx, TEST_ADMIN, domain, { name: 'alice', password: 'correct horse' });
    for (const key of ['JBSWY3DPEHPK3PX', 'JBSWY3DPEHPK3PXPA', 'JBSWY3DPEHPK3PX0', 'JBSWY3DPEHPK3PX1', 'JBSWY3DPEHPK3PX8', 'JBSWY3DPEHPK3PX9', '']) {
      await t.throwsAsync(applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'setTwoFactor', value: 'enabled' }, { op: 'provisionKey', key }]), {
        instanceOf: ServiceError,
        message: /16 characters/,
      });
      const account = await requireAccount(ctx, domain, 'alice');
      t.is(account.twoFactor, null, 'the earlier change in the same commit was rolled back');
      t.is(account.state.hasKey, false);
    }
    await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'provisionKey', key: 'jbsw y3dp ehpk 3pxp' }]);
    const account = await requireAccount(ctx, domain, 'alice');
    t.true(account.state.configured);
    t.true(account.state.hasKey);
    t.is(await accountCurrentCode(ctx, account), referenceTotp('JBSWY3DPEHPK3PXP', clock.now() / 1000));
    const notices = (await listMessages(ctx.db, account.id)).filter((m) => m.kind === 'notice');
    t.is(notices.length, 1);

    await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'resetKey' }]);
    const reset = await requireAccount(ctx, domain, 'alice');
    t.false(reset.state.configured);
    t.true(reset.state.hasKey);
    t.not(await accountCurrentCode(ctx, reset), referenceTotp('JBSWY3DPEHPK3PXP', clock.now() / 1000));

    await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'revokeAll' }]);
    const revoked = await requireAccount(ctx, domain, 'alice');
    t.is(revoked.state.hasKey, false);
    await t.throwsAsync(accountCurrentCode(ctx, revoked), { message: /no 2-Step Verification secret key/ });
    await t.throwsAsync(applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'setConfigured', value: true }]), { message: /no secret key/ });
  } finally {
    await testDb.destroy();
  }
});

test('unknown names and the postmaster are refused clearly', async (t) => {
  const { ctx, testDb } = await openServices();
  try {
    const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'Secret-123');
    await t.throwsAsync(applyAccountChanges(ctx, TEST_ADMIN, domain, 'nobody', []), { message: /no account nobody@example.com/ });
    await t.throwsAsync(applyAccountChanges(ctx, TEST_ADMIN, domain, 'postmaster', [{ op: 'inherit', className: 'ghost' }]), { message: /no account class ghost/ });
    await t.throwsAsync(removeAccount(ctx, TEST_ADMIN, domain, 'postmaster'), { message: /cannot be removed/ });
    await t.throwsAsync(createAccount(ctx, TEST_ADMIN, domain, { name: 'bad name', password: 'correct horse' }), { message: /not a valid account name/ });
    await createAccount(ctx, TEST_ADMIN, domain, { name: 'bob', password: 'correct horse' });
    await t.throwsAsync(createAccount(ctx, TEST_ADMIN, domain, { name: 'BOB', password: 'correct horse' }), { message: /already exists/ });
    await removeAccount(ctx, TEST_ADMIN, domain, 'bob');
    t.is(await findAccount(ctx.db, 'example.com', 'bob'), null);
    await removeDomain(ctx, TEST_ADMIN, 'example.com');
    t.is(await findAccount(ctx.db, 'example.com', 'postmaster'), null);
  } finally {
    await testDb.destroy();
  }
});
