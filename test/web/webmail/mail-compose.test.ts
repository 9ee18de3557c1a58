import test from 'ava';
import { listMessages } from '../../../src/repos/messages.js';
import { Browser, startTestServer, type TestServer } from '../../helpers/http.js';
import { logIn, makeAccount, type TestAccount } from './helpers.js';

async function withTwo(run: (server: TestServer, alice: TestAccount, bob: TestAccount, browser: Browser) => Promise<void>, overrides = {}): Promise<void> {
  const server = await startTestServer(overrides);
  try {
    const alice = await makeAccount(server);
    const bob = await makeAccount(server, { name: 'bob' });
    const browser = new Browser(server.url);
    await logIn(browser, alice.address);
    await run(server, alice, bob, browser);
  } finally {
    await server.close();
  }
}

const subjectsOf = async (server: TestServer, accountId: number, folder: string) =>
  (await listMessages(server.testDb.db, accountId)).filter((m) => m.folder === folder).map((m) => m.subject);

test('a new message goes from the signed-in address with its attachment, and a copy lands in Sent', async (t) => {
  await withTwo(async (server, alice, bob, browser) => {
    const form = await browser.get('/mail/compose');
    t.is(form.status, 200);
    t.is(form.$('form.compose input[type=hidden]').first().attr('name'), '_csrf');
    t.is(form.$('.compose .from').text().trim(), `From ${alice.address}`);
    const sent = await browser.submitMultipart(form, { to: 'Bob <bob@example.com>', subject: 'Plans', body: 'See the file.', from: 'postmaster@example.com' }, [{ field: 'attachments', filename: 'plan.txt', content: Buffer.from('step 1') }]);
    t.is(sent.status, 303);
    t.is(sent.location, '/mail');
    t.is((await browser.follow(sent)).$('.flash').text(), 'Your message was sent.');
    t.deepEqual(await subjectsOf(server, bob.account.id, 'INBOX'), ['Plans', 'Welcome to Twostep']);
    t.deepEqual(await subjectsOf(server, alice.account.id, 'Sent'), ['Plans']);
    const [received] = await listMessages(server.testDb.db, bob.account.id);
    t.is(received.sender, alice.address);
    t.true(received.hasAttachments);
    const bobBrowser = new Browser(server.url);
    await logIn(bobBrowser, bob.address);
    const open = await bobBrowser.get(`/mail/${received.id}`);
    t.regex(open.$('dl.facts dd').first().text(), /^alice@example\.com$/);
    t.is(open.$('.message-body').text().trim(), 'See the file.');
    t.is(open.$('.attachments a').text(), 'plan.txt');
  });
});

test('reply, reply all and forward start from the original; the reply is threaded and marks it answered', async (t) => {
  await withTwo(async (server, alice, bob, browser) => {
    const bobBrowser = new Browser(server.url);
    await logIn(bobBrowser, bob.address);
    const bobForm = await bobBrowser.get('/mail/compose');
    await bobBrowser.submitMultipart(bobForm, { to: 'alice@example.com', cc: 'postmaster@example.com, bob@example.com', subject: 'Lunch?', body: 'Noon\nat the usual place' }, [{ field: 'attachments', filename: 'menu.txt', content: Buffer.from('soup') }]);
    const [lunch] = (await listMessages(server.testDb.db, alice.account.id)).filter((m) => m.subject === 'Lunch?');
    const reply = await browser.get(`/mail/compose?mode=reply&id=${lunch.id}`);
    t.is(reply.$('h1').text(), 'Reply');
    t.is(reply.$('#to').val(), 'bob@example.com');
    t.is(reply.$('#cc').val(), '');
    t.is(reply.$('#subject').val(), 'Re: Lunch?');
    t.regex(reply.$('#body').text(), /wrote:\n> Noon\n> at the usual place/);
    const all = await browser.get(`/mail/compose?mode=all&id=${lunch.id}`);
    t.is(all.$('#to').val(), 'bob@example.com');
    t.is(all.$('#cc').val(), 'postmaster@example.com');
    const forward = await browser.get(`/mail/compose?mode=forward&id=${lunch.id}`);
    t.is(forward.$('#subject').val(), 'Fwd: Lunch?');
    t.is(forward.$('#to').val(), '');
    t.regex(forward.$('.compose .hint').text(), /The attachment of the forwarded message will be sent along/);
    await browser.submitMultipart(reply, { body: `Yes!${reply.$('#body').text()}` });
    const answered = (await listMessages(server.testDb.db, alice.account.id)).find((m) => m.id === lunch.id)!;
    t.true(answered.answered);
    t.is((await browser.submitMultipart(forward, { to: 'bob@example.com' })).status, 303);
    const forwarded = (await listMessages(server.testDb.db, bob.account.id)).find((m) => m.subject === 'Fwd: Lunch?')!;
    t.true(forwarded.hasAttachments, 'the forward carries the original attachment');
    const bobInbox = await listMessages(server.testDb.db, bob.account.id);
    const replied = bobInbox.find((m) => m.subject === 'Re: Lunch?')!;
    const source = (await server.testDb.db('messages').where({ id: replied.id }).first()).source as Buffer;
    t.regex(Buffer.from(source).toString(), /In-Reply-To: <[^>]+>/);
    for (const path of ['/mail/compose?mode=reply&id=99999', '/mail/compose?mode=reply', '/mail/compose?mode=shout&id=1', `/mail/compose?mode=reply&id=${lunch.id}&folder=Nowhere`]) {
      t.true([400, 404].includes((await browser.get(path)).status), path);
    }
  });
});

