import type { Knex } from 'knex';
import test from 'ava';
import { resolvePolicy, type TwoFactorSetting } from '../../src/core/policy.js';
import { twoFactorStatus, type TwoFactorStatus } from '../../src/core/two-factor-status.js';
import { insertAccountClass, setAccountClassTwoFactor } from '../../src/repos/account-classes.js';
import { accountCountQuery, accountPageQuery, EFFECTIVE_TWO_FACTOR_SQL, insertAccount, updateAccount } from '../../src/repos/accounts.js';
import { updateDomain } from '../../src/repos/domains.js';
import { lockCodeEntry, storeSecret } from '../../src/repos/two-factor.js';
import { ACCOUNT_COUNT_CAP, ACCOUNT_PAGE_SIZE, listAccountPage, parseStatusFilter, STATUS_FILTERS } from '../../src/services/account-list.js';
import { createDomain, requireDomain } from '../../src/services/domains.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

const SETTINGS: (TwoFactorSetting | null)[] = [null, 'disabled', 'enabled', 'mandatory'];
const CLASSES: { name: string; value: TwoFactorSetting | null }[] = [
  { name: 'inherits', value: null },
  { name: 'off', value: 'disabled' },
  { name: 'optional', value: 'enabled' },
  { name: 'required', value: 'mandatory' },
];
const LOCKS = ['never', 'expired', 'active'] as const;

interface Case {
  name: string;
  explicit: TwoFactorSetting | null;
  cls: (typeof CLASSES)[number] | null;
  configured: boolean;
  lock: (typeof LOCKS)[number];
}

/** Every combination of explicit value, class, paired state and lock, as rows in one domain. */
async function seedTable() {
  const opened = await openServices();
  const { ctx, clock } = opened;
  const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'Secret-123');
  const classIds = new Map<string, number>();
  for (const cls of CLASSES) {
    const id = await insertAccountClass(ctx.db, domain.id, cls.name, clock.now());
    await setAccountClassTwoFactor(ctx.db, id, cls.value);
    classIds.set(cls.name, id);
  }
  const cases: Case[] = [{ name: 'postmaster', explicit: null, cls: null, configured: false, lock: 'never' }];
  for (const explicit of SETTINGS) {
    for (const cls of [null, ...CLASSES]) {
      for (const configured of [false, true]) {
        for (const lock of LOCKS) {
          const name = `u-${explicit ?? 'inh'}-${cls?.name ?? 'dom'}-${configured ? 'paired' : 'unpaired'}-${lock}`;
          const id = await insertAccount(ctx.db, { domainId: domain.id, name, passwordHash: 'x', classId: cls ? classIds.get(cls.name) : null }, clock.now());
          await updateAccount(ctx.db, id, { twoFactor: explicit });
          if (configured) await storeSecret(ctx.db, { kind: 'account', id }, ctx.secretBox.seal('JBSWY3DPEHPK3PXP'), true, clock.now());
          if (lock !== 'never') await lockCodeEntry(ctx.db, { kind: 'account', id }, 1, clock.now() + (lock === 'active' ? 60_000 : -1));
          cases.push({ name, explicit, cls, configured, lock });
        }
      }
    }
  }
  return { ...opened, domain, cases };
}

function expectedStatus(c: Case, domainDefault: TwoFactorSetting, now: number): TwoFactorStatus {
  const policy = resolvePolicy({ account: c.explicit, accountClass: c.cls, domainDefault });
  return twoFactorStatus(policy, { configured: c.configured, lockedUntil: c.lock === 'never' ? null : now + (c.lock === 'active' ? 60_000 : -1) }, now);
}

