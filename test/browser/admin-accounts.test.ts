import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { Browser as PwBrowser, Page } from 'playwright-core';
import { createAccountClass } from '../../src/services/account-classes.js';
import { applyDomainChanges, createDomain } from '../../src/services/domains.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/http.js';
import { referenceTotp } from '../helpers/rfc6238.js';
import { TEST_ADMIN } from '../helpers/services.js';
import { browserTest, fitsWidth, openPage, VIEWPORTS } from './helpers/chromium.js';

const KEY = 'JBSWY3DPEHPK3PXP';
const PASSWORD = 'correct horse';

/** The other half of the walk (domain with Account Defaults enabled, class staff mandatory) is set up directly. */
async function serverWithClass(): Promise<TestServer> {
  const server = await startTestServer();
  const ctx = server.app.deps.services;
  await createDomain(ctx, TEST_ADMIN, 'example.com', 'Secret-123');
  const domain = await applyDomainChanges(ctx, TEST_ADMIN, 'example.com', [{ op: 'setTwoFactorDefault', value: 'enabled' }]);
  await createAccountClass(ctx, TEST_ADMIN, domain, 'staff', [{ op: 'setTwoFactor', value: 'mandatory' }]);
  return server;
}

async function text(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();
}

/** Signs carol in at the WebMail login and answers the path she lands on after the password. */
async function webmailPassword(browser: PwBrowser, server: TestServer, viewport: { width: number; height: number }): Promise<{ page: Page; close(): Promise<void>; path: string }> {
  const { context, page } = await openPage(browser, viewport, server.url);
  await page.goto('/login');
  await page.fill('#username', 'carol@example.com');
  await page.fill('#password', PASSWORD);
  await page.click('form button[type=submit]');
  return { page, close: () => context.close(), path: new URL(page.url()).pathname };
}

async function walk(t: ExecutionContext, browser: PwBrowser, viewport: { width: number; height: number }): Promise<void> {
  const server = await serverWithClass();
  const { context, page } = await openPage(browser, viewport, server.url);
  const fits = async (where: string) => t.true(await fitsWidth(page), `${where} fits ${viewport.width} px`);
  try {
    await page.goto('/admin/login');
    await page.fill('#f-name', 'admin');
    await page.fill('#f-password', ADMIN_PASSWORD);
    await page.click('main form button[type=submit]');
    await page.click('.admin-nav >> text=Manage Accounts');
    t.is(new URL(page.url()).pathname, '/admin/domains/example.com/accounts');
    await fits('the account list');

    await page.click('summary:has-text("Add account")');
    await page.fill('#f-name', 'carol');
    await page.fill('#f-firstName', 'Carol');
    await page.fill('#f-password', PASSWORD);
    await page.selectOption('#f-inherit', 'staff');
    await page.click('details button[type=submit]');
    t.is(await text(page, '.flash.ok'), 'The account carol@example.com was added.');
    t.is(await text(page, '#tsv-setting'), 'mandatory, inherited from class staff');
    await fits('the General tab');

    await page.click('.tabs >> text=Quotas and Restrictions');
    await page.check('input[name=twoFactor][value=disabled]');
    await page.click('main form.panel button[type=submit]');
    t.is(await text(page, '#tsv-current'), 'disabled, set on this account');
    await fits('the Restrictions tab');
    await page.click('.tabs >> text=General');
    t.is(await text(page, '#tsv-setting'), 'disabled, set on this account');

    await page.click('.tabs >> text=Quotas and Restrictions');
    await page.check('input[name=twoFactor][value=inherit]');
    await page.click('main form.panel button[type=submit]');
    t.regex(await text(page, 'main'), /1 account will have to set up 2-Step Verification at their next login/);
    await fits('the impact preview');
    await page.click('main form button[type=submit]');
    await page.click('.tabs >> text=General');
    t.is(await text(page, '#tsv-setting'), 'mandatory, inherited from class staff');

    await page.fill('#f-secretKey', 'JBSWY3DPEHPK3PX1');
    await page.click('#add-key button[type=submit]');
    t.regex(await text(page, '#f-secretKey-error'), /contains "1".*exactly 16 characters/);
    t.is(await text(page, '#tsv-status'), 'enabled, not configured');
    await page.fill('#f-secretKey', 'jbsw y3dp ehpk 3pxp');
    await page.click('#add-key button[type=submit]');
    t.is(await text(page, '#tsv-status'), 'configured');

    // The provisioned key signs carol in: password, then a code from it.
    const first = await webmailPassword(browser, server, viewport);
    t.is(first.path, '/login/verify');
    await first.page.fill('#code', referenceTotp(KEY, server.clock.now() / 1000));
    await first.page.click('form button[type=submit]');
    t.is(new URL(first.page.url()).pathname, '/mail');
    await first.close();

    await page.click('a:has-text("Revoke all devices")');
    await fits('the revoke confirmation');
    await page.click('.dialog button[type=submit]');
    t.is(await text(page, '#tsv-status'), 'enabled, not configured');

    await page.fill('#f-secretKey', KEY);
    await page.click('#add-key button[type=submit]');
    t.is(await text(page, '#tsv-status'), 'configured');
    await page.click('a:has-text("Reset secret key")');
    await page.click('.dialog button[type=submit]');
    t.regex(await text(page, '.flash.ok'), /must pair an authenticator app again/);
    t.is(await text(page, '#tsv-status'), 'enabled, not configured');

    await page.click('a:has-text("Full audit log of this account")');
    t.is(await page.inputValue('#f-account'), 'carol@example.com');
    t.regex(await text(page, 'table.audit tbody'), /Secret key reset.*carol@example\.com.*administrator admin.*127\.0\.0\.1/s);
    t.regex(await text(page, 'table.audit tbody'), /Challenge passed/);
    await fits('the audit log');

    // After the reset the old key opens nothing: no challenge takes its code, pairing a new key comes first.
    server.clock.advance(60_000);
    const after = await webmailPassword(browser, server, viewport);
    t.is(after.path, '/setup');
    await after.page.goto('/login/verify');
    t.not(new URL(after.page.url()).pathname, '/login/verify');
    await after.page.goto('/mail');
    t.not(new URL(after.page.url()).pathname, '/mail');
    await after.close();
  } finally {
    await context.close();
    await server.close();
  }
}

browserTest(test, 'Manage Accounts walk with JavaScript off on a 360 px phone', (t, browser) => walk(t, browser, VIEWPORTS.phone));
browserTest(test, 'Manage Accounts walk with JavaScript off on a desktop', (t, browser) => walk(t, browser, VIEWPORTS.desktop));
