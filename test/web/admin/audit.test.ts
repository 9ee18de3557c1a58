import test from 'ava';
import { recordAudit } from '../../../src/repos/audit.js';
import { AUDIT_PAGE_SIZE } from '../../../src/services/audit-query.js';
import { parseAuditFilters } from '../../../src/web/admin/audit-filters.js';
import { accountPath, accountsFixture, textOf } from './accounts-fixture.js';
import { threeTests } from './helpers.js';

const DAY = 24 * 60 * 60 * 1000;

/** The events a user's sign-ins leave, a day apart, from two domains. */
async function seedChallenges(fixture: Awaited<ReturnType<typeof accountsFixture>>) {
  const { ctx, server } = fixture;
  const start = server.clock.now();
  await recordAudit(ctx.db, { actor: { kind: 'user', name: 'alice@example.com', ip: '198.51.100.7' }, domain: 'example.com', subject: 'alice@example.com', event: 'challenge.failed', detail: 'wrong code' }, start + DAY);
  await recordAudit(ctx.db, { actor: { kind: 'user', name: 'alice@example.com', ip: '198.51.100.7' }, domain: 'example.com', subject: 'alice@example.com', event: 'challenge.succeeded' }, start + 2 * DAY);
  await recordAudit(ctx.db, { actor: { kind: 'cli', name: 'admin', ip: null }, domain: 'other.example', subject: 'zed@other.example', event: 'key.reset' }, start + 2 * DAY);
}

function rowsOf(page: Awaited<ReturnType<Awaited<ReturnType<typeof accountsFixture>>['admin']['get']>>): string[] {
  return page.$('table.audit tbody tr').map((_, tr) => page.$(tr).find('td').map((__, td) => page.$(td).text().trim()).get().join(' | ')).get();
}

test('the three tests: the audit log', async (t) => {
  const fixture = await accountsFixture();
  try {
    await seedChallenges(fixture);
    await threeTests(t, fixture.server, '/admin/audit', (page) => {
      t.is(textOf(page, 'h1'), 'Audit Log');
      t.is(page.$('.admin-nav a[aria-current=page]').text(), 'Audit Log');
      // The three tests add a WebMail user of their own; leave its events aside.
      t.deepEqual(rowsOf(page).filter((row) => !row.includes('webmail.example')).slice(0, 3), [
        '2026-11-30 09:00 UTC | Secret key reset | zed@other.example | CLI admin |  | ',
        '2026-11-30 09:00 UTC | Challenge passed | alice@example.com | user alice@example.com | 198.51.100.7 | ',
        '2026-11-29 09:00 UTC | Challenge failed | alice@example.com | user alice@example.com | 198.51.100.7 | wrong code',
      ]);
    });
  } finally {
    await fixture.server.close();
  }
});

test('filters by domain, account, event type and dates, and keeps them in the form', async (t) => {
  const fixture = await accountsFixture();
  try {
    await seedChallenges(fixture);
    const { admin } = fixture;
    const byAccount = await admin.get('/admin/audit?account=Alice@Example.com');
    t.true(rowsOf(byAccount).every((row) => row.includes('alice@example.com')));
    t.true(rowsOf(byAccount).length >= 3, 'challenges and the account creation');
    t.is(byAccount.$('input[name=account]').attr('value'), 'alice@example.com');
    const byDomain = await admin.get('/admin/audit?domain=other.example');
    t.deepEqual(rowsOf(byDomain).map((row) => row.split(' | ')[1]), ['Secret key reset']);
    const byEvent = await admin.get('/admin/audit?event=challenge.failed');
    t.is(rowsOf(byEvent).length, 1);
    t.is(byEvent.$('select[name=event] option[selected]').attr('value'), 'challenge.failed');
    const byDay = await admin.get('/admin/audit?from=2026-11-29&to=2026-11-29');
    t.deepEqual(rowsOf(byDay).map((row) => row.split(' | ')[1]), ['Challenge failed']);
    const since = await admin.get('/admin/audit?from=2026-11-30');
    t.is(rowsOf(since).length, 2);
    const until = await admin.get('/admin/audit?to=2026-11-28&event=challenge.failed');
    t.is(rowsOf(until).length, 0);
    t.regex(until.text, /No events match/);
    t.is(until.$('a:contains("Clear filters")').attr('href'), '/admin/audit');
  } finally {
    await fixture.server.close();
  }
});

