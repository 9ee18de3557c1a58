import test from 'ava';
import { insertAccountClass } from '../../src/repos/account-classes.js';
import { createAccount } from '../../src/services/accounts.js';
import { DOMAINS_PER_PAGE, domainContents, listDomainPage, listDomainsWithAccountCounts } from '../../src/services/domain-list.js';
import { createDomain } from '../../src/services/domains.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

test('listDomainPage pages the domains by name, clamps the page asked for, and searches a piece of the name in any case', async (t) => {
  const { ctx, testDb } = await openServices();
  try {
    const names = Array.from({ length: DOMAINS_PER_PAGE + 5 }, (_, i) => `d${String(i).padStart(2, '0')}.example`);
    await testDb.db('domains').insert(names.map((name) => ({ name, two_factor: 'disabled', created_at: 0 })));
    await testDb.db('domains').insert({ name: 'other.org', two_factor: 'enabled', created_at: 0 });
    const cases: { search: string; asked: number; page: number; pages: number; first: string; count: number }[] = [
      { search: '', asked: 1, page: 1, pages: 2, first: 'd00.example', count: DOMAINS_PER_PAGE },
      { search: '', asked: 2, page: 2, pages: 2, first: 'd25.example', count: 6 },
      { search: '', asked: 99, page: 2, pages: 2, first: 'd25.example', count: 6 },
      { search: '', asked: 0, page: 1, pages: 2, first: 'd00.example', count: DOMAINS_PER_PAGE },
      { search: '  OTHER ', asked: 1, page: 1, pages: 1, first: 'other.org', count: 1 },
      { search: 'd2', asked: 1, page: 1, pages: 1, first: 'd20.example', count: 10 },
    ];
    for (const c of cases) {
      const found = await listDomainPage(ctx, c.search, c.asked);
      const label = `${JSON.stringify(c.search)} page ${c.asked}`;
      t.like(found, { page: c.page, pages: c.pages }, label);
      t.is(found.domains.length, c.count, label);
      t.is(found.domains[0].name, c.first, label);
    }
    t.is((await listDomainPage(ctx, '', 1)).total, names.length + 1);
    t.deepEqual(await listDomainPage(ctx, '%', 1), { total: 0, page: 1, pages: 1, domains: [] }, 'a LIKE wildcard is searched literally');
  } finally {
    await testDb.destroy();
  }
});

test('domainContents and listDomainsWithAccountCounts count what each domain holds', async (t) => {
  const { ctx, clock, testDb } = await openServices();
  try {
    const example = await createDomain(ctx, TEST_ADMIN, 'example.com', 'Secret-123');
    const other = await createDomain(ctx, TEST_ADMIN, 'other.org', 'Secret-123');
    await createAccount(ctx, TEST_ADMIN, example, { name: 'alice', password: 'correct horse' });
    await insertAccountClass(ctx.db, example.id, 'staff', clock.now());
    t.deepEqual(await domainContents(ctx, example), { accounts: 2, classes: 1 });
    t.deepEqual(await domainContents(ctx, other), { accounts: 1, classes: 0 });
    const listed = await listDomainsWithAccountCounts(ctx);
    t.deepEqual(listed.map(({ domain, accounts }) => [domain.name, accounts]), [['example.com', 2], ['other.org', 1]]);
  } finally {
    await testDb.destroy();
  }
});
