import test from 'ava';
import { listAppPasswords } from '../../../src/repos/app-passwords.js';
import { listAudit } from '../../../src/repos/audit.js';
import { listMessages } from '../../../src/repos/messages.js';
import { applyAccountChanges, type AccountRecord } from '../../../src/services/accounts.js';
import { createAppPassword, matchAppPassword, noteAppPasswordUse } from '../../../src/services/app-passwords.js';
import type { ServiceContext } from '../../../src/services/context.js';
import { TEST_ADMIN } from '../../helpers/services.js';
import { accountPath, accountsFixture, textOf, type AccountsFixture } from './accounts-fixture.js';
import { threeTests } from './helpers.js';

const KEY = 'JBSWY3DPEHPK3PXP';

/** alice with 2-Step Verification configured and two app passwords, "Thunderbird on the laptop" used once over IMAP. */
async function withAppPasswords(fixture: AccountsFixture): Promise<{ alice: AccountRecord; ids: Record<string, number> }> {
  const { ctx, domain } = fixture;
  const alice = await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'provisionKey', key: KEY }]);
  const user = { kind: 'user' as const, name: alice.address, ip: '192.0.2.7' };
  const laptop = await createAppPassword(ctx, user, alice, 'Thunderbird on the laptop');
  await createAppPassword(ctx, user, alice, 'Phone');
  const used = await matchAppPassword(ctx, alice, laptop.password);
  await noteAppPasswordUse(ctx, alice, used!, { ip: '198.51.100.4', service: 'imap' });
  const ids = Object.fromEntries((await listAppPasswords(ctx.db, alice.id)).map((row) => [row.name, row.id]));
  return { alice, ids };
}

function rows(page: { $: import('cheerio').CheerioAPI }): string[][] {
  return page.$('#app-passwords tbody tr').toArray().map((tr) => page.$(tr).find('td').toArray().map((td) => page.$(td).text().replace(/\s+/g, ' ').trim()));
}

async function notices(ctx: ServiceContext, account: AccountRecord): Promise<string[]> {
  return (await listMessages(ctx.db, account.id)).filter((m) => m.kind === 'notice').map((m) => m.subject);
}

test('the General tab lists the app passwords with created, last use, address and protocol, or "Never used"', async (t) => {
  const fixture = await accountsFixture();
  try {
    const { server, admin } = fixture;
    const empty = await admin.get(accountPath('alice'));
    t.regex(textOf(empty, '#app-passwords'), /No app passwords\./);
    t.is(empty.$('#app-passwords a:contains("Revoke")').length, 0);
    const { ids } = await withAppPasswords(fixture);
    await threeTests(t, server, accountPath('alice'), (page) => {
      const created = new Date(server.clock.now()).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
      t.deepEqual(rows(page), [
        ['Thunderbird on the laptop', created, created, '198.51.100.4', 'IMAP', 'Revoke Thunderbird on the laptop'],
        ['Phone', created, 'Never used', '', '', 'Revoke Phone'],
      ]);
      t.is(page.$('#app-passwords tbody tr').eq(1).find('a').attr('href'), accountPath('alice', `app-passwords/${ids.Phone}/revoke`));
      t.is(page.$('#app-passwords a:contains("Revoke all")').attr('href'), accountPath('alice', 'app-passwords/revoke'));
    });
  } finally {
    await fixture.server.close();
  }
});

test('"Revoke" asks first, then revokes that one app password, audited as the admin, with a notice to the user', async (t) => {
  const fixture = await accountsFixture();
  try {
    const { server, ctx, admin } = fixture;
    const { alice, ids } = await withAppPasswords(fixture);
    const confirmPath = accountPath('alice', `app-passwords/${ids.Phone}/revoke`);
    await threeTests(t, server, confirmPath, (page) => {
      t.is(textOf(page, '.dialog h1'), 'Revoke the app password "Phone" of alice@example.com?');
      t.is(textOf(page, '.dialog button[type=submit]'), 'Revoke');
      t.is(page.$('.dialog a:contains("Cancel")').attr('href'), accountPath('alice'));
    });
    t.deepEqual((await listAppPasswords(ctx.db, alice.id)).map((row) => row.name), ['Thunderbird on the laptop', 'Phone'], 'asking changed nothing');
    const done = await admin.submit(confirmPath, {}, '.dialog form');
    t.is(done.status, 303);
    t.is(done.location, accountPath('alice'));
    const page = await admin.follow(done);
    t.is(textOf(page, '.flash.ok'), 'The app password "Phone" of alice@example.com was revoked.');
    t.deepEqual(rows(page).map((row) => row[0]), ['Thunderbird on the laptop']);
    t.deepEqual((await listAppPasswords(ctx.db, alice.id)).map((row) => row.name), ['Thunderbird on the laptop']);
    const [event] = await listAudit(ctx.db, { subject: 'alice@example.com', event: 'app_password.revoked', limit: 5 });
    t.like(event, { detail: 'Phone', actor: { kind: 'admin', name: 'admin', ip: '127.0.0.1' } });
    t.regex(textOf(page, 'table.audit'), /App password revoked/);
    t.true((await notices(ctx, alice)).some((subject) => /app password/i.test(subject)));
    const twice = await admin.post(confirmPath, { _csrf: page.$('#add-key input[name=_csrf]').attr('value')! });
    t.is(twice.status, 404, 'a revoked one cannot be revoked again');
    t.regex(twice.text, /There is no app password for alice@example\.com/);
  } finally {
    await fixture.server.close();
  }
});

