import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { Browser as PwBrowser } from 'playwright-core';
import { allowTrustDays } from '../helpers/trust-days.js';
import { browserTest, VIEWPORTS } from './helpers/chromium.js';
import { turnOnOnScreen, walkWith } from './onboarding-helpers.js';

async function trustWalk(t: ExecutionContext, browser: PwBrowser, viewport: { width: number; height: number }): Promise<void> {
  await walkWith(t, browser, viewport, 'enabled', async (walk) => {
    const { page, server } = walk;
    await allowTrustDays(server.testDb.db, 30);
    t.is(await walk.signIn(), '/mail');
    const key = await turnOnOnScreen(walk);
    await walk.signOut();

    t.is(await walk.signIn(), '/login/verify');
    const trust = page.getByLabel("Don't ask again on this browser for 30 days");
    t.true(await trust.isVisible());
    t.false(await trust.isChecked());
    await walk.fits('the challenge with the trust option');
    server.clock.advance(30_000);
    await page.fill('#code', walk.code(key));
    await trust.check();
    await page.click('main form button:has-text("Next")');
    t.is(walk.path(), '/mail');
    await walk.signOut();

    t.is(await walk.signIn(), '/mail', 'the password alone on this browser');
    await page.click('header a:has-text("Settings")');
    const section = page.locator('#trusted-browsers');
    t.regex(await section.innerText(), /This browser/);
    await walk.fits('Settings with a trusted browser');
    await section.getByRole('button', { name: /^Forget .*trusted/ }).click();
    t.is(walk.path(), '/settings');
    t.regex(await page.locator('.flash.ok').innerText(), /is no longer trusted/);
    t.regex(await page.locator('#trusted-browsers').innerText(), /No browser is trusted/);
    await walk.signOut();
    t.is(await walk.signIn(), '/login/verify', 'forgotten: the code is asked again');
  });
}

browserTest(test, 'trusted browser: "Don\'t ask again", the password alone, then Forget from Settings — phone 360×640, no script', (t, browser) => trustWalk(t, browser, VIEWPORTS.phone));
browserTest(test, 'trusted browser: "Don\'t ask again", the password alone, then Forget from Settings — desktop, no script', (t, browser) => trustWalk(t, browser, VIEWPORTS.desktop));
