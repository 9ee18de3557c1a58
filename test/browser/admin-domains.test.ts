import test from 'ava';
import { findAccountClass } from '../../src/repos/account-classes.js';
import { findDomainByName } from '../../src/repos/domains.js';
import { ADMIN_PASSWORD, startTestServer } from '../helpers/http.js';
import { browserTest, fitsWidth, openPage, VIEWPORTS } from './helpers/chromium.js';

browserTest(test, 'WebAdmin without JavaScript: sign in, add a domain, enable its Account Defaults, add a mandatory class', async (t, browser) => {
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    const server = await startTestServer();
    const { context, page } = await openPage(browser, viewport, server.url);
    const fits = async (step: string) => t.true(await fitsWidth(page), `${step} fits ${size}`);
    try {
      await page.goto('/admin');
      t.regex(page.url(), /\/admin\/login\?next=|\/admin\/login$/);
      await fits('sign-in');
      await page.getByLabel('Administrator name').fill('admin');
      await page.getByLabel('Password').fill(ADMIN_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      t.is(await page.locator('h1').textContent(), 'Manage Domains');
      await fits('domain list');

      await page.getByRole('link', { name: 'Add domain' }).click();
      await page.getByLabel('Domain name').fill('example.com');
      await page.getByLabel('Postmaster password').fill('Secret-123');
      await page.getByRole('button', { name: 'Add domain' }).click();
      t.is(await page.locator('h1').textContent(), 'Edit domain example.com');
      t.regex((await page.locator('.flash.ok').textContent()) ?? '', /example\.com was added/);
      t.true(await page.getByRole('heading', { name: 'Branding' }).isVisible());
      await fits('General tab');

      await page.getByRole('link', { name: 'Account Defaults' }).click();
      await page.getByLabel('Enable 2-Step Verification').check();
      await page.getByRole('button', { name: 'Save' }).click();
      t.regex((await page.locator('.flash.ok').textContent()) ?? '', /2-Step Verification is enabled/);
      t.true(await page.getByLabel('Enable 2-Step Verification').isChecked());
      t.false(await page.getByLabel('Make 2-Step Verification mandatory').isChecked());
      await fits('Account Defaults');
      t.is((await findDomainByName(server.testDb.db, 'example.com'))!.twoFactor, 'enabled');

      await page.getByRole('navigation', { name: 'WebAdmin' }).getByRole('link', { name: 'Account Classes' }).click();
      await page.getByRole('link', { name: 'example.com' }).click();
      await page.getByLabel('Class name').fill('staff');
      await page.getByRole('button', { name: 'Add class' }).click();
      t.is(await page.locator('h1').textContent(), 'Edit account class staff');
      t.true(await page.getByLabel("Inherited (currently: enabled, from the domain's Account Defaults)").isChecked());
      await fits('class edit');
      await page.getByLabel('Make 2-Step Verification mandatory').check();
      await page.getByRole('button', { name: 'Save' }).click();
      t.regex((await page.locator('.flash.ok').textContent()) ?? '', /2-Step Verification is mandatory/);
      t.true(await page.getByLabel('Make 2-Step Verification mandatory').isChecked());
      const domain = (await findDomainByName(server.testDb.db, 'example.com'))!;
      t.is((await findAccountClass(server.testDb.db, domain.id, 'staff'))!.twoFactor, 'mandatory');

      await page.getByRole('link', { name: 'example.com' }).click();
      t.is(await page.locator('tbody tr td').nth(1).textContent(), 'mandatory (set on this class)');
      await fits('class list');
    } finally {
      await context.close();
      await server.close();
    }
  }
});
