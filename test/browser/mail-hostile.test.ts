import http from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { composeMime } from '../../src/mail-protocol/mime.js';
import { deliverMessage } from '../../src/repos/messages.js';
import { startTestServer } from '../helpers/http.js';
import { makeAccount, PASSWORD } from '../web/webmail/helpers.js';
import { browserTest, VIEWPORTS } from './helpers/chromium.js';

/** Hostile HTML bodies; REMOTE is replaced by the address of a server on another origin that counts what it is asked for. */
const CORPUS: [name: string, html: string][] = [
  ['script', '<p>Hello</p><script>window.pwned = 1; alert("script")</script>'],
  ['onerror', '<img src="x" onerror="alert(\'onerror\')"><p onmouseover="alert(1)">hover</p><body onload="alert(2)">'],
  ['javascript link', '<a id="bad" href="javascript:alert(\'link\')">Click me</a> <a href="jAvAsCrIpT:alert(1)">and me</a>'],
  ['form', '<form action="REMOTE/steal" method="post"><input name="password" value="x"><button id="go">Log in again</button></form>'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=REMOTE/refreshed"><p>Wait…</p>'],
  ['fixed overlay', '<style>body{display:none}</style><div style="position:fixed;top:0;left:0;width:100vw;height:100vh;z-index:99999;background:red">Your session expired</div><p class="overlay">x</p>'],
  ['tracking image', '<p>Newsletter</p><img src="REMOTE/track.gif" alt="tracker" width="1" height="1"><table background="REMOTE/bg.gif"><tr><td>cell</td></tr></table>'],
  ['svg with script', '<svg onload="alert(\'svg\')"><script>alert("svg script")</script><circle r="10"/></svg><iframe src="REMOTE/frame"></iframe><object data="REMOTE/object"></object>'],
];

browserTest(test, 'a corpus of hostile HTML messages is inert in Chromium with JavaScript on; remote images load only after "Show images"', async (t, browser) => {
  const fetched: string[] = [];
  const remote = http.createServer((req, res) => {
    fetched.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/gif' });
    res.end(Buffer.from('R0lGODlhAQABAAAAACw=', 'base64'));
  });
  await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
  const REMOTE = `http://localhost:${(remote.address() as AddressInfo).port}`;
  const server = await startTestServer();
  try {
    const alice = await makeAccount(server);
    for (const [name, html] of CORPUS) {
      const composed = await composeMime({ from: 'mallory@outside.test', to: [alice.address], cc: [], bcc: [], subject: `Hostile: ${name}`, text: 'PLACEHOLDER', date: new Date(server.clock.now()), attachments: [] });
      const source = Buffer.from(composed.toString('utf8').replace('Content-Type: text/plain; charset=utf-8', 'Content-Type: text/html; charset=utf-8').replace('PLACEHOLDER', html.replaceAll('REMOTE', REMOTE)), 'utf8');
      await deliverMessage(server.testDb.db, { accountId: alice.account.id, sender: 'mallory@outside.test', subject: `Hostile: ${name}`, body: name, kind: 'mail', source }, server.clock.now());
    }
    const context = await browser.newContext({ javaScriptEnabled: true, viewport: VIEWPORTS.desktop, baseURL: server.url });
    const page = await context.newPage();
    const dialogs: string[] = [];
    const violations: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.goto('/login');
    await page.fill('#username', alice.address);
    await page.fill('#password', PASSWORD);
    await page.click('form button[type=submit]');
    await page.goto('/mail');
    const addresses = new Map<string, string>();
    for (const [name] of CORPUS) addresses.set(name, (await page.locator(`.messages a:has-text("Hostile: ${name}")`).getAttribute('href'))!);
    for (const [name] of CORPUS) {
      await page.goto(addresses.get(name)!);
      const url = page.url();
      // Long enough for a refresh of 0 s or a load handler to have fired.
      await page.waitForTimeout(150);
      t.is(page.url(), url, `${name}: the page stays where it is`);
      t.is(await page.evaluate('typeof window.pwned'), 'undefined', `${name}: no script ran`);
      t.is(await page.locator('.message-html script, .message-html form, .message-html svg, .message-html iframe, .message-html object, .message-html style, .message-html [style], .message-html [onerror], .message-html [onload]').count(), 0, name);
      // Nothing covers the page: the top bar's sign-out button is what the top-right corner shows.
      const corner = await page.evaluate('document.elementFromPoint(window.innerWidth - 20, 20)?.closest("header") !== null');
      t.true(corner, `${name}: the top bar is not covered`);
      t.true(await page.locator('header button:has-text("Sign out")').isVisible(), name);
      if (name === 'javascript link') {
        await page.click('#bad', { noWaitAfter: true }).catch(() => undefined);
        await page.waitForTimeout(200);
        t.is(page.url(), url, 'a javascript: link goes nowhere');
      }
      if (name === 'form') t.is(await page.locator('#go').count(), 0);
    }
    t.deepEqual(dialogs, [], 'no dialog was ever opened');
    t.deepEqual(violations, [], 'nothing even reached the browser for the Content Security Policy to refuse');
    t.deepEqual(fetched, [], 'no remote request before "Show images"');

    await page.goto(addresses.get('tracking image')!);
    t.regex(await page.locator('.flash.notice').innerText(), /1 remote image was blocked/);
    await page.click('.flash.notice a:has-text("Show images")');
    await page.waitForLoadState('load');
    t.deepEqual(fetched, ['/track.gif'], 'the image loads once asked for; the old background attribute never');
    t.deepEqual(dialogs, []);
    await context.close();
  } finally {
    await server.close();
    remote.close();
  }
});
