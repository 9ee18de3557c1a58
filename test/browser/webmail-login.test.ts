import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { Browser as PwBrowser } from 'playwright-core';
import { startTestServer } from '../helpers/http.js';
import { codeNow, makeAccount, PASSWORD } from '../web/webmail/helpers.js';
import { browserTest, fitsWidth, openPage, VIEWPORTS } from './helpers/chromium.js';

async function walk(t: ExecutionContext, browser: PwBrowser, viewport: { width: number; height: number }, mobile: boolean): Promise<void> {
  const server = await startTestServer();
  const { context, page } = await openPage(browser, viewport, server.url);
  const where = () => new URL(page.url()).pathname;
  const fits = async (what: string) => t.true(await fitsWidth(page), `${what} fits ${viewport.width} px`);
  const prefix = mobile ? '/m' : '';
  try {
    const alice = await makeAccount(server, { setting: 'enabled', paired: true });
    await page.goto(`${prefix}/login?domain=example.com`);
    await fits('the login page');
    await page.fill('#username', 'alice');
    await page.fill('#password', 'wrong-password');
    await page.click('form button[type=submit]');
    t.is((await page.locator('[role=alert]').innerText()).trim(), 'The email address or password is not correct.');
    await page.fill('#password', PASSWORD);
    await page.click('form button[type=submit]');
    t.is(where(), `${prefix}/login/verify`);
    await fits('the challenge');
    t.true(await page.locator('label[for=code]').isVisible());

    await page.fill('#code', '000001');
    await page.click('form button[type=submit]');
    t.regex(await page.locator('[role=alert]').innerText(), /4 attempts left/);
    await page.fill('#code', codeNow(server));
    await page.click('form button[type=submit]');
    t.is(where(), `${prefix}/mail`);
    await fits('the mailbox');

    await page.click('.messages a:has-text("Welcome to Twostep")');
    t.regex(where(), new RegExp(`^${prefix}/mail/\\d+$`));
    t.regex(await page.locator('.message-body').innerText(), new RegExp(`your mailbox ${alice.address} is ready`));
    await fits('an open message');
    await page.click('a:has-text("Back to Mail")');
    t.is(await page.locator('.messages li.unseen').count(), 1, 'the opened message is read');

    await page.click('header button:has-text("Sign out")');
    t.is(where(), `${prefix}/login`);
    t.is((await page.locator('[role=status]').innerText()).trim(), 'You have signed out.');
    await page.goto(`${prefix}/mail`);
    t.is(where(), `${prefix}/login`);
  } finally {
    await context.close();
    await server.close();
  }
}

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  browserTest(test, `WebMail login → challenge → mailbox → message → sign out, JavaScript off, ${name}`, (t, browser) => walk(t, browser, viewport, false));
}

browserTest(test, 'Mobile WebMail login → challenge → mailbox → message → sign out at 360×640', (t, browser) => walk(t, browser, VIEWPORTS.phone, true));
