import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { Browser as PwBrowser } from 'playwright-core';
import { browserTest, VIEWPORTS } from './helpers/chromium.js';
import { pairOnScreen, verifyPassword, walkWith } from './onboarding-helpers.js';

async function mandatoryWalk(t: ExecutionContext, browser: PwBrowser, viewport: { width: number; height: number }): Promise<void> {
  await walkWith(t, browser, viewport, 'mandatory', async (walk) => {
    const { page } = walk;
    t.is(await walk.signIn(), '/setup', 'the set-up dialog comes right after the password');
    const dialog = page.getByRole('dialog');
    t.true(await dialog.isVisible());
    t.regex(await dialog.innerText(), /requires 2-Step Verification/);
    t.true(await dialog.getByRole('button', { name: 'Sign out' }).isVisible());
    t.is(await dialog.getByRole('link', { name: 'Cancel' }).count(), 0);
    await walk.fits('the set-up dialog');
    await page.goto('/mail');
    t.is(walk.path(), '/setup', 'nothing else is reachable');

    await dialog.getByRole('link', { name: 'Get Started' }).click();
    t.is(walk.path(), '/setup/pair', 'no credential verification');
    await walk.fits('the set-up pairing screen');
    await pairOnScreen(walk);
    t.is(walk.path(), '/settings/two-step/codes');
    t.is(await page.locator('#recovery-codes li').count(), 10);
    await page.getByRole('link', { name: 'I have saved these codes' }).click();
    t.is(walk.path(), '/mail');

    await page.click('header a:has-text("Settings")');
    await page.click('#two-step a:has-text("Configure")');
    await verifyPassword(page);
    await page.click('main a:has-text("Revoke all devices")');
    t.regex(await page.locator('main').innerText(), /set it up again at once/);
    await page.click('main button:has-text("Revoke all devices")');
    t.is(walk.path(), '/setup', 'revoking in mandatory mode goes straight back to set-up');
    t.true(await page.getByRole('dialog').isVisible());
    await page.goto('/settings');
    t.is(walk.path(), '/setup');
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out' }).click();
    t.is(walk.path(), '/login');
  });
}

browserTest(test, 'mandatory 2-Step Verification: set-up right after the password, revoke leads back to it — phone 360×640, no script', (t, browser) => mandatoryWalk(t, browser, VIEWPORTS.phone));
browserTest(test, 'mandatory 2-Step Verification: set-up right after the password, revoke leads back to it — desktop, no script', (t, browser) => mandatoryWalk(t, browser, VIEWPORTS.desktop));
