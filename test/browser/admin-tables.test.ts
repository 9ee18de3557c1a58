import test from 'ava';
import type { Page } from 'playwright-core';
import { createAccountClass } from '../../src/services/account-classes.js';
import { createAccount } from '../../src/services/accounts.js';
import { createAdmin } from '../../src/services/admins.js';
import { createDomain } from '../../src/services/domains.js';
import { ADMIN_PASSWORD, startTestServer } from '../helpers/http.js';
import { TEST_ADMIN } from '../helpers/services.js';
import { browserTest, fitsWidth, openPage } from './helpers/chromium.js';

// Real-world worst cases: the longest DNS label, the longest names the forms take, and unbroken words.
const DOMAIN = `${'d'.repeat(63)}.example`;
const ACCOUNT = 'a'.repeat(64);
const FULL_NAME = 'N'.repeat(100);
const CLASS = 'c'.repeat(64);
const ADMIN = 'm'.repeat(64);
const SIZES = [
  { width: 360, height: 640 },
  { width: 1280, height: 800 },
];

/** Every link of every row's actions lies inside the viewport, and the page does not scroll sideways. */
async function actionsVisible(page: Page, width: number): Promise<{ rows: number; outside: string[] }> {
  const outside: string[] = [];
  const rows = await page.locator('tbody tr').count();
  for (const link of await page.locator('tbody tr .row-actions a').all()) {
    const box = await link.boundingBox();
    if (!box || box.x < 0 || box.x + box.width > width) outside.push(`${await link.textContent()} at ${JSON.stringify(box)}`);
  }
  if (!(await fitsWidth(page))) outside.push('the page scrolls sideways');
  return { rows, outside };
}

browserTest(test, 'WebAdmin tables keep every action visible with the longest names, at 360 px as stacked cards and at 1280 px', async (t, browser) => {
  const server = await startTestServer();
  t.teardown(() => server.close());
  const services = server.app.deps.services;
  const domain = await createDomain(services, TEST_ADMIN, DOMAIN, 'Secret-123');
  await createAccount(services, TEST_ADMIN, domain, { name: ACCOUNT, password: 'correct horse', firstName: FULL_NAME });
  await createAccountClass(services, TEST_ADMIN, domain, CLASS);
  await createAdmin(services, TEST_ADMIN, ADMIN, 'Secret-123');
  const pages = [
    ['Manage Domains', '/admin/domains', 1],
    ['Manage Accounts', `/admin/domains/${DOMAIN}/accounts`, 2],
    ['Account Classes', `/admin/domains/${DOMAIN}/classes`, 1],
    ['Administrators', '/admin/admins', 2],
    ['Audit Log', '/admin/audit', 0],
  ] as const;
  for (const size of SIZES) {
    const { context, page } = await openPage(browser, size, server.url);
    try {
      await page.goto('/admin/login');
      await page.getByLabel('Administrator name').fill('admin');
      await page.getByLabel('Password').fill(ADMIN_PASSWORD);
      await Promise.all([page.waitForURL('**/admin/domains'), page.getByRole('button', { name: 'Sign in' }).click()]);
      for (const [name, path, withActions] of pages) {
        await page.goto(path);
        const { rows, outside } = await actionsVisible(page, size.width);
        t.true(rows >= withActions && rows > 0, `${name} at ${size.width} px lists its rows`);
        t.is(await page.locator('tbody tr .row-actions').count(), withActions ? rows : 0);
        t.deepEqual(outside, [], `${name} at ${size.width} px`);
        // At 360 px a row is a card: its cells stand one under the other.
        const cells = page.locator('tbody tr').first().locator('td');
        const [first, second] = [await cells.nth(0).boundingBox(), await cells.nth(1).boundingBox()];
        if (size.width === 360) t.true(second!.y >= first!.y + first!.height - 1, `${name}: cells stacked at 360 px`);
        else t.is(Math.round(second!.y), Math.round(first!.y), `${name}: cells side by side at 1280 px`);
      }
      // A heading and a flash naming the long domain wrap instead of widening the page.
      await page.goto(`/admin/domains/${DOMAIN}`);
      await page.getByLabel('WebMail host names').fill(`webmail.${DOMAIN}`);
      await page.getByRole('button', { name: 'Save' }).first().click();
      t.true((await page.locator('.flash').textContent())!.length > 0);
      t.true((await page.locator('h1').textContent())!.includes(DOMAIN));
      t.true(await fitsWidth(page), `domain page with its flash fits ${size.width} px`);
    } finally {
      await context.close();
    }
  }
});
