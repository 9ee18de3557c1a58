import test from 'ava';
import { insertAccount } from '../../../src/repos/accounts.js';
import { listAudit } from '../../../src/repos/audit.js';
import { lockCodeEntry } from '../../../src/repos/two-factor.js';
import { createDomain } from '../../../src/services/domains.js';
import { TEST_ADMIN } from '../../helpers/services.js';
import { accountsFixture, textOf } from './accounts-fixture.js';
import { HOSTILE_VALUES, threeTests } from './helpers.js';

const LIST = '/admin/domains/example.com/accounts';

test('the three tests: Manage Accounts and the account list', async (t) => {
  const { server } = await accountsFixture();
  try {
    await threeTests(t, server, LIST, (page) => {
      t.regex(textOf(page, 'h1'), /Manage Accounts example\.com/);
      t.is(page.$('tbody tr').length, 3);
    });
    await threeTests(t, server, '/admin/accounts?q=example.com', (page) => t.is(textOf(page, '.domain-picker'), 'example.com'));
  } finally {
    await server.close();
  }
});

test('Manage Accounts goes straight to the only domain, or lets the admin choose', async (t) => {
  const { server, ctx, admin } = await accountsFixture();
  try {
    const only = await admin.get('/admin/accounts');
    t.is(only.location, LIST);
    await createDomain(ctx, TEST_ADMIN, 'other.example', 'Secret-123');
    const picker = await admin.get('/admin/accounts');
    t.is(picker.status, 200);
    t.deepEqual(picker.$('.domain-picker a').map((_, a) => picker.$(a).attr('href')).get(), [LIST, '/admin/domains/other.example/accounts']);
    t.is(picker.$('.admin-nav a[aria-current=page]').text(), 'Manage Accounts');
  } finally {
    await server.close();
  }
});

test('each row shows the effective setting with its source and the state', async (t) => {
  const { server, ctx, admin, domain, account } = await accountsFixture();
  try {
    const bob = await account('bob');
    await lockCodeEntry(ctx.db, { kind: 'account', id: bob.id }, 1, server.clock.now() + 60_000);
    const page = await admin.get(LIST);
    const rows = page.$('tbody tr').map((_, tr) => page.$(tr).find('td').map((__, td) => page.$(td).text().trim()).get().slice(0, 4).join(' | ')).get();
    t.deepEqual(rows, [
      "alice@example.com | Alice Liddell | enabled, inherited from the domain's Account Defaults | enabled, not configured",
      'bob@example.com |  | mandatory, inherited from class staff | locked',
      "postmaster@example.com |  | enabled, inherited from the domain's Account Defaults | enabled, not configured",
    ]);
    t.true(page.$('tbody tr').eq(1).find('.badge').hasClass('bad'));
    t.deepEqual(page.$('tbody a:contains("Remove")').map((_, a) => page.$(a).attr('href')).get(), ['/admin/domains/example.com/accounts/alice/remove', '/admin/domains/example.com/accounts/bob/remove'], 'the postmaster goes only with its domain');
    t.is(textOf(page, '#account-count'), '3 accounts.');
    const locked = await admin.get(`${LIST}?state=locked`);
    t.deepEqual(locked.$('tbody td:first-child').map((_, td) => locked.$(td).text()).get(), ['bob@example.com']);
    t.is(locked.$('select[name=state] option[selected]').attr('value'), 'locked');
    server.clock.advance(61_000);
    const later = await admin.get(`${LIST}?state=locked`);
    t.is(later.$('tbody tr').length, 0);
    t.regex(later.text, /No account matches/);
    const searched = await admin.get(`${LIST}?q=LIC`);
    t.deepEqual(searched.$('tbody td:first-child').map((_, td) => searched.$(td).text()).get(), ['alice@example.com']);
    t.is(searched.$('input[name=q]').attr('value'), 'LIC');
    t.is(domain.name, 'example.com');
  } finally {
    await server.close();
  }
});

test('pages follow the last name shown, with a first-page link and the filters kept', async (t) => {
  const { server, ctx, admin, domain } = await accountsFixture();
  try {
    const rows = Array.from({ length: 120 }, (_, i) => `user${String(i).padStart(3, '0')}`);
    for (const name of rows) await insertAccount(ctx.db, { domainId: domain.id, name, passwordHash: 'x' }, server.clock.now());
    const first = await admin.get(`${LIST}?q=user`);
    t.is(first.$('tbody tr').length, 50);
    t.is(textOf(first, '#account-count'), '120 accounts matching “user”.');
    t.is(first.$('a:contains("First page")').length, 0);
    const next = first.$('a[rel=next]').attr('href')!;
    t.is(next, `${LIST}?q=user&after=user049`);
    const second = await admin.get(next);
    t.is(second.$('tbody td:first-child').first().text(), 'user050@example.com');
    t.is(second.$('a:contains("First page")').attr('href'), `${LIST}?q=user`);
    const third = await admin.get(second.$('a[rel=next]').attr('href')!);
    t.is(third.$('tbody tr').length, 20);
    t.is(third.$('a[rel=next]').length, 0);
  } finally {
    await server.close();
  }
});

