import test from 'ava';
import { composeMime } from '../../../src/mail-protocol/mime.js';
import { deliverMessage, listMessages } from '../../../src/repos/messages.js';
import { Browser, startTestServer, type Page, type TestServer } from '../../helpers/http.js';
import { logIn, makeAccount, type TestAccount } from './helpers.js';

interface World {
  server: TestServer;
  alice: TestAccount;
  bob: TestAccount;
  browser: Browser;
}

async function withMailbox(run: (world: World) => Promise<void>, overrides = {}): Promise<void> {
  const server = await startTestServer(overrides);
  try {
    const alice = await makeAccount(server);
    const bob = await makeAccount(server, { name: 'bob' });
    const db = server.testDb.db;
    for (let i = 1; i <= 3; i++) {
      server.clock.advance(60_000);
      await deliverMessage(db, { accountId: alice.account.id, sender: 'carol@example.com', subject: `Note ${i}`, body: `Text of note ${i}`, kind: 'mail' }, server.clock.now());
    }
    const browser = new Browser(server.url);
    await logIn(browser, alice.address);
    await run({ server, alice, bob, browser });
  } finally {
    await server.close();
  }
}

const subjects = (page: Page) => page.$('.messages .subject').map((_, el) => page.$(el).text().trim()).get();
const idOf = (page: Page, subject: string) => Number(page.$(`.messages li:has(.subject:contains("${subject}")) input[name=ids]`).attr('value'));

test('selected messages are marked read, flagged, moved and deleted to Trash from the list; Trash empties', async (t) => {
  await withMailbox(async ({ browser }) => {
    let list = await browser.get('/mail');
    t.deepEqual(subjects(list), ['Note 3', 'Note 2', 'Note 1', 'Welcome to Twostep']);
    t.is(list.$('.folders a[aria-current=page]').text().replace(/\s+/g, ' ').trim(), 'Inbox 4 unread');
    const [n3, n2, n1] = ['Note 3', 'Note 2', 'Note 1'].map((s) => idOf(list, s));
    const act = async (fields: Record<string, string | string[]>) => {
      const done = await browser.post('/mail/actions', { _csrf: list.$('#list-actions input[name=_csrf]').val() as string, folder: 'INBOX', ...fields });
      t.is(done.status, 303, JSON.stringify(fields));
      return browser.follow(done);
    };
    list = await act({ ids: [String(n3), String(n2)], action: 'read' });
    t.is(list.$('.flash').text(), '2 messages marked as read.');
    t.is(list.$('.messages li.unseen').length, 2);
    list = await act({ ids: String(n1), action: 'flag' });
    t.is(list.$('.messages li:has(.subject:contains("Note 1")) .flagged').text(), 'Flagged');
    list = await act({ ids: [String(n1), String(n2)], action: 'move', target: 'Junk' });
    t.is(list.$('.flash').text(), '2 messages moved to Junk.');
    t.deepEqual(subjects(list), ['Note 3', 'Welcome to Twostep']);
    const junk = await browser.get('/mail?folder=Junk');
    t.deepEqual(subjects(junk), ['Note 2', 'Note 1']);
    list = await act({ ids: String(n3), action: 'delete' });
    t.is(list.$('.flash').text(), 'Message moved to Trash.');
    const trash = await browser.get('/mail?folder=Trash');
    t.deepEqual(subjects(trash), ['Note 3']);
    t.is(trash.$('#list-actions button[value=delete]').text(), 'Delete for good');
    const emptied = await browser.follow(await browser.submitForm(trash, {}, 'form[action="/mail/trash/empty"]', '/mail?folder=Trash'));
    t.is(emptied.$('.flash').text(), 'Trash emptied.');
    t.deepEqual(subjects(emptied), []);
  });
});

