import anyTest, { type TestFn } from 'ava';
import { createAppPassword } from '../../src/services/app-passwords.js';
import { Browser, startTestServer, type Page, type TestServer } from '../helpers/http.js';
import { mailClient } from '../helpers/mail-client.js';
import { mailServerAvailable, startTestMailServer, type TestMailServer } from '../helpers/mail-server.js';
import { answer, codeNow, logIn, makeAccount, PASSWORD, type TestAccount } from '../web/webmail/helpers.js';

const test = anyTest as TestFn<{ mail: TestMailServer; server: TestServer; alice: TestAccount; bob: TestAccount; aliceAppPassword: string }>;

const subjects = (page: Page) => page.$('.messages .subject').map((_, el) => page.$(el).text().trim()).get();
const rowId = (page: Page, subject: string) => page.$(`.messages li:has(.subject:contains("${subject}")) input[name=ids]`).attr('value');

if (mailServerAvailable(test)) {
  test.before(async (t) => {
    const mail = await startTestMailServer();
    const server = await startTestServer(mail.config);
    await mail.serve(server.app.deps.services);
    const alice = await makeAccount(server, { setting: 'enabled', paired: true });
    const bob = await makeAccount(server, { name: 'bob' });
    // With 2-Step Verification on, a mail client signs in to alice's mailbox with an app password only.
    const { password: aliceAppPassword } = await createAppPassword(server.app.deps.services, { kind: 'user', name: alice.address }, alice.account, 'Test client');
    t.context = { mail, server, alice, bob, aliceAppPassword };
  });

  test.after.always(async (t) => {
    await t.context.server?.close();
    await t.context.mail?.close();
  });

  const signIn = async (server: TestServer, address: string, paired: boolean) => {
    const browser = new Browser(server.url);
    const login = await logIn(browser, address);
    if (paired) {
      // A code is accepted once: every sign-in here uses the next time step.
      server.clock.advance(30_000);
      t_is(login.location, '/login/verify');
      t_is((await answer(browser, codeNow(server))).location, '/mail');
    }
    return browser;
  };
  const t_is = (actual: unknown, expected: unknown) => {
    if (actual !== expected) throw new Error(`expected ${String(expected)}, got ${String(actual)}`);
  };

  test.serial('mail delivered from outside is read after the password and the code, answered, moved and deleted; the reply is in the recipient\'s INBOX and the sender\'s Sent', async (t) => {
    const { mail, server, alice, bob, aliceAppPassword } = t.context;
    const delivered = await mailClient('lmtp_deliver', { port: mail.ports.lmtp, from: 'carol@outside.test', header_from: 'Carol <carol@outside.test>', to: [alice.address], subject: 'Quarterly numbers', body: 'Please check the figures.' });
    t.like(delivered, { ok: true });
    const browser = await signIn(server, alice.address, true);
    let list = await browser.get('/mail');
    t.is(list.status, 200);
    t.deepEqual(subjects(list), ['Quarterly numbers']);
    t.is(list.$('.messages li.unseen .from').text().replace('Unread: ', ''), 'Carol');
    t.is(list.$('.folders a[aria-current=page]').text().replace(/\s+/g, ' ').trim(), 'Inbox 1 unread');
    const id = rowId(list, 'Quarterly numbers');
    const open = await browser.get(`/mail/${id}`);
    t.is(open.$('article h1').text(), 'Quarterly numbers');
    t.is(open.$('.message-body').text().trim(), 'Please check the figures.');
    t.regex(open.$('dl.facts').text(), /Carol <carol@outside\.test>/);
    list = await browser.get('/mail');
    t.is(list.$('.messages li.unseen').length, 0, 'opening marks it read on the server');

    const reply = await browser.get(open.$('.reply-links a').first().attr('href')!);
    t.is(reply.$('#to').val(), 'Carol <carol@outside.test>');
    // The development server sends nothing outside; answer to a local account instead.
    const sent = await browser.submitMultipart(reply, { to: bob.address, cc: 'carol@outside.test', body: `Looks right.${reply.$('#body').text()}` });
    t.is(sent.status, 303);
    const after = await browser.follow(sent);
    t.regex(after.$('.flash').text(), /^Your message was sent\. Not delivered to carol@outside\.test: .*outbound mail is disabled/);
    const inbox = await mailClient('imap_wait', { port: mail.ports.imap, user: bob.address, password: PASSWORD, subject: 'Re: Quarterly numbers' });
    const received = inbox.ok ? inbox.messages!.find((m) => m.subject === 'Re: Quarterly numbers') : undefined;
    t.truthy(received, JSON.stringify(inbox));
    t.is(received?.from, alice.address);
    t.regex(received?.in_reply_to ?? '', /^<.+@tests\.invalid>$/, JSON.stringify(received));
    const sentCopy = await mailClient('imap_messages', { port: mail.ports.imap, user: alice.address, password: aliceAppPassword, mailbox: 'Sent' });
    t.true(sentCopy.ok && sentCopy.messages!.some((m) => m.subject === 'Re: Quarterly numbers'), JSON.stringify(sentCopy));
    t.is((await browser.get('/mail')).$(`.messages li:has(input[value="${id}"]) .mark:contains("Answered")`).length, 1);

    const moved = await browser.follow(await browser.submitForm(await browser.get(`/mail/${id}`), { action: 'move', target: 'Junk' }, '.message-tools form', `/mail/${id}`));
    t.is(moved.$('.flash').text(), 'Message moved to Junk.');
    const junk = await browser.get('/mail?folder=Junk');
    t.deepEqual(subjects(junk), ['Quarterly numbers']);
    const junkId = rowId(junk, 'Quarterly numbers');
    const deleted = await browser.follow(await browser.submitForm(junk, { ids: junkId!, action: 'delete' }, '#list-actions', '/mail?folder=Junk'));
    t.is(deleted.$('.flash').text(), 'Message moved to Trash.');
    const trash = await browser.get('/mail?folder=Trash');
    t.deepEqual(subjects(trash), ['Quarterly numbers']);
    const emptied = await browser.follow(await browser.submitForm(trash, {}, 'form[action="/mail/trash/empty"]', '/mail?folder=Trash'));
    t.deepEqual(subjects(emptied), []);
    const trashNow = await mailClient('imap_messages', { port: mail.ports.imap, user: alice.address, password: aliceAppPassword, mailbox: 'Trash' });
    t.deepEqual(trashNow.ok && trashNow.messages, []);
  });

  test.serial('the folder list shows Dovecot\'s folders with unread counts; search uses the server\'s SEARCH; pages hold 50', async (t) => {
    const { mail, server, bob } = t.context;
    for (let i = 1; i <= 55; i++) {
      const sent = await mailClient('lmtp_deliver', { port: mail.ports.lmtp, from: 'news@outside.test', to: [bob.address], subject: `Issue ${i}`, body: i === 13 ? 'the lucky number' : 'regular news' });
      t.like(sent, { ok: true });
    }
    const browser = await signIn(server, bob.address, false);
    const list = await browser.get('/mail');
    t.deepEqual(list.$('.folders a').map((_, el) => list.$(el).text().replace(/\s+/g, ' ').trim()).get().slice(0, 5), ['Inbox 56 unread', 'Drafts', 'Sent', 'Junk', 'Trash']);
    t.is(list.$('.messages li').length, 50);
    t.is(subjects(list)[0], 'Issue 55');
    t.is(list.$('.paging span').text(), 'Page 1 of 2');
    const found = await browser.get('/mail?q=LUCKY');
    t.deepEqual(subjects(found), ['Issue 13']);
    t.regex(found.$('[role=status]').text(), /1 message found/);
  });

  test.serial('forged ids and unknown folders on the IMAP store are 4xx', async (t) => {
    const { server, alice } = t.context;
    const browser = await signIn(server, alice.address, true);
    for (const [path, status] of [['/mail/4000000000', 404], ['/mail?folder=Nowhere', 404], ['/mail/1?folder=Nowhere', 404], ['/mail/compose?mode=reply&id=4000000000', 404]] as const) {
      t.is((await browser.get(path)).status, status, path);
    }
    const list = await browser.get('/mail');
    const refused = await browser.post('/mail/actions', { _csrf: list.$('input[name=_csrf]').first().val() as string, folder: 'INBOX', ids: '4000000000', action: 'delete' });
    t.is(refused.status, 404);
  });
}