test('bad list queries answer 400 with the message beside the field', async (t) => {
  const { server, admin } = await accountsFixture();
  try {
    const state = await admin.get(`${LIST}?state=bogus`);
    t.is(state.status, 400);
    t.is(textOf(state, '#state-error'), 'Choose one of the states in the list.');
    t.is(state.$('tbody tr').length, 3, 'the unfiltered list is still shown');
    const long = await admin.get(`${LIST}?q=${'x'.repeat(10 * 1024)}`);
    t.is(long.status, 400);
    t.is(textOf(long, '#q-error'), 'The search text is too long.');
    const repeated = await admin.get(`${LIST}?q=a&q=b`);
    t.is(repeated.status, 400);
    const badBytes = await admin.get(`${LIST}?q=%ff%fe`);
    t.is(badBytes.status, 200, 'bytes that are not UTF-8 are searched for like any text');
    t.regex(badBytes.text, /No account matches/);
    const unknown = await admin.get('/admin/domains/nowhere.example/accounts');
    t.is(unknown.status, 404);
    t.regex(unknown.text, /There is no domain nowhere\.example/);
  } finally {
    await server.close();
  }
});

test('adding an account: it inherits from the chosen class and its page opens with a message', async (t) => {
  const { server, ctx, admin, account } = await accountsFixture();
  try {
    const added = await admin.submit(LIST, { name: 'Carol', firstName: 'Carol', lastName: 'Danvers', password: 'correct horse', inherit: 'staff' }, 'details form');
    t.is(added.status, 303);
    t.is(added.location, '/admin/domains/example.com/accounts/carol');
    const page = await admin.follow(added);
    t.is(textOf(page, '.flash.ok'), 'The account carol@example.com was added.');
    t.is(textOf(page, '#tsv-setting'), 'mandatory, inherited from class staff');
    const carol = await account('carol');
    t.like(carol, { className: 'staff', firstName: 'Carol', lastName: 'Danvers' });
    const events = await listAudit(ctx.db, { subject: 'carol@example.com', limit: 5 });
    t.deepEqual(events.map((e) => e.event).sort(), ['account.created', 'class.changed']);
    t.true(events.every((e) => e.actor.kind === 'admin' && e.actor.name === 'admin' && e.actor.ip === '127.0.0.1'));
  } finally {
    await server.close();
  }
});

test('adding an account with bad input re-shows the form with errors beside the fields and adds nothing', async (t) => {
  const { server, ctx, admin } = await accountsFixture();
  try {
    const cases: [Record<string, string | string[]>, string, RegExp, number][] = [
      [{ name: '', password: 'correct horse' }, 'name', /Enter the account name/, 400],
      [{ name: 'bad name', password: 'correct horse' }, 'name', /not a valid account name/, 400],
      [{ name: 'alice', password: 'correct horse' }, 'name', /already exists/, 409],
      [{ name: 'dave', password: 'short' }, 'password', /at least 8/, 400],
      [{ name: 'dave', password: '' }, 'password', /Enter a password/, 400],
      [{ name: 'dave', password: 'correct horse', inherit: 'ghost' }, 'inherit', /domain defaults or one of the account classes/, 400],
      [{ name: HOSTILE_VALUES.array, password: 'correct horse' }, 'name', /too long/, 400],
      [{ name: 'dave', password: HOSTILE_VALUES.huge }, 'password', /too long/, 400],
      [{ name: 'dave', password: 'correct horse', firstName: HOSTILE_VALUES.huge }, 'firstName', /at most 100/, 400],
    ];
    const before = await ctx.db('accounts').count({ n: '*' }).first();
    for (const [fields, field, message, status] of cases) {
      const form = await admin.get(LIST);
      const page = await admin.submitForm(form, fields as Record<string, string>, 'details form');
      t.is(page.status, status, JSON.stringify(fields).slice(0, 80));
      t.regex(textOf(page, `#f-${field}-error`), message);
      t.is(page.$('details[open]').length, 1, 'the add form stays open');
      if (field !== 'name' && typeof fields.name === 'string') t.is(page.$('input[name=name]').attr('value'), fields.name);
    }
    t.deepEqual(await ctx.db('accounts').count({ n: '*' }).first(), before);
  } finally {
    await server.close();
  }
});

test('an account name in bytes that are not UTF-8 is refused beside the field', async (t) => {
  const { server, admin } = await accountsFixture();
  try {
    const form = await admin.get(LIST);
    const csrf = encodeURIComponent(form.$('details input[name=_csrf]').attr('value')!);
    const page = await admin.post(LIST, `_csrf=${csrf}&name=caf%E9&password=correct+horse`);
    t.is(page.status, 400);
    t.regex(textOf(page, '#f-name-error'), /not a valid account name/);
  } finally {
    await server.close();
  }
});