test('the message page flags and unflags in place, marks unread, moves and deletes', async (t) => {
  await withMailbox(async ({ browser }) => {
    const list = await browser.get('/mail');
    const id = idOf(list, 'Note 2');
    let page = await browser.get(`/mail/${id}`);
    t.is(page.$('article h1').text(), 'Note 2');
    t.deepEqual(page.$('.reply-links a').map((_, el) => page.$(el).attr('href')).get(), [`/mail/compose?mode=reply&id=${id}`, `/mail/compose?mode=all&id=${id}`, `/mail/compose?mode=forward&id=${id}`]);
    const flagged = await browser.submitForm(page, { action: 'flag' }, '.message-tools form', `/mail/${id}`);
    t.is(flagged.location, `/mail/${id}`);
    page = await browser.follow(flagged);
    t.is(page.$('.flash').text(), 'Message flagged.');
    t.is(page.$('.message-tools button[value=unflag]').length, 1);
    const unread = await browser.submitForm(page, { action: 'unread' }, '.message-tools form', `/mail/${id}`);
    t.is(unread.location, '/mail');
    t.is((await browser.follow(unread)).$('.messages li.unseen:has(.subject:contains("Note 2"))').length, 1);
    page = await browser.get(`/mail/${id}`);
    const moved = await browser.follow(await browser.submitForm(page, { action: 'move', target: 'Sent' }, '.message-tools form', `/mail/${id}`));
    t.is(moved.$('.flash').text(), 'Message moved to Sent.');
    t.is((await browser.get(`/mail/${id}`)).status, 404, 'it is no longer in INBOX');
    const inSent = await browser.get(`/mail/${id}?folder=Sent`);
    t.is(inSent.status, 200);
    t.is(inSent.$('a[href="/mail?folder=Sent"]').last().text(), 'Back to Mail');
  });
});

test('bad actions, forged and foreign ids, unknown folders and bad pages are 4xx and change nothing', async (t) => {
  await withMailbox(async ({ server, bob, browser }) => {
    const list = await browser.get('/mail');
    const token = list.$('#list-actions input[name=_csrf]').val() as string;
    const [bobs] = await listMessages(server.testDb.db, bob.account.id);
    const cases: [Record<string, string | string[]>, number, RegExp][] = [
      [{ folder: 'INBOX', ids: String(bobs.id), action: 'delete' }, 404, /not in this folder/],
      [{ folder: 'INBOX', ids: '99999', action: 'read' }, 404, /not in this folder/],
      [{ folder: 'INBOX', ids: 'abc', action: 'read' }, 400, /not a message/],
      [{ folder: 'INBOX', action: 'read' }, 400, /Select at least one message/],
      [{ folder: 'INBOX', ids: String(idOf(list, 'Note 1')), action: 'explode' }, 400, /Choose what to do/],
      [{ folder: 'INBOX', ids: String(idOf(list, 'Note 1')), action: 'move', target: 'Nowhere' }, 404, /no folder "Nowhere"/],
      [{ folder: 'Nowhere', ids: String(idOf(list, 'Note 1')), action: 'read' }, 404, /no folder "Nowhere"/],
      [{ folder: 'IN\u0000BOX', ids: String(idOf(list, 'Note 1')), action: 'read' }, 400, /control characters/],
      [{ folder: 'x'.repeat(300), ids: String(idOf(list, 'Note 1')), action: 'read' }, 400, /not a folder name/],
    ];
    for (const [fields, status, message] of cases) {
      const page = await browser.post('/mail/actions', { _csrf: token, ...fields });
      t.is(page.status, status, JSON.stringify(fields));
      t.regex(page.$('[role=alert]').text(), message, JSON.stringify(fields));
    }
    t.false((await listMessages(server.testDb.db, bob.account.id))[0].seen);
    t.is((await browser.get('/mail')).$('.messages li.unseen').length, 4);
    for (const [path, status] of [['/mail?folder=Nowhere', 404], ['/mail?page=abc', 400], ['/mail?page=0', 400], ['/mail?q=' + 'x'.repeat(300), 400], [`/mail/${bobs.id}`, 404], [`/mail/${idOf(list, 'Note 1')}?folder=Nowhere`, 404]] as const) {
      t.is((await browser.get(path)).status, status, path);
    }
  });
});

