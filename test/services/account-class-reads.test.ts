import test from 'ava';
import { accountClassNames, createAccountClass, findAccountClassIn, listAccountClassesOf, requireAccountClassUsage } from '../../src/services/account-classes.js';
import { applyAccountChanges, createAccount } from '../../src/services/accounts.js';
import { createDomain } from '../../src/services/domains.js';
import { ServiceError } from '../../src/services/errors.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

test('the class reads answer names, usage counts and lookups of one domain only', async (t) => {
  const { ctx, testDb } = await openServices();
  try {
    const example = await createDomain(ctx, TEST_ADMIN, 'example.com', 'Secret-123');
    const other = await createDomain(ctx, TEST_ADMIN, 'other.org', 'Secret-123');
    await createAccountClass(ctx, TEST_ADMIN, example, 'staff');
    await createAccountClass(ctx, TEST_ADMIN, example, 'interns');
    await createAccountClass(ctx, TEST_ADMIN, other, 'guests');
    for (const name of ['alice', 'bob']) await createAccount(ctx, TEST_ADMIN, example, { name, password: 'correct horse' }, [{ op: 'inherit', className: 'staff' }]);
    await applyAccountChanges(ctx, TEST_ADMIN, example, 'postmaster', [{ op: 'inherit', className: 'interns' }]);

    t.deepEqual(await accountClassNames(ctx, example), ['interns', 'staff']);
    t.deepEqual(await accountClassNames(ctx, other), ['guests']);
    t.deepEqual((await listAccountClassesOf(ctx, example)).map((c) => [c.name, c.accountCount]), [['interns', 1], ['staff', 2]]);
    t.like(await requireAccountClassUsage(ctx, example, ' staff '), { name: 'staff', accountCount: 2 });
    t.like(await requireAccountClassUsage(ctx, other, 'guests'), { name: 'guests', accountCount: 0 });
    t.is(await findAccountClassIn(ctx, other, 'staff'), null, 'a class of another domain is not found');
    t.is((await findAccountClassIn(ctx, example, 'staff'))?.domainId, example.id);
    const refused = await t.throwsAsync(requireAccountClassUsage(ctx, other, 'staff'), { instanceOf: ServiceError });
    t.is(refused?.kind, 'not_found');
  } finally {
    await testDb.destroy();
  }
});
