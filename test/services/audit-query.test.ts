import test from 'ava';
import { recordAudit } from '../../src/repos/audit.js';
import { AUDIT_PAGE_SIZE, listAuditPage, RECENT_EVENTS, recentEventsAbout } from '../../src/services/audit-query.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

test('listAuditPage answers the newest page of what passes the filters, and the key of the next older page', async (t) => {
  const { ctx, testDb } = await openServices();
  try {
    const total = AUDIT_PAGE_SIZE * 2 + 3;
    for (let i = 0; i < total; i++) {
      const domain = i % 2 === 0 ? 'example.com' : 'other.org';
      await recordAudit(ctx.db, { actor: TEST_ADMIN, domain, subject: `u${i}@${domain}`, event: i % 3 === 0 ? 'account.created' : 'password.changed' }, 1_000 + i);
    }
    const first = await listAuditPage(ctx, {});
    t.is(first.events.length, AUDIT_PAGE_SIZE);
    t.is(first.events[0].at, 1_000 + total - 1, 'newest first');
    t.is(first.olderThan, first.events[AUDIT_PAGE_SIZE - 1].id);
    const second = await listAuditPage(ctx, { beforeId: first.olderThan! });
    t.is(second.events.length, AUDIT_PAGE_SIZE);
    t.true(second.events.every((event) => event.id < first.olderThan!));
    const last = await listAuditPage(ctx, { beforeId: second.olderThan! });
    t.is(last.events.length, 3);
    t.is(last.olderThan, null, 'nothing older on the last page');

    const cases: { filters: Parameters<typeof listAuditPage>[1]; count: number }[] = [
      { filters: { domain: 'other.org' }, count: (total - 1) / 2 },
      { filters: { event: 'account.created' }, count: Math.ceil(total / 3) },
      { filters: { domain: 'example.com', event: 'account.created' }, count: Math.ceil(total / 6) },
      { filters: { subject: 'u4@example.com' }, count: 1 },
      { filters: { from: 1_010, to: 1_019 }, count: 10 },
      { filters: { domain: 'nowhere.example' }, count: 0 },
    ];
    for (const { filters, count } of cases) {
      const page = await listAuditPage(ctx, filters);
      t.is(page.events.length, Math.min(count, AUDIT_PAGE_SIZE), JSON.stringify(filters));
      t.is(page.olderThan === null, count <= AUDIT_PAGE_SIZE, JSON.stringify(filters));
    }
  } finally {
    await testDb.destroy();
  }
});

test('recentEventsAbout answers the newest events about one subject only', async (t) => {
  const { ctx, testDb } = await openServices();
  try {
    for (let i = 0; i < RECENT_EVENTS + 5; i++) await recordAudit(ctx.db, { actor: TEST_ADMIN, subject: 'alice@example.com', event: 'password.changed' }, 1_000 + i);
    await recordAudit(ctx.db, { actor: TEST_ADMIN, subject: 'bob@example.com', event: 'password.changed' }, 5_000);
    const events = await recentEventsAbout(ctx, 'alice@example.com');
    t.is(events.length, RECENT_EVENTS);
    t.is(events[0].at, 1_000 + RECENT_EVENTS + 4);
    t.true(events.every((event) => event.subject === 'alice@example.com'));
  } finally {
    await testDb.destroy();
  }
});