test('"Revoke all" asks first, then revokes every app password of the account and says how many', async (t) => {
  const fixture = await accountsFixture();
  try {
    const { server, ctx, admin } = fixture;
    const { alice } = await withAppPasswords(fixture);
    await threeTests(t, server, accountPath('alice', 'app-passwords/revoke'), (page) => {
      t.is(textOf(page, '.dialog h1'), 'Revoke all app passwords of alice@example.com?');
      t.is(textOf(page, '.dialog button[type=submit]'), 'Revoke all');
    });
    const page = await admin.follow(await admin.submit(accountPath('alice', 'app-passwords/revoke'), {}, '.dialog form'));
    t.is(textOf(page, '.flash.ok'), 'All 2 app passwords of alice@example.com were revoked.');
    t.regex(textOf(page, '#app-passwords'), /No app passwords\./);
    t.is((await listAppPasswords(ctx.db, alice.id)).length, 0);
    const [event] = await listAudit(ctx.db, { subject: 'alice@example.com', event: 'app_passwords.revoked', limit: 5 });
    t.like(event, { detail: '2 app passwords', actor: { kind: 'admin', name: 'admin' } });
    const none = await admin.follow(await admin.submit(accountPath('alice', 'app-passwords/revoke'), {}, '.dialog form'));
    t.is(textOf(none, '.flash.ok'), 'alice@example.com had no app passwords to revoke.');
    t.is((await listAudit(ctx.db, { subject: 'alice@example.com', event: 'app_passwords.revoked', limit: 5 })).length, 1, 'nothing to revoke writes nothing');
  } finally {
    await fixture.server.close();
  }
});

test('revoking without a CSRF token is refused with 403 and changes nothing', async (t) => {
  const fixture = await accountsFixture();
  try {
    const { ctx, admin } = fixture;
    const { alice, ids } = await withAppPasswords(fixture);
    for (const sub of [`app-passwords/${ids.Phone}/revoke`, 'app-passwords/revoke']) {
      t.is((await admin.post(accountPath('alice', sub), {})).status, 403, sub);
      t.is((await admin.post(accountPath('alice', sub), { _csrf: 'forged' })).status, 403, `${sub} with a forged token`);
    }
    t.is((await listAppPasswords(ctx.db, alice.id)).length, 2);
    t.is((await listAudit(ctx.db, { subject: 'alice@example.com', event: 'app_password.revoked', limit: 5 })).length, 0);
  } finally {
    await fixture.server.close();
  }
});

test('an unknown app password, another account\'s, or an id that is no number answers 404 and changes nothing', async (t) => {
  const fixture = await accountsFixture();
  try {
    const { ctx, admin, domain } = fixture;
    const { alice, ids } = await withAppPasswords(fixture);
    const bob = await applyAccountChanges(ctx, TEST_ADMIN, domain, 'bob', [{ op: 'provisionKey', key: KEY }]);
    await createAppPassword(ctx, TEST_ADMIN, bob, 'Bob phone');
    const bobId = (await listAppPasswords(ctx.db, bob.id))[0].id;
    const csrf = (await admin.get(accountPath('alice'))).$('#add-key input[name=_csrf]').attr('value')!;
    for (const id of [String(bobId), '999999', '0', 'abc', '1e3', '-1', `${ids.Phone}.0`, '9'.repeat(40)]) {
      const path = accountPath('alice', `app-passwords/${encodeURIComponent(id)}/revoke`);
      t.is((await admin.get(path)).status, 404, `GET ${id}`);
      t.is((await admin.post(path, { _csrf: csrf })).status, 404, `POST ${id}`);
    }
    t.is((await admin.get(accountPath('nobody', `app-passwords/${ids.Phone}/revoke`))).status, 404);
    t.is((await admin.get(`/admin/domains/nowhere.example/accounts/alice/app-passwords/revoke`)).status, 404);
    t.is((await listAppPasswords(ctx.db, alice.id)).length, 2);
    t.is((await listAppPasswords(ctx.db, bob.id)).length, 1);
  } finally {
    await fixture.server.close();
  }
});
