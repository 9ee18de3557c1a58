import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { Browser as PwBrowser } from 'playwright-core';
import { browserTest, VIEWPORTS } from './helpers/chromium.js';
import { pairOnScreen, verifyPassword, walkWith } from './onboarding-helpers.js';

async function optionalWalk(t: ExecutionContext, browser: PwBrowser, viewport: { width: number; height: number }): Promise<void> {
  await walkWith(t, browser, viewport, 'enabled', async (walk) => {
    const { page } = walk;
    t.is(await walk.signIn(), '/mail');
    await page.click('header a:has-text("Settings")');
    t.is(walk.path(), '/settings');
    t.is(await page.locator('.tabs [aria-current=page]').innerText(), 'General');
    t.regex(await page.locator('#two-step').innerText(), /2-Step Verification is off/);
    await walk.fits('Settings → General');

    await page.click('#two-step a:has-text("Turn on")');
    t.is(walk.path(), '/settings/two-step/turn-on');
    const dialog = page.getByRole('dialog');
    t.true(await dialog.isVisible());
    t.is(await dialog.getByRole('heading').innerText(), 'Turn on 2-Step Verification');
    await walk.fits('the Turn on dialog');
    // Keyboard order inside the dialog: Get Started, Cancel, then the close link.
    await page.keyboard.press('Tab');
    t.is(await page.locator(':focus').innerText(), 'Get Started');
    await page.keyboard.press('Tab');
    t.is(await page.locator(':focus').innerText(), 'Cancel');
    await page.keyboard.press('Tab');
    t.is(await page.locator(':focus').getAttribute('aria-label'), 'Close');
    await dialog.getByRole('link', { name: 'Get Started' }).click();

    t.is(walk.path(), '/settings/two-step/verify');
    await walk.fits('credential verification');
    await verifyPassword(page);
    t.is(walk.path(), '/settings/two-step/pair');
    t.true(await page.getByRole('img', { name: /QR code to add/ }).isVisible());
    await walk.fits('the pairing screen');
    const key = await pairOnScreen(walk);

    t.is(walk.path(), '/settings/two-step/codes');
    t.is(await page.locator('#recovery-codes li').count(), 10);
    t.true(await page.getByRole('link', { name: 'Download as text file' }).isVisible());
    await walk.fits('the recovery codes');
    // Every code and its number lie inside the list's box and the viewport: nothing is clipped.
    const clipped = await page.locator('#recovery-codes').evaluate((list, viewportWidth) => {
      const box = list.getBoundingClientRect();
      const items = [...list.querySelectorAll('li')].map((li) => li.getBoundingClientRect());
      const inside = items.every((item) => item.left >= box.left - 0.5 && item.right <= box.right + 0.5 && item.right <= viewportWidth);
      return !inside || list.scrollWidth > list.clientWidth;
    }, viewport.width);
    t.false(clipped, 'the recovery codes are not clipped');
    await page.getByRole('link', { name: 'I have saved these codes' }).click();
    t.is(walk.path(), '/mail');

    await walk.signOut();
    t.is(walk.path(), '/login');
    t.is(await walk.signIn(), '/login/verify', 'the next login is challenged');
    walk.server.clock.advance(30_000);
    await page.fill('#code', walk.code(key));
    await page.click('main form button:has-text("Next")');
    t.is(walk.path(), '/mail');

    await page.click('header a:has-text("Settings")');
    await page.click('#two-step a:has-text("Configure")');
    t.is(walk.path(), '/settings/two-step/verify');
    await verifyPassword(page);
    t.is(walk.path(), '/settings/two-step');
    await walk.fits('Configure');
    await page.click('main a:has-text("Revoke all devices")');
    t.is(walk.path(), '/settings/two-step/revoke');
    await walk.fits('the revoke confirmation');
    await page.click('main button:has-text("Revoke all devices")');
    t.is(walk.path(), '/settings');
    t.regex(await page.locator('#two-step').innerText(), /2-Step Verification is off/);
    t.true(await page.locator('#two-step a:has-text("Turn on")').isVisible());

    await walk.signOut();
    t.is(await walk.signIn(), '/mail', 'no longer challenged');
  });
}

browserTest(test, 'optional 2-Step Verification: turn on, challenged sign-in, revoke — phone 360×640, no script', (t, browser) => optionalWalk(t, browser, VIEWPORTS.phone));
browserTest(test, 'optional 2-Step Verification: turn on, challenged sign-in, revoke — desktop, no script', (t, browser) => optionalWalk(t, browser, VIEWPORTS.desktop));