test('"Older" pages walk back by id, keeping the filters', async (t) => {
  const fixture = await accountsFixture();
  try {
    const { ctx, server, admin } = fixture;
    for (let i = 0; i < AUDIT_PAGE_SIZE + 10; i++) {
      await recordAudit(ctx.db, { actor: { kind: 'user', name: 'bob@example.com', ip: '192.0.2.1' }, domain: 'example.com', subject: 'bob@example.com', event: 'challenge.failed', detail: `try ${i}` }, server.clock.now() + i);
    }
    const first = await admin.get('/admin/audit?event=challenge.failed');
    t.is(rowsOf(first).length, AUDIT_PAGE_SIZE);
    t.regex(rowsOf(first)[0], /try 59$/);
    t.is(first.$('a:contains("Newest")').length, 0);
    const olderHref = first.$('a[rel=next]').attr('href')!;
    t.regex(olderHref, /^\/admin\/audit\?event=challenge.failed&before=\d+$/);
    const older = await admin.get(olderHref);
    t.deepEqual(rowsOf(older).map((row) => row.split(' | ').pop()), Array.from({ length: 10 }, (_, i) => `try ${9 - i}`));
    t.is(older.$('a[rel=next]').length, 0);
    t.is(older.$('a:contains("Newest")').attr('href'), '/admin/audit?event=challenge.failed');
  } finally {
    await fixture.server.close();
  }
});

test('the account page lists its last 20 events and links to its filtered log', async (t) => {
  const fixture = await accountsFixture();
  try {
    const { ctx, server, admin } = fixture;
    for (let i = 0; i < 25; i++) {
      await recordAudit(ctx.db, { actor: { kind: 'user', name: 'alice@example.com', ip: '192.0.2.1' }, domain: 'example.com', subject: 'alice@example.com', event: 'challenge.succeeded', detail: `n${i}` }, server.clock.now() + i);
    }
    const page = await admin.get(accountPath('alice'));
    t.is(rowsOf(page).length, 20);
    t.regex(rowsOf(page)[0], /Challenge passed \| alice@example\.com \| user alice@example\.com \| 192\.0\.2\.1 \| n24/);
    const log = await admin.get(page.$('a:contains("Full audit log of this account")').attr('href')!);
    t.is(rowsOf(log).length, 26);
  } finally {
    await fixture.server.close();
  }
});

test('bad filters answer 400 with the message beside the field', async (t) => {
  const fixture = await accountsFixture();
  try {
    const cases: [string, string, RegExp][] = [
      ['from=2026-13-01', 'from', /YYYY-MM-DD/],
      ['from=2026-02-30', 'from', /YYYY-MM-DD/],
      ['to=yesterday', 'to', /YYYY-MM-DD/],
      ['from=2026-11-30&to=2026-11-01', 'to', /must not be before/],
      ['event=nothing.happened', 'event', /event types in the list/],
      ['event=constructor', 'event', /event types in the list/],
      [`domain=${'x'.repeat(10 * 1024)}`, 'domain', /too long/],
      ['account=a&account=b', 'account', /too long/],
    ];
    for (const [query, field, message] of cases) {
      const page = await fixture.admin.get(`/admin/audit?${query}`);
      t.is(page.status, 400, query.slice(0, 40));
      t.regex(textOf(page, `#f-${field}-error`), message);
      t.is(page.$('table.audit').length, 0);
    }
    for (const before of ['0', '-1', 'abc', '1e9', '99999999999999999999']) {
      const page = await fixture.admin.get(`/admin/audit?before=${before}`);
      t.is(page.status, 400, before);
      t.regex(textOf(page, '.flash.error'), /page link is not valid/);
    }
  } finally {
    await fixture.server.close();
  }
});

test('filter parsing: whole UTC days, inclusive, and addresses in lower case', (t) => {
  const parsed = parseAuditFilters((name) => ({ from: '2026-11-28', to: '2026-11-28', account: ' Bob@Example.COM ', domain: 'Example.com', event: '' })[name]);
  t.deepEqual(parsed.errors, {});
  t.deepEqual(parsed.query, { from: Date.UTC(2026, 10, 28), to: Date.UTC(2026, 10, 29) - 1, subject: 'bob@example.com', domain: 'example.com' });
  const admin = parseAuditFilters((name) => (name === 'account' ? 'Admin' : undefined));
  t.is(admin.query.subject, 'Admin', 'administrator names keep their case');
  t.deepEqual(parseAuditFilters(() => undefined), { values: { domain: '', account: '', address: '', event: '', from: '', to: '' }, query: {}, errors: {} });
});
