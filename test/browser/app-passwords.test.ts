import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { Browser as PwBrowser } from 'playwright-core';
import { findAccount } from '../../src/repos/accounts.js';
import { matchAppPassword } from '../../src/services/app-passwords.js';
import { browserTest, VIEWPORTS } from './helpers/chromium.js';
import { turnOnOnScreen, verifyPassword, walkWith } from './onboarding-helpers.js';

async function appPasswordWalk(t: ExecutionContext, browser: PwBrowser, viewport: { width: number; height: number }): Promise<void> {
  await walkWith(t, browser, viewport, 'enabled', async (walk) => {
    const { page, server } = walk;
    t.is(await walk.signIn(), '/mail');
    await page.click('header a:has-text("Settings")');
    t.regex(await page.locator('#app-passwords').innerText(), /Once it is on, they need an app password/);
    await turnOnOnScreen(walk);

    await page.goto('/settings');
    await walk.fits('Settings with app passwords');
    server.clock.advance(10 * 60_000);
    await page.click('#app-passwords a:has-text("Create app password")');
    t.is(walk.path(), '/settings/two-step/verify', 'the password is asked again first');
    await verifyPassword(page);
    t.is(walk.path(), '/settings/app-passwords/new');
    await walk.fits('the new app password form');
    await page.fill('#app-password-name', 'Thunderbird on the laptop');
    await page.click('main form button:has-text("Create app password")');
    t.is(await page.locator('h1').innerText(), 'Your new app password');
    const password = await page.locator('#app-password-value').inputValue();
    t.regex(password, /^[a-z]{4} [a-z]{4} [a-z]{4} [a-z]{4}$/);
    t.true(await page.locator('#app-password-value').isVisible());
    await walk.fits('the app password shown once');
    const [name, domainName] = walk.address.split('@');
    const account = await findAccount(server.testDb.db, domainName, name);
    t.truthy(await matchAppPassword(server.app.deps.services, account!, password), 'the shown password signs mail clients in');
    await page.click('main a:has-text("Done")');
    t.is(walk.path(), '/settings');
    t.is(await page.locator('#app-passwords tbody tr').count(), 1);
    t.false((await page.content()).includes(password), 'never shown again');
    await walk.fits('Settings listing an app password');

    await page.click('#app-passwords a:has-text("Create app password")');
    await page.fill('#app-password-name', 'Phone');
    await page.click('main form button:has-text("Create app password")');
    await page.click('main a:has-text("Done")');
    await page.click('#app-passwords a[aria-label="Revoke Phone"]');
    t.is(walk.path().endsWith('/revoke'), true);
    await walk.fits('the revoke confirmation');
    await page.click('main button:has-text("Revoke app password")');
    t.is(walk.path(), '/settings');
    t.regex(await page.locator('.flash.ok').innerText(), /"Phone" was revoked/);
    t.is(await page.locator('#app-passwords tbody tr').count(), 1);

    await page.goto('/m/mail/folders');
    await page.click('main a:has-text("Settings")');
    t.is(walk.path(), '/m/settings');
    t.regex(await page.locator('#app-passwords').innerText(), /Thunderbird on the laptop/);
    await walk.fits('Mobile WebMail Settings');
    await page.goto('/settings');

    await page.click('#app-passwords a:has-text("Revoke all")');
    await page.click('main button:has-text("Revoke all app passwords")');
    t.regex(await page.locator('.flash.ok').innerText(), /1 app password was revoked/);
    t.regex(await page.locator('#app-passwords').innerText(), /no app passwords/);
  });
}

browserTest(test, 'app passwords: create, shown once, list, revoke, revoke all, the mobile list — phone 360×640, no script', (t, browser) => appPasswordWalk(t, browser, VIEWPORTS.phone));
browserTest(test, 'app passwords: create, shown once, list, revoke, revoke all, the mobile list — desktop, no script', (t, browser) => appPasswordWalk(t, browser, VIEWPORTS.desktop));
