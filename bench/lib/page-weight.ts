import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../test/browser/helpers/chromium.js';
import { BENCH_PASSWORD } from './seeded-server.js';

/** Requests and bytes over the wire for a cold load of `path` (a fresh browser context, JavaScript off). */
export async function pageWeight(base: string, path: string, signIn?: string): Promise<{ requests: number; bytes: number }> {
  const browser = await chromium.launch({ executablePath: chromiumPath()!, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL: base });
    const page = await context.newPage();
    if (signIn) {
      await page.goto('/login');
      await page.fill('#username', signIn);
      await page.fill('#password', BENCH_PASSWORD);
      await Promise.all([page.waitForURL('**/login/verify'), page.click('button[type=submit]')]);
      // Measure the challenge page cold: a fresh page in a context with the cache turned off.
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    let requests = 0;
    let bytes = 0;
    cdp.on('Network.requestWillBeSent', () => requests++);
    cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => (bytes += event.encodedDataLength));
    await page.goto(path, { waitUntil: 'load' });
    await page.waitForTimeout(300);
    return { requests, bytes };
  } finally {
    await browser.close();
  }
}

