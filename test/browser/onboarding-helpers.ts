import type { ExecutionContext } from 'ava';
import type { Browser as PwBrowser, Page } from 'playwright-core';
import type { TwoFactorSetting } from '../../src/core/policy.js';
import { startTestServer, type TestServer } from '../helpers/http.js';
import { referenceTotp } from '../helpers/rfc6238.js';
import { makeAccount, PASSWORD } from '../web/webmail/helpers.js';
import { fitsWidth, openPage } from './helpers/chromium.js';

/** One walk of a browser through WebMail at one viewport: its page, the server and checks. */
export interface Walk {
  page: Page;
  server: TestServer;
  address: string;
  /** Asserts the page fits the viewport's width. */
  fits(where: string): Promise<void>;
  /** The current path. */
  path(): string;
  /** Signs in with the password and answers the path landed on. */
  signIn(): Promise<string>;
  /** Signs out from the header. */
  signOut(): Promise<void>;
  /** The code of a key (as shown, with spaces) at the server's clock. */
  code(key: string): string;
}

/** Runs `run` against a fresh server with alice@example.com at `setting`, in a JavaScript-free page at `viewport`. */
export async function walkWith(
  t: ExecutionContext,
  browser: PwBrowser,
  viewport: { width: number; height: number },
  setting: TwoFactorSetting,
  run: (walk: Walk) => Promise<void>,
): Promise<void> {
  const server = await startTestServer();
  const { context, page } = await openPage(browser, viewport, server.url);
  try {
    const { address } = await makeAccount(server, { setting });
    const path = () => new URL(page.url()).pathname;
    await run({
      page,
      server,
      address,
      path,
      fits: async (where) => {
        t.true(await fitsWidth(page), `${where} fits ${viewport.width} px`);
      },
      async signIn() {
        await page.goto('/login');
        await page.fill('#username', address);
        await page.fill('#password', PASSWORD);
        await page.click('main form button[type=submit]');
        return path();
      },
      async signOut() {
        await page.click('header button:has-text("Sign out")');
      },
      code: (key) => referenceTotp(key.replace(/\s+/g, ''), Math.floor(server.clock.now() / 1000)),
    });
  } finally {
    await context.close();
    await server.close();
  }
}

/** On the pairing screen: reads the key, enters its code and presses "Next"; answers the key. */
export async function pairOnScreen(walk: Walk): Promise<string> {
  const { page } = walk;
  const key = (await page.locator('#secret-key').innerText()).replace(/\s+/g, '');
  await page.fill('#code', walk.code(key));
  await page.click('main form button:has-text("Next")');
  return key;
}

/** Re-enters the password on the credential verification screen. */
export async function verifyPassword(page: Page): Promise<void> {
  await page.fill('#password', PASSWORD);
  await page.click('main form button:has-text("Next")');
}

/** Turns optional 2-Step Verification on through the screens, from Settings to the saved codes; answers the key. */
export async function turnOnOnScreen(walk: Walk): Promise<string> {
  const { page } = walk;
  await page.goto('/settings');
  await page.click('#two-step a:has-text("Turn on")');
  await page.getByRole('dialog').getByRole('link', { name: 'Get Started' }).click();
  await verifyPassword(page);
  const key = await pairOnScreen(walk);
  await page.getByRole('link', { name: 'I have saved these codes' }).click();
  return key;
}
