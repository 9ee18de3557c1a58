import test from 'ava';
import { deliverMessage, listMessages } from '../../../src/repos/messages.js';
import { Browser, startTestServer, type TestServer } from '../../helpers/http.js';
import { answer, codeNow, logIn, makeAccount, type TestAccount } from './helpers.js';

async function withMail(run: (server: TestServer, alice: TestAccount, browser: Browser) => Promise<void>): Promise<void> {
  const server = await startTestServer();
  try {
    const alice = await makeAccount(server);
    const db = server.testDb.db;
    server.clock.advance(60_000);
    await deliverMessage(db, { accountId: alice.account.id, sender: 'bob@example.com', subject: 'Lunch <b>today</b>?', body: 'Line one\n<script>alert(1)</script>', kind: 'mail' }, server.clock.now());
    server.clock.advance(60_000);
    await deliverMessage(db, { accountId: alice.account.id, sender: 'carol@example.com', subject: 'Newest', body: 'Hi', kind: 'mail' }, server.clock.now());
    const browser = new Browser(server.url);
    await logIn(browser, alice.address);
    await run(server, alice, browser);
  } finally {
    await server.close();
  }
}

test('the mailbox lists the account\'s messages newest first, unread ones bold, with navigation and sign-out', async (t) => {
  await withMail(async (_server, alice, browser) => {
    const page = await browser.get('/mail');
    t.is(page.status, 200);
    const subjects = page.$('.messages li .subject').map((_, el) => page.$(el).text().trim()).get();
    t.deepEqual(subjects, ['Newest', 'Lunch <b>today</b>?', 'Welcome to Twostep']);
    t.deepEqual(page.$('.messages li .from').map((_, el) => page.$(el).text().replace('Unread: ', '').trim()).get(), ['carol@example.com', 'bob@example.com', 'postmaster@example.com']);
    t.is(page.$('.messages li.unseen').length, 3);
    t.is(page.$('.messages b').length, 0, 'subjects are escaped');
    t.is(page.$('header nav a[aria-current=page]').text(), 'Mail');
    t.is(page.$('nav a[href="/settings"]').text(), 'Settings');
    t.is(page.$('.who').text(), `Signed in as ${alice.address}`);
    // The space stands outside the hidden words: inside them a screen reader reads "Signed in asalice@…".
    t.regex(page.$('.who .sr-only').get(0)!.next!.type === 'text' ? (page.$('.who .sr-only').get(0)!.next as unknown as { data: string }).data : '', /^ \S/);
    t.is(page.$('form[action="/logout"] input[name=_csrf]').length, 1);
    t.is(page.$('script').length, 0);
  });
});

test('opening a message shows it escaped and marks it read', async (t) => {
  await withMail(async (server, alice, browser) => {
    const [, lunch] = await listMessages(server.testDb.db, alice.account.id);
    const page = await browser.get(`/mail/${lunch.id}`);
    t.is(page.status, 200);
    t.is(page.$('article h1').text(), 'Lunch <b>today</b>?');
    t.is(page.$('.message-body').text(), 'Line one\n<script>alert(1)</script>');
    t.is(page.$('script').length, 0);
    t.is(page.$('a[href="/mail"]').last().text(), 'Back to Mail');
    const list = await browser.get('/mail');
    t.is(list.$('.messages li.unseen').length, 2);
    t.is(list.$(`.messages li:not(.unseen) a[href="/mail/${lunch.id}"]`).length, 1);
  });
});

test('another account\'s message and malformed ids are a 404', async (t) => {
  await withMail(async (server, _alice, browser) => {
    const bob = await makeAccount(server, { name: 'bob' });
    const [bobs] = await listMessages(server.testDb.db, bob.account.id);
    for (const path of [`/mail/${bobs.id}`, '/mail/0', '/mail/abc', '/mail/99999999999', '/mail/1.5', '/mail/%FF']) {
      const page = await browser.get(path);
      t.is(page.status, 404, path);
      t.is(page.$('h1').text(), 'Page not found', path);
    }
    const [stillUnseen] = await listMessages(server.testDb.db, bob.account.id);
    t.false(stillUnseen.seen);
  });
});

test('Mobile WebMail: lighter login, the same challenge, a mailbox, no 2-Step Verification options', async (t) => {
  const server = await startTestServer();
  try {
    const alice = await makeAccount(server, { setting: 'enabled', paired: true });
    const browser = new Browser(server.url);
    const login = await browser.get('/m/login');
    t.is(login.$('body').attr('class'), 'mobile');
    t.is(login.$('#username').attr('autocomplete'), 'username');
    t.is((await logIn(browser, alice.address, undefined, '/m/login')).location, '/m/login/verify');
    t.is((await browser.get('/m/mail')).location, '/m/login/verify');
    const challenge = await browser.get('/m/login/verify');
    t.is(challenge.$('#code').attr('autocomplete'), 'one-time-code');
    t.is(challenge.$('a[href="/m/login/verify/recovery"]').length, 1);
    t.is((await answer(browser, '000001', '/m/login/verify')).status, 401);
    t.is((await answer(browser, codeNow(server), '/m/login/verify')).location, '/m/mail');
    const mail = await browser.get('/m/mail');
    t.is(mail.status, 200);
    t.regex(mail.$('.messages').text(), /Welcome to Twostep/);
    t.is(mail.$('a[href^="/settings"]').length, 0);
    t.notRegex(mail.text, /Turn on|Configure|Revoke/);
    const [message] = await listMessages(server.testDb.db, alice.account.id);
    const open = await browser.get(`/m/mail/${message.id}`);
    t.is(open.$('a[href="/m/mail"]').text(), 'Back to Mail');
    const out = await browser.submitForm(mail, {}, 'form[action="/m/logout"]', '/m/mail');
    t.is(out.location, '/m/login?signedout=1');
    t.is((await browser.get('/m/mail')).location, '/m/login');
  } finally {
    await server.close();
  }
});