test('the status filter and the effective setting in SQL agree with resolvePolicy for every combination', async (t) => {
  const { ctx, clock, testDb, domain, cases } = await seedTable();
  try {
    for (const domainDefault of ['disabled', 'enabled', 'mandatory'] as const) {
      await updateDomain(ctx.db, domain.id, { twoFactor: domainDefault });
      const current = await requireDomain(ctx, domain.name);
      const effective = await ctx.db('accounts as a')
        .join('domains as d', 'd.id', 'a.domain_id')
        .leftJoin('account_classes as c', 'c.id', 'a.class_id')
        .where('a.domain_id', domain.id)
        .select('a.name', ctx.db.raw(`${EFFECTIVE_TWO_FACTOR_SQL} as effective`));
      const bySql = new Map(effective.map((row) => [row.name, row.effective]));
      for (const c of cases.filter((one) => one.lock === 'never' && !one.configured)) {
        t.is(bySql.get(c.name), resolvePolicy({ account: c.explicit, accountClass: c.cls, domainDefault }).value, `${c.name} under ${domainDefault}`);
      }
      for (const status of STATUS_FILTERS) {
        const listed: string[] = [];
        let after: string | undefined;
        do {
          const page = await listAccountPage(ctx, current, { status, after });
          listed.push(...page.rows.map((row) => row.name));
          t.true(page.rows.every((row) => row.status === status));
          after = page.nextAfter ?? undefined;
        } while (after);
        const expected = cases.filter((c) => expectedStatus(c, domainDefault, clock.now()) === status).map((c) => c.name).sort();
        t.deepEqual(listed, expected, `${status} under domain default ${domainDefault}`);
      }
    }
  } finally {
    await testDb.destroy();
  }
});

test('rows carry the effective setting, its source and the status words', async (t) => {
  const { ctx, testDb, domain } = await seedTable();
  try {
    await updateDomain(ctx.db, domain.id, { twoFactor: 'enabled' });
    const enabled = await requireDomain(ctx, domain.name);
    const page = await listAccountPage(ctx, enabled, { search: 'u-inh-required-paired-never' });
    t.like(page.rows[0], { effective: 'mandatory', sourceText: 'inherited from class required', statusText: 'configured', className: 'required' });
    const explicit = await listAccountPage(ctx, enabled, { search: 'u-disabled-dom-unpaired-active' });
    t.like(explicit.rows[0], { effective: 'disabled', sourceText: 'set on this account', status: 'locked', statusText: 'locked' });
    const postmaster = await listAccountPage(ctx, enabled, { search: 'postmaster' });
    t.like(postmaster.rows[0], { sourceText: "inherited from the domain's Account Defaults", statusText: 'enabled, not configured' });
  } finally {
    await testDb.destroy();
  }
});

test('keyset pages walk every account once in name order, with an exact count', async (t) => {
  const { ctx, testDb, domain, cases } = await seedTable();
  try {
    const first = await listAccountPage(ctx, domain, {});
    t.is(first.rows.length, ACCOUNT_PAGE_SIZE);
    t.deepEqual(first.total, { count: cases.length, more: false });
    const names: string[] = [];
    let after: string | undefined;
    do {
      const page = await listAccountPage(ctx, domain, { after });
      names.push(...page.rows.map((row) => row.name));
      after = page.nextAfter ?? undefined;
    } while (after);
    t.is(names.length, cases.length);
    t.deepEqual(names, [...names].sort());
    t.is(new Set(names).size, names.length);
    const last = await listAccountPage(ctx, domain, { after: names[names.length - 2] });
    t.is(last.rows.length, 1);
    t.is(last.nextAfter, null);
  } finally {
    await testDb.destroy();
  }
});

test('search matches a piece of the name literally, whatever its case or wildcards', async (t) => {
  const { ctx, clock, testDb } = await openServices();
  try {
    const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'Secret-123');
    for (const name of ['a_b', 'axb', 'a%b', 'abc', 'bob']) await insertAccount(ctx.db, { domainId: domain.id, name, passwordHash: 'x' }, clock.now());
    const names = async (search: string) => (await listAccountPage(ctx, domain, { search })).rows.map((row) => row.name);
    t.deepEqual(await names('a_b'), ['a_b']);
    t.deepEqual(await names('A%B'), ['a%b']);
    t.deepEqual(await names('B'), ['a%b', 'a_b', 'abc', 'axb', 'bob']);
    t.deepEqual(await names('  bo '), ['bob']);
    t.deepEqual(await names('\\'), []);
    t.deepEqual((await listAccountPage(ctx, domain, { search: 'ab' })).total, { count: 1, more: false });
  } finally {
    await testDb.destroy();
  }
});

