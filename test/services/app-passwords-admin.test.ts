import test from 'ava';
import { listAppPasswords } from '../../src/repos/app-passwords.js';
import { listAudit } from '../../src/repos/audit.js';
import { createAccount } from '../../src/services/accounts.js';
import { createAppPassword, requireAppPassword, revokeAppPasswordNamed } from '../../src/services/app-passwords.js';
import { createDomain } from '../../src/services/domains.js';
import { ServiceError } from '../../src/services/errors.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

const KEY = 'JBSWY3DPEHPK3PXP';
const CLI = { kind: 'cli' as const, name: 'admin', ip: '192.0.2.7' };

test('an admin revokes an app password by name (case and spaces around it ignored) or finds one by id, only on its own account', async (t) => {
  const { ctx, testDb } = await openServices();
  try {
    const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'postmaster-password-1');
    const configured = [{ op: 'setTwoFactor', value: 'enabled' }, { op: 'provisionKey', key: KEY }] as const;
    const alice = await createAccount(ctx, TEST_ADMIN, domain, { name: 'alice', password: 'alice-password-1' }, [...configured]);
    const bob = await createAccount(ctx, TEST_ADMIN, domain, { name: 'bob', password: 'bob-password-1' }, [...configured]);
    await createAppPassword(ctx, TEST_ADMIN, alice, 'Thunderbird on the laptop');
    await createAppPassword(ctx, TEST_ADMIN, bob, 'Bob phone');
    const [bobPhone] = await listAppPasswords(ctx.db, bob.id);
    const [laptop] = await listAppPasswords(ctx.db, alice.id);

    t.like(await requireAppPassword(ctx, alice, laptop.id), { id: laptop.id, name: 'Thunderbird on the laptop', lastUsedAt: null });
    const foreign = await t.throwsAsync(() => requireAppPassword(ctx, alice, bobPhone.id), { instanceOf: ServiceError });
    t.like(foreign, { kind: 'not_found', message: 'There is no such app password for alice@example.com; it may have been revoked already.' });
    const unknown = await t.throwsAsync(() => revokeAppPasswordNamed(ctx, CLI, alice, 'Bob phone'), { instanceOf: ServiceError });
    t.like(unknown, { kind: 'not_found', message: 'There is no app password named "Bob phone" for alice@example.com.' });

    t.is(await revokeAppPasswordNamed(ctx, CLI, alice, '  THUNDERBIRD on the LAPTOP '), 'Thunderbird on the laptop');
    t.is((await listAppPasswords(ctx.db, alice.id)).length, 0);
    t.is((await listAppPasswords(ctx.db, bob.id)).length, 1, "bob's is untouched");
    const [event] = await listAudit(ctx.db, { subject: 'alice@example.com', event: 'app_password.revoked', limit: 5 });
    t.like(event, { detail: 'Thunderbird on the laptop', actor: CLI });
  } finally {
    await testDb.destroy();
  }
});
