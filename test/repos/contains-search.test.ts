import test from 'ava';
import { countAccounts, insertAccount, listAccounts } from '../../src/repos/accounts.js';
import { countDomains, findDomainByWebmailHost, insertDomain, listDomains, updateDomain } from '../../src/repos/domains.js';
import { openTestDb } from '../helpers/db.js';

test('searches match `_`, `%` and `\\` literally, not as wildcards', async (t) => {
  const { db, destroy } = await openTestDb();
  try {
    const ab = await insertDomain(db, 'a_b.example', 1);
    await insertDomain(db, 'axb.example', 1);
    await insertDomain(db, 'a%b.example', 1);
    t.deepEqual((await listDomains(db, { search: 'a_b' })).map((d) => d.name), ['a_b.example']);
    t.deepEqual((await listDomains(db, { search: 'A%B' })).map((d) => d.name), ['a%b.example']);
    t.is(await countDomains(db, 'a_'), 1);
    t.is(await countDomains(db, '\\'), 0);
    for (const name of ['jo_e', 'joxe', 'jo%e']) await insertAccount(db, { domainId: ab, name, passwordHash: 'x' }, 1);
    t.deepEqual((await listAccounts(db, { id: ab, name: 'a_b.example', twoFactor: 'disabled', graceDays: 0, trustDays: 0 }, { search: 'jo_', limit: 10 })).map((a) => a.name), ['jo_e']);
    t.is(await countAccounts(db, ab, '%'), 1);
    await updateDomain(db, ab, { webmailHosts: ['mail.a-b.example', 'webmail_x.example'] });
    t.is((await findDomainByWebmailHost(db, 'webmail_x.example'))?.name, 'a_b.example');
    t.is(await findDomainByWebmailHost(db, 'webmailxx.example'), null);
  } finally {
    await destroy();
  }
});
