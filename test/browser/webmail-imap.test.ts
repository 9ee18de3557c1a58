import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { Browser as PwBrowser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/http.js';
import { mailClient } from '../helpers/mail-client.js';
import { mailServerAvailable, startTestMailServer, type TestMailServer } from '../helpers/mail-server.js';
import { codeNow, makeAccount, PASSWORD } from '../web/webmail/helpers.js';
import { browserTest, fitsWidth, openPage, VIEWPORTS } from './helpers/chromium.js';

const test = anyTest as TestFn<unknown>;

let shared: Promise<{ mail: TestMailServer; server: TestServer }> | null = null;
const world = () =>
  (shared ??= (async () => {
    const mail = await startTestMailServer();
    const server = await startTestServer(mail.config);
    await mail.serve(server.app.deps.services);
    await makeAccount(server, { name: 'bob' });
    return { mail, server };
  })());

test.after.always(async () => {
  if (!shared) return;
  const { mail, server } = await shared;
  await server.close();
  await mail.close();
});

/** Signs in through the login and challenge pages; every walk has its own account and its own time step. */
async function signIn(page: import('playwright-core').Page, server: TestServer, name: string, prefix: string): Promise<void> {
  server.clock.advance(30_000);
  await page.goto(`${prefix}/login?domain=example.com`);
  await page.fill('#username', name);
  await page.fill('#password', PASSWORD);
  await page.click('form button[type=submit]');
  await page.fill('#code', codeNow(server));
  await page.click('form button[type=submit]');
}

async function walk(t: ExecutionContext, browser: PwBrowser, viewport: { width: number; height: number }, name: string): Promise<void> {
  const { mail, server } = await world();
  const address = `${name}@example.com`;
  await makeAccount(server, { name, setting: 'enabled', paired: true });
  const subject = `Kickoff for ${name}`;
  t.like(await mailClient('lmtp_deliver', { port: mail.ports.lmtp, from: 'carol@outside.test', header_from: 'Carol <carol@outside.test>', to: [address], subject, body: 'The kickoff is on Monday.' }), { ok: true });
  const { context, page } = await openPage(browser, viewport, server.url);
  const where = () => new URL(page.url()).pathname + new URL(page.url()).search;
  const fits = async (what: string) => t.true(await fitsWidth(page), `${what} fits ${viewport.width} px`);
  try {
    await signIn(page, server, name, '');
    t.is(where(), '/mail');
    await fits('the message list');
    await page.click(`.messages a:has-text("${subject}")`);
    t.regex(where(), /^\/mail\/\d+$/);
    t.is((await page.locator('.message-body').innerText()).trim(), 'The kickoff is on Monday.');
    await fits('the message');

    await page.click('.reply-links a:has-text("Reply")');
    t.is(where().split('?')[0], '/mail/compose');
    t.is(await page.inputValue('#subject'), `Re: ${subject}`);
    await fits('the reply form');
    await page.fill('#to', 'bob@example.com');
    await page.fill('#body', 'Monday works.');
    await page.click('form.compose button[type=submit]');
    t.is(where(), '/mail');
    t.is((await page.locator('.flash').innerText()).trim(), 'Your message was sent.');
    const bob = await mailClient('imap_wait', { port: mail.ports.imap, user: 'bob@example.com', password: PASSWORD, subject: `Re: ${subject}` });
    t.true(bob.ok && bob.messages!.some((m) => m.subject === `Re: ${subject}` && m.from === address), JSON.stringify(bob));

    await page.click(`.messages a:has-text("${subject}")`);
    await page.selectOption('#target', 'Junk');
    await page.click('.message-tools button[value=move]');
    t.is((await page.locator('.flash').innerText()).trim(), 'Message moved to Junk.');
    await page.click('.folders a:has-text("Junk")');
    t.is(where(), '/mail?folder=Junk');
    await page.check(`.messages li:has-text("${subject}") input[type=checkbox]`);
    await page.click('#list-actions button[value=delete]');
    t.is((await page.locator('.flash').innerText()).trim(), 'Message moved to Trash.');
    await page.click('.folders a:has-text("Trash")');
    t.is(await page.locator('.messages li').count(), 1);
    await fits('Trash');
    await page.click('button:has-text("Empty Trash")');
    t.is((await page.locator('.flash').innerText()).trim(), 'Trash emptied.');
    t.is(await page.locator('.messages li').count(), 0);
  } finally {
    await context.close();
  }
}

async function mobileWalk(t: ExecutionContext, browser: PwBrowser): Promise<void> {
  const { mail, server } = await world();
  const name = 'mobile';
  await makeAccount(server, { name, setting: 'enabled', paired: true });
  t.like(await mailClient('lmtp_deliver', { port: mail.ports.lmtp, from: 'carol@outside.test', to: [`${name}@example.com`], subject: 'On the go', body: 'Read me on a phone.' }), { ok: true });
  const { context, page } = await openPage(browser, VIEWPORTS.phone, server.url);
  try {
    await signIn(page, server, name, '/m');
    t.is(new URL(page.url()).pathname, '/m/mail');
    await page.click('a:has-text("Folders")');
    t.is(await page.locator('.folders a').count(), 5);
    await page.click('.folders a:has-text("Inbox")');
    await page.click('.messages a:has-text("On the go")');
    t.is((await page.locator('.message-body').innerText()).trim(), 'Read me on a phone.');
    t.true(await fitsWidth(page));
    await page.click('.reply-links a:has-text("Reply")');
    await page.fill('#to', 'bob@example.com');
    await page.fill('#body', 'Read.');
    await page.click('form.compose button[type=submit]');
    t.is(new URL(page.url()).pathname, '/m/mail');
    t.is((await page.locator('.flash').innerText()).trim(), 'Your message was sent.');
  } finally {
    await context.close();
  }
}

if (mailServerAvailable(test)) {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    browserTest(test, `WebMail on the mail server, JavaScript off, ${name}: read, reply, move, delete, empty Trash`, (t, browser) => walk(t, browser, viewport, `walk-${name}`));
  }
  browserTest(test, 'Mobile WebMail on the mail server at 360×640: folders, list, read, reply', mobileWalk);
}