test('a folder pages 50 at a time, newest first, and searches sender, subject and text', async (t) => {
  await withMailbox(async ({ server, alice, browser }) => {
    for (let i = 1; i <= 60; i++) {
      server.clock.advance(1000);
      await deliverMessage(server.testDb.db, { accountId: alice.account.id, sender: `s${i}@example.net`, subject: `Bulk ${i}`, body: i === 7 ? 'the secret word' : 'filler', kind: 'mail' }, server.clock.now());
    }
    const first = await browser.get('/mail');
    t.is(first.$('.messages li').length, 50);
    t.is(subjects(first)[0], 'Bulk 60');
    t.is(first.$('.paging span').text(), 'Page 1 of 2');
    t.is(first.$('a[rel=prev]').length, 0);
    const second = await browser.get(first.$('a[rel=next]').attr('href')!);
    t.deepEqual(subjects(second).slice(0, 2), ['Bulk 10', 'Bulk 9']);
    t.is(second.$('.messages li').length, 14);
    t.is(second.$('a[rel=prev]').attr('href'), '/mail?page=1');
    for (const [q, expected] of [['secret WORD', ['Bulk 7']], ['s13@', ['Bulk 13']], ['bulk 5', ['Bulk 59', 'Bulk 58', 'Bulk 57', 'Bulk 56', 'Bulk 55', 'Bulk 54', 'Bulk 53', 'Bulk 52', 'Bulk 51', 'Bulk 50', 'Bulk 5']], ['100%_', []]] as const) {
      const found = await browser.get(`/mail?q=${encodeURIComponent(q)}`);
      t.deepEqual(subjects(found), [...expected], q);
      t.is(found.$('#q').val(), q);
    }
    t.regex((await browser.get('/mail?q=nothing')).$('.muted').text(), /No messages match your search/);
  });
});

