import fs from 'node:fs';
import anyTest, { type TestFn } from 'ava';
import { Browser, startTestServer } from '../helpers/http.js';
import { mailClient } from '../helpers/mail-client.js';
import { mailServerAvailable, startTestMailServer } from '../helpers/mail-server.js';
import { answer, codeNow, logIn, makeAccount, PASSWORD } from '../web/webmail/helpers.js';

const test = anyTest as TestFn<unknown>;

/** Every row of every table of the database, as text (binary columns as Latin-1, so any byte shows). */
async function everyRow(db: import('knex').Knex, kind: 'sqlite' | 'postgres'): Promise<string> {
  const tables: string[] =
    kind === 'sqlite'
      ? (await db.raw("SELECT name FROM sqlite_master WHERE type = 'table'")).map((row: { name: string }) => row.name)
      : (await db.raw('SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()')).rows.map((row: { table_name: string }) => row.table_name);
  const dump: string[] = [];
  for (const table of tables) {
    for (const row of await db(table).select('*')) {
      dump.push(JSON.stringify(row, (_, value) => (value && value.type === 'Buffer' ? Buffer.from(value.data).toString('latin1') : value)));
    }
  }
  return dump.join('\n');
}

if (mailServerAvailable(test)) {
  test('after signing in, reading and sending on the mail server, no row, session, log or mail-server file holds the user\'s password', async (t) => {
    const mail = await startTestMailServer();
    const server = await startTestServer(mail.config);
    try {
      await mail.serve(server.app.deps.services);
      const alice = await makeAccount(server, { setting: 'enabled', paired: true });
      await makeAccount(server, { name: 'bob' });
      t.like(await mailClient('lmtp_deliver', { port: mail.ports.lmtp, from: 'carol@outside.test', to: [alice.address], subject: 'Hello' }), { ok: true });
      const browser = new Browser(server.url);
      t.is((await logIn(browser, alice.address)).location, '/login/verify');
      t.is((await answer(browser, codeNow(server))).location, '/mail');
      const list = await browser.get('/mail');
      t.is(list.status, 200);
      await browser.get(`/mail/${list.$('input[name=ids]').first().val()}`);
      const compose = await browser.get('/mail/compose');
      t.is((await browser.submitMultipart(compose, { to: 'bob@example.com', subject: 'From WebMail', body: 'hi' })).status, 303);

      const forms = [PASSWORD, encodeURIComponent(PASSWORD), Buffer.from(PASSWORD).toString('base64'), Buffer.from(`\0${alice.address}\0${PASSWORD}`).toString('base64')];
      const rows = await everyRow(server.testDb.db, server.testDb.kind);
      t.true(rows.includes(alice.address), 'the dump does hold the account');
      const logs = [server.logs.join('\n'), ...[mail.files.dovecotLog, mail.files.postfixLog].filter((file) => fs.existsSync(file)).map((file) => fs.readFileSync(file, 'latin1'))];
      for (const form of forms) {
        t.false(rows.includes(form), `no database row holds ${form}`);
        for (const log of logs) t.false(log.includes(form), `no log holds ${form}`);
      }
      const sessions = await server.testDb.db('sessions').select('*');
      t.true(sessions.length > 0);
      t.false(JSON.stringify(sessions).includes(PASSWORD));
    } finally {
      await server.close();
      await mail.close();
    }
  });
}
