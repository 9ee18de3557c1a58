import http from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { describeFindings } from './helpers/axe.js';
import { chromium } from 'playwright-core';
import { auditAccessibility, CHROMIUM_ARGS, chromiumPath, openPage, VIEWPORTS } from './helpers/chromium.js';

const PAGE = (body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Check</title></head><body><main>${body}</main></body></html>`;
const PAGES: Record<string, string> = {
  '/labelled': PAGE('<h1>Sign in</h1><form method="post" action="/labelled"><label for="name">Name</label><input id="name" name="name"><button>Go</button></form>'),
  '/broken-label': PAGE('<h1>Sign in</h1><form method="post" action="/broken-label"><label for="elsewhere">Name</label><input id="name" name="name"><button>Go</button></form>'),
  '/redirect': '',
};

async function serve(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === '/redirect') return res.writeHead(303, { location: '/broken-label' }).end();
    const page = PAGES[req.url ?? ''];
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(page ?? PAGE('<h1>Not found</h1>'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

// Its own launch rather than browserTest, whose check would fail this test on the broken page on purpose
// (without Chromium, browserTest's one line says the browser tests are skipped).
const executable = chromiumPath();
if (executable) test('the accessibility check passes a labelled field and fails a label that points at no field, after a redirect too', async (t) => {
  const site = await serve();
  t.teardown(() => site.close());
  const browser = await chromium.launch({ executablePath: executable!, args: CHROMIUM_ARGS, headless: true });
  t.teardown(() => browser.close());
  const audit = auditAccessibility(browser);
  const { page } = await openPage(browser, VIEWPORTS.phone, site.url);
  await page.goto('/labelled');
  await audit.settle();
  t.deepEqual(audit.findings, []);
  await page.goto('/redirect');
  t.is(new URL(page.url()).pathname, '/broken-label', 'the redirect is followed as without the check');
  await audit.settle();
  t.deepEqual(audit.audited.map((url) => new URL(url).pathname), ['/labelled', '/broken-label']);
  t.deepEqual(audit.findings.map((f) => [new URL(f.url).pathname, f.rule, f.impact, f.viewport, f.targets]), [['/broken-label', 'label', 'critical', '360×640', ['#name']]]);
  t.regex(describeFindings(audit.findings)!, /critical label at 360×640 on http:\/\/127\.0\.0\.1:\d+\/broken-label/);
  t.is(describeFindings([]), null);
});
