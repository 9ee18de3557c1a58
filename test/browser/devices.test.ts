import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { Browser as PwBrowser } from 'playwright-core';
import { browserTest, VIEWPORTS } from './helpers/chromium.js';
import { turnOnOnScreen, walkWith } from './onboarding-helpers.js';

async function devicesWalk(t: ExecutionContext, browser: PwBrowser, viewport: { width: number; height: number }): Promise<void> {
  await walkWith(t, browser, viewport, 'enabled', async (walk) => {
    const { page, server } = walk;
    t.is(await walk.signIn(), '/mail');
    const firstKey = await turnOnOnScreen(walk);

    await page.goto('/settings');
    await page.click('#two-step a:has-text("Configure")');
    t.is(walk.path(), '/settings/two-step', 'the password given to turn on still counts');
    t.is(await page.locator('#devices tbody tr').count(), 1);
    await page.click('main a:has-text("Add device")');
    t.is(walk.path(), '/settings/two-step/add-device');
    await walk.fits('Add device');
    const secondKey = (await page.locator('#secret-key').innerText()).replace(/\s+/g, '');
    t.not(secondKey, firstKey, 'the new device gets a key of its own');
    await page.fill('#device-name', 'Work phone');
    await page.fill('#code', walk.code(secondKey));
    await page.click('main form button:has-text("Add device")');
    t.is(walk.path(), '/settings/two-step');
    t.deepEqual(await page.locator('#devices tbody td[data-label=Name]').allInnerTexts(), ['Authenticator app', 'Work phone']);
    await walk.fits('Configure with two devices');

    await page.click('#devices a[aria-label="Remove Authenticator app"]');
    t.regex(await page.locator('h1').innerText(), /Remove "Authenticator app"\?/);
    await walk.fits('the remove confirmation');
    await page.click('main form button[type=submit]');
    t.is(walk.path(), '/settings/two-step');
    t.regex(await page.locator('.flash.ok').innerText(), /"Authenticator app" was removed/);
    t.deepEqual(await page.locator('#devices tbody td[data-label=Name]').allInnerTexts(), ['Work phone']);
    t.is(await page.locator('#devices a:has-text("Remove")').count(), 0, 'the only device goes only with Revoke all devices');

    await walk.signOut();
    t.is(await walk.signIn(), '/login/verify');
    server.clock.advance(30_000);
    await page.fill('#code', walk.code(firstKey));
    await page.click('main form button:has-text("Next")');
    t.is(walk.path(), '/login/verify', "the removed device's code is refused");
    t.regex(await page.locator('#challenge-error').innerText(), /not correct/);
    await page.fill('#code', walk.code(secondKey));
    await page.click('main form button:has-text("Next")');
    t.is(walk.path(), '/mail', 'the remaining device signs in');
  });
}

browserTest(test, 'named devices: add a second authenticator app, remove the first — phone 360×640, no script', (t, browser) => devicesWalk(t, browser, VIEWPORTS.phone));
browserTest(test, 'named devices: add a second authenticator app, remove the first — desktop, no script', (t, browser) => devicesWalk(t, browser, VIEWPORTS.desktop));
