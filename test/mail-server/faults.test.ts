import anyTest, { type TestFn } from 'ava';
import { Browser, startTestServer, type TestServer } from '../helpers/http.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { mailClient } from '../helpers/mail-client.js';
import { mailServerAvailable, startTestMailServer, type TestMailServer } from '../helpers/mail-server.js';
import { logIn, makeAccount, PASSWORD, type TestAccount } from '../web/webmail/helpers.js';

const test = anyTest as TestFn<{ mail: TestMailServer; server: TestServer; imap: FaultProxy; smtp: FaultProxy; alice: TestAccount; browser: Browser }>;

const TIMEOUT_MS = 800;

if (mailServerAvailable(test)) {
  test.before(async (t) => {
    const mail = await startTestMailServer();
    const imap = await startFaultProxy(mail.host, mail.ports.imap);
    const smtp = await startFaultProxy(mail.host, mail.ports.submission);
    const server = await startTestServer({
      ...mail.config,
      mailImap: { url: `imap://${mail.host}:${imap.port}`, host: mail.host, port: imap.port, secure: false },
      mailSmtp: { url: `smtp://${mail.host}:${smtp.port}`, host: mail.host, port: smtp.port, secure: false },
      mailTimeoutMs: TIMEOUT_MS,
    });
    await mail.serve(server.app.deps.services);
    const alice = await makeAccount(server);
    await makeAccount(server, { name: 'bob' });
    const browser = new Browser(server.url);
    await logIn(browser, alice.address);
    t.context = { mail, server, imap, smtp, alice, browser };
  });

  test.after.always(async (t) => {
    await t.context.server?.close();
    await t.context.imap?.close();
    await t.context.smtp?.close();
    await t.context.mail?.close();
  });

  for (const mode of ['down', 'silent'] as const) {
    test.serial(`IMAP ${mode === 'down' ? 'down' : 'not answering'}: the mailbox pages answer 503 with the branded page, sign-in and Settings still work, and it recovers by itself`, async (t) => {
      const { server, imap, alice, browser } = t.context;
      t.is((await browser.get('/mail')).status, 200);
      imap.mode = mode;
      imap.cut();
      try {
        const started = performance.now();
        for (const path of ['/mail', '/mail/1', '/mail/folders', '/mail/compose?mode=reply&id=1']) {
          const page = await browser.get(path);
          t.is(page.status, 503, path);
          t.is(page.$('h1').text(), 'Mail server unavailable', path);
          t.regex(page.$('[role=alert]').text(), /not answering right now/);
          t.notRegex(page.text, /Error|at .*\.ts|ECONN/);
          t.is(page.$('header nav a[href="/settings"]').length, 1, 'the page keeps its navigation');
        }
        t.true(performance.now() - started < 4 * (TIMEOUT_MS + 500), 'each page waits at most the configured timeout');
        t.is((await browser.get('/settings')).status, 200);
        const other = new Browser(server.url);
        t.is((await logIn(other, alice.address)).location, '/mail');
        t.true(server.logs.some((line) => /^warn GET \/mail: /.test(line)));
      } finally {
        imap.mode = 'pass';
      }
      const back = await browser.get('/mail');
      t.is(back.status, 200, 'the next request connects again');
    });
  }

  test.serial('SMTP down or not answering: the compose form keeps its text and says the message was not sent; a refusal shows the server\'s reason', async (t) => {
    const { mail, smtp, browser } = t.context;
    const form = await browser.get('/mail/compose');
    for (const mode of ['down', 'silent'] as const) {
      smtp.mode = mode;
      const page = await browser.submitMultipart(form, { to: 'bob@example.com', subject: 'Kept', body: `text while ${mode}` });
      t.is(page.status, 503, mode);
      t.regex(page.$('.flash.error').text(), /mail server is not answering, so the message was not sent/);
      t.is(page.$('#body').text(), `text while ${mode}`);
      t.is(page.$('#to').val(), 'bob@example.com');
    }
    smtp.mode = 'pass';
    const refused = await browser.submitMultipart(form, { to: 'someone@elsewhere.test', subject: 'Out', body: 'to the world' });
    t.is(refused.status, 422);
    t.regex(refused.$('.flash.error').text(), /The mail server refused the message: .*outbound mail is disabled/);
    t.is(refused.$('#body').text(), 'to the world');
    const ok = await browser.submitMultipart(form, { to: 'bob@example.com', subject: 'After the outage', body: 'hello' });
    t.is(ok.status, 303);
    const inbox = await mailClient('imap_wait', { port: mail.ports.imap, user: 'bob@example.com', password: PASSWORD, subject: 'After the outage' });
    t.true(inbox.ok && inbox.messages!.some((m) => m.subject === 'After the outage'));
    t.false(inbox.ok && inbox.messages!.some((m) => m.subject === 'Kept'), 'nothing was sent while it was down');
  });
}
