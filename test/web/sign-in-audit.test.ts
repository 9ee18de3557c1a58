import test from 'ava';
import { listAudit } from '../../src/repos/audit.js';
import { openCli, PEER } from '../cli/helpers.js';
import { ADMIN_PASSWORD, Browser, startTestServer } from '../helpers/http.js';
import { signedInAdmin } from './admin/helpers.js';
import { logIn, makeAccount, PASSWORD } from './webmail/helpers.js';

// Password sign-ins, passed and failed, through every door are audit events with the client address;
// a burst is one row per login, address, result and minute, with a count.

test('WebMail, Mobile WebMail and WebAdmin sign-ins are audited with the client address, bursts as one row with a count', async (t) => {
  const server = await startTestServer();
  try {
    const alice = await makeAccount(server);
    const browser = new Browser(server.url);
    for (let i = 0; i < 3; i++) t.is((await logIn(browser, alice.address, `guess-${i}`)).status, 401);
    t.is((await logIn(new Browser(server.url), alice.address)).status, 303);
    t.is((await logIn(new Browser(server.url), alice.address, 'guess-m', '/m/login')).status, 401);
    t.is((await new Browser(server.url).submit('/admin/login', { name: 'admin', password: 'not-it' })).status, 401);

    const rows = (await listAudit(server.testDb.db, { limit: 20 })).filter((row) => row.event.startsWith('signin.'));
    t.deepEqual(
      rows.map((row) => [row.event, row.subject, row.actor.ip, row.detail, row.count]),
      [
        ['signin.failed', 'admin', '127.0.0.1', 'WebAdmin: wrong password or unknown login', 1],
        ['signin.failed', alice.address, '127.0.0.1', 'Mobile WebMail: wrong password or unknown login', 1],
        ['signin.succeeded', alice.address, '127.0.0.1', 'WebMail: password accepted', 1],
        ['signin.failed', alice.address, '127.0.0.1', 'WebMail: wrong password or unknown login', 3],
      ],
    );
    t.is(rows[3].domain, 'example.com');

    server.clock.advance(60_000);
    await logIn(browser, alice.address, 'guess-later');
    const failed = await listAudit(server.testDb.db, { event: 'signin.failed', subject: alice.address, limit: 5 });
    t.deepEqual(failed.map((row) => row.count), [1, 1, 3], 'a new minute starts a new row');

    // WebAdmin's Audit Log shows them, filtered by client address, with the count.
    const admin = await signedInAdmin(server);
    const page = await admin.get('/admin/audit?address=127.0.0.1&event=signin.failed');
    t.is(page.status, 200);
    const details = page.$('table.audit tbody tr td[data-label=Detail]').map((_, td) => page.$(td).text().trim()).get();
    t.true(details.includes('WebMail: wrong password or unknown login (repeated 3 times)'), details.join(' | '));
    t.is(page.$('#f-address').attr('value'), '127.0.0.1');
    const elsewhere = await admin.get('/admin/audit?address=198.51.100.1');
    t.is(elsewhere.$('table.audit tbody tr').length, 0);
  } finally {
    await server.close();
  }
});

test('an unknown login is audited as typed, and a throttled one as refused', async (t) => {
  const server = await startTestServer();
  try {
    for (let i = 0; i < 6; i++) await logIn(new Browser(server.url), 'Nobody@Example.COM', `guess-${i}`);
    const rows = await listAudit(server.testDb.db, { subject: 'nobody@example.com', limit: 5 });
    t.deepEqual(
      rows.map((row) => [row.detail, row.count]),
      [
        ['WebMail: refused: too many failed sign-ins, waiting for the delay', 1],
        ['WebMail: wrong password or unknown login', 5],
      ],
    );
  } finally {
    await server.close();
  }
});

test('CLI sign-ins are audited with the client address', async (t) => {
  const cli = await openCli(t);
  try {
    await cli.ok('USER admin');
    await cli.err('wrong-password');
    await cli.login();
    const rows = (await listAudit(cli.ctx.db, { subject: 'admin', limit: 5 })).filter((row) => row.event.startsWith('signin.'));
    t.deepEqual(
      rows.map((row) => [row.event, row.actor.kind, row.actor.ip, row.detail]),
      [
        ['signin.succeeded', 'cli', PEER, 'CLI: password accepted'],
        ['signin.failed', 'cli', PEER, 'CLI: wrong password or unknown login'],
      ],
    );
  } finally {
    await cli.testDb.destroy();
  }
});