test('bad fields and refused recipients keep the text and say why; nothing is sent', async (t) => {
  await withTwo(async (server, alice, _bob, browser) => {
    const form = await browser.get('/mail/compose');
    const cases: [Record<string, string>, number, string, RegExp][] = [
      [{ to: '', subject: 'S', body: 'kept text 1' }, 400, '#to-error', /Enter at least one recipient/],
      [{ to: 'not an address', subject: 'S', body: 'kept text 2' }, 400, '#to-error', /"not an address" is not an email address/],
      [{ to: 'bob@example.com', cc: 'x@', subject: 'S', body: 'kept text 3' }, 400, '#cc-error', /is not an email address/],
      [{ to: 'nobody@example.com', subject: 'S', body: 'kept text 4' }, 422, '.flash.error', /The mail server refused the message: nobody@example\.com: No such mailbox here/],
    ];
    for (const [fields, status, where, message] of cases) {
      const page = await browser.submitMultipart(form, fields);
      t.is(page.status, status, JSON.stringify(fields));
      t.regex(page.$(where).text(), message, JSON.stringify(fields));
      t.is(page.$('#body').text(), fields.body);
      t.is(page.$('#subject').val(), 'S');
    }
    t.deepEqual(await subjectsOf(server, alice.account.id, 'Sent'), []);
  });
});

test('attachments beyond the configured limit are refused with a 413 and the text is kept', async (t) => {
  await withTwo(
    async (server, alice, _bob, browser) => {
      const form = await browser.get('/mail/compose');
      t.regex(form.$('#attachments-hint').text(), /Up to 2 KB in all/);
      const one = await browser.submitMultipart(form, { to: 'bob@example.com', subject: 'Big', body: 'kept despite the file' }, [{ field: 'attachments', filename: 'big.bin', content: Buffer.alloc(3000, 1) }]);
      t.is(one.status, 413);
      t.regex(one.$('.flash.error').text(), /larger than allowed \(at most 2 KB in all\)/);
      t.is(one.$('#body').text(), 'kept despite the file');
      const two = await browser.submitMultipart(form, { to: 'bob@example.com', subject: 'Big', body: 'two files' }, [
        { field: 'attachments', filename: 'a.bin', content: Buffer.alloc(1500, 1) },
        { field: 'attachments', filename: 'b.bin', content: Buffer.alloc(1500, 1) },
      ]);
      t.is(two.status, 413);
      t.is(two.$('#body').text(), 'two files');
      t.deepEqual(await subjectsOf(server, alice.account.id, 'Sent'), []);
    },
    { mailAttachmentLimitBytes: 2048 },
  );
});

test('Mobile WebMail: folders, list, read, reply', async (t) => {
  await withTwo(async (server, alice, _bob, browser) => {
    const folders = await browser.get('/m/mail/folders');
    t.deepEqual(folders.$('.folders a').map((_, el) => folders.$(el).attr('href')).get(), ['/m/mail', '/m/mail?folder=Drafts', '/m/mail?folder=Sent', '/m/mail?folder=Junk', '/m/mail?folder=Trash']);
    const list = await browser.get('/m/mail');
    t.is(list.$('body').attr('class'), 'mobile');
    const [welcome] = await listMessages(server.testDb.db, alice.account.id);
    const open = await browser.get(`/m/mail/${welcome.id}`);
    t.regex(open.$('.message-body').text(), /is ready/);
    const reply = await browser.get(open.$('.reply-links a').first().attr('href')!);
    t.is(reply.$('form.compose').attr('action'), '/m/mail/compose');
    t.is(reply.$('#to').val(), 'postmaster@example.com');
    const sent = await browser.submitMultipart(reply, { body: 'Thanks' });
    t.is(sent.location, '/m/mail');
    t.deepEqual(await subjectsOf(server, alice.account.id, 'Sent'), ['Re: Welcome to Twostep']);
  });
});