test('an HTML message is shown sanitized, remote images only after "Show images"; attachments download as attachments', async (t) => {
  await withMailbox(async ({ server, alice, browser }) => {
    const source = await composeMime({
      from: 'Mallory <mallory@outside.test>',
      to: [alice.address],
      cc: [],
      bcc: [],
      subject: 'Hostile',
      text: 'plain part',
      date: new Date(server.clock.now()),
      attachments: [{ filename: 'report "x".html', contentType: 'text/html', content: Buffer.from('<script>alert(1)</script>') }],
    });
    const withHtml = Buffer.from(source.toString('latin1').replace('Content-Type: text/plain', 'Content-Type: text/html').replace('plain part', '<p onclick="x()">Hello</p><script>alert(1)</script><img src="https://tracker.test/p.gif" alt="pixel"><form action="https://evil.test"><input name=p></form>'), 'latin1');
    await deliverMessage(server.testDb.db, { accountId: alice.account.id, sender: 'mallory@outside.test', subject: 'Hostile', body: 'plain part', kind: 'mail', hasAttachments: true, source: withHtml }, server.clock.now());
    const list = await browser.get('/mail');
    t.is(list.$('.messages li:has(.subject:contains("Hostile")) .attachment').text(), 'Has attachments');
    const id = idOf(list, 'Hostile');
    const page = await browser.get(`/mail/${id}`);
    t.is(page.$('.message-html p').text(), 'Hello');
    t.is(page.$('.message-html script, .message-html form, .message-html [onclick]').length, 0);
    t.is(page.$('.message-html img').attr('src'), undefined);
    t.regex(page.$('.flash.notice').text(), /1 remote image was blocked/);
    t.notRegex(page.headers.get('content-security-policy')!, /img-src[^;]*https:/);
    t.deepEqual(page.$('dl.facts dd').first().text(), 'Mallory <mallory@outside.test>');
    const shown = await browser.get(page.$('.flash.notice a').attr('href')!);
    t.is(shown.$('.message-html img').attr('src'), 'https://tracker.test/p.gif');
    t.regex(shown.headers.get('content-security-policy')!, /img-src 'self' data: https: http:/);
    const link = page.$('.attachments a');
    t.is(link.text(), 'report "x".html');
    const file = await fetch(server.url + link.attr('href')!, { headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    t.is(file.status, 200);
    t.is(file.headers.get('content-type'), 'application/octet-stream');
    t.is(file.headers.get('x-content-type-options'), 'nosniff');
    t.is(file.headers.get('content-disposition'), `attachment; filename="report _x_.html"; filename*=UTF-8''report%20%22x%22.html`);
    t.is(await file.text(), '<script>alert(1)</script>');
    t.is((await browser.get(`/mail/${id}/attachments/5`)).status, 404);
  });
});

test('bad charsets, broken MIME and huge messages render safely', async (t) => {
  await withMailbox(async ({ server, alice, browser }) => {
    const raw = (headers: string, body: string) => Buffer.from(`From: odd@outside.test\r\nTo: ${alice.address}\r\n${headers}\r\n\r\n${body}`, 'latin1');
    const cases: [string, Buffer, RegExp][] = [
      ['Unknown charset', raw('Subject: Unknown charset\r\nContent-Type: text/plain; charset=x-no-such-charset', 'caf\xe9 ok'), /caf.+ ok/],
      ['Wrong charset', raw('Subject: Wrong charset\r\nContent-Type: text/plain; charset=utf-8', 'bad \xff\xfe bytes'), /bad .* bytes/],
      ['Broken multipart', raw('Subject: Broken multipart\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="never-closed"', '--never-closed\r\nContent-Type: text/plain\r\n\r\nstill readable\r\n--never-cl'), /still readable/],
      ['No boundary', raw('Subject: No boundary\r\nContent-Type: multipart/alternative', 'text without parts'), /text without parts|^$/],
      ['Bad encoding', raw('Subject: =?utf-8?B?###?=\r\nContent-Transfer-Encoding: base64', '!!!not base64!!!'), /.*/],
      ['Huge', raw('Subject: Huge\r\nContent-Type: text/plain; charset=utf-8', 'a line of text\r\n'.repeat(40_000)), /a line of text/],
    ];
    for (const [name, source] of cases) {
      server.clock.advance(1000);
      await deliverMessage(server.testDb.db, { accountId: alice.account.id, sender: 'odd@outside.test', subject: name, body: name, kind: 'mail', source }, server.clock.now());
    }
    const list = await browser.get('/mail');
    t.is(list.status, 200);
    for (const [name, , body] of cases) {
      const id = list.$(`.messages li:has(.subject:contains("${name}")) input[name=ids]`).attr('value') ?? list.$('.messages li input[name=ids]').first().attr('value');
      const page = await browser.get(`/mail/${id}`);
      t.is(page.status, 200, name);
      t.regex(page.$('.message-body').text(), body, name);
      t.is(page.$('script').length, 0, name);
    }
    const huge = await browser.get(`/mail/${list.$('.messages li:has(.subject:contains("Huge")) input[name=ids]').attr('value')}`);
    t.regex(huge.$('.hint').text(), /too long to show in full/);
    t.true(huge.$('.message-body').text().length <= 256 * 1024);
    const whole = await fetch(server.url + huge.$('a:contains("Download the whole message")').attr('href')!, { headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    t.is(whole.headers.get('content-disposition'), `attachment; filename="message.eml"; filename*=UTF-8''message.eml`);
    t.is((await whole.arrayBuffer()).byteLength, (await server.testDb.db('messages').where({ subject: 'Huge' }).first()).source.length);
  });
});