test('the count stops at the cap and says there are more', async (t) => {
  const { ctx, clock, testDb } = await openServices();
  try {
    const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'Secret-123');
    const rows = Array.from({ length: ACCOUNT_COUNT_CAP + 5 }, (_, i) => ({ domain_id: domain.id, name: `user${String(i).padStart(6, '0')}`, password_hash: 'x', created_at: clock.now() }));
    for (let i = 0; i < rows.length; i += 500) await ctx.db('accounts').insert(rows.slice(i, i + 500));
    const page = await listAccountPage(ctx, domain, {});
    t.deepEqual(page.total, { count: ACCOUNT_COUNT_CAP, more: true });
    t.is(page.nextAfter, 'user000048', 'postmaster comes first');
    const searched = await listAccountPage(ctx, domain, { search: 'user00001' });
    t.deepEqual(searched.total, { count: 10, more: false });
  } finally {
    await testDb.destroy();
  }
});

test('status filter values are parsed strictly', (t) => {
  t.is(parseStatusFilter('locked'), 'locked');
  t.is(parseStatusFilter('configured'), 'configured');
  for (const bad of ['', 'LOCKED', 'enabled', 'constructor', '__proto__']) t.is(parseStatusFilter(bad), null);
});

/** The plan of a list query as the app runs it: with bound parameters, not inlined values. */
async function planOf(testDb: Awaited<ReturnType<typeof seedTable>>['testDb'], query: Knex.QueryBuilder): Promise<string> {
  const native = query.toSQL().toNative();
  if (testDb.kind === 'sqlite') {
    return (await testDb.db.raw(`EXPLAIN QUERY PLAN ${native.sql}`, native.bindings)).map((row: { detail: string }) => row.detail).join('\n');
  }
  // Tiny test tables favour a sequential scan; forbid it to see that the index can serve the order.
  return testDb.db.transaction(async (trx) => {
    await trx.raw('SET LOCAL enable_seqscan = off');
    await trx.raw('SET LOCAL enable_sort = off');
    const sql = native.sql.replace(/\$(\d+)/g, (_, n) => `'${String(native.bindings[Number(n) - 1]).replace(/'/g, "''")}'`);
    return (await trx.raw(`EXPLAIN ${sql}`)).rows.map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN']).join('\n');
  });
}

test('list pages walk the (domain_id, name) index without sorting, filtered or not', async (t) => {
  const { ctx, clock, testDb, domain } = await seedTable();
  try {
    // Statistics as a running database has them (they once made SQLite sort a joined query).
    await ctx.db.raw('ANALYZE');
    const now = clock.now();
    const queries = [
      { limit: 51 },
      { limit: 51, after: 'u-m' },
      { limit: 51, search: 'paired' },
      ...STATUS_FILTERS.map((value) => ({ limit: 51, status: { value, now } })),
    ];
    for (const query of queries) {
      const plan = await planOf(testDb, accountPageQuery(ctx.db, domain, query) as unknown as Knex.QueryBuilder);
      t.regex(plan, /accounts_domain_id_name_unique/, JSON.stringify(query));
      t.notRegex(plan, testDb.kind === 'sqlite' ? /TEMP B-TREE/ : /\bSort\b/, JSON.stringify(query));
    }
  } finally {
    await testDb.destroy();
  }
});

test('counting locked accounts reads only the index of locked accounts', async (t) => {
  const { ctx, clock, testDb, domain } = await seedTable();
  try {
    await ctx.db.raw('ANALYZE');
    const query = accountCountQuery(ctx.db, domain, { status: { value: 'locked', now: clock.now() } }, 10_000);
    t.regex(await planOf(testDb, query as unknown as Knex.QueryBuilder), /accounts_domain_id_locked_until_index/);
  } finally {
    await testDb.destroy();
  }
});
