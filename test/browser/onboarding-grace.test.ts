import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { Browser as PwBrowser } from 'playwright-core';
import { DAY_MS } from '../../src/core/dates.js';
import { applyAccountChanges } from '../../src/services/accounts.js';
import { requireDomain } from '../../src/services/domains.js';
import { TEST_ADMIN } from '../helpers/services.js';
import { browserTest, VIEWPORTS } from './helpers/chromium.js';
import { pairOnScreen, walkWith } from './onboarding-helpers.js';

async function graceWalk(t: ExecutionContext, browser: PwBrowser, viewport: { width: number; height: number }): Promise<void> {
  await walkWith(t, browser, viewport, 'mandatory', async (walk) => {
    const { page, server } = walk;
    const services = server.app.deps.services;
    await applyAccountChanges(services, TEST_ADMIN, await requireDomain(services, 'example.com'), 'alice', [{ op: 'setGraceDays', value: 7 }]);

    t.is(await walk.signIn(), '/setup', 'the set-up dialog comes right after the password');
    const dialog = page.getByRole('dialog');
    t.regex(await dialog.innerText(), /put this off until 5 December 2026, 09:00 UTC/);
    await walk.fits('the set-up dialog with "Not now"');
    await dialog.getByRole('button', { name: 'Not now' }).click();
    t.is(walk.path(), '/mail', '"Not now" leads to the mailbox');
    t.regex(await page.locator('main').innerText(), /by 5 December 2026, 09:00 UTC/);
    await walk.fits('the mailbox in the grace period');
    await walk.signOut();

    server.clock.advance(7 * DAY_MS);
    t.is(await walk.signIn(), '/setup', 'after the deadline the set-up comes again');
    t.is(await page.getByRole('dialog').getByRole('button', { name: 'Not now' }).count(), 0, 'and cannot wait any more');
    await page.goto('/mail');
    t.is(walk.path(), '/setup', 'nothing else is reachable');
    await page.getByRole('dialog').getByRole('link', { name: 'Get Started' }).click();
    await walk.fits('the forced pairing screen');
    await pairOnScreen(walk);
    t.is(walk.path(), '/settings/two-step/codes');
  });
}

browserTest(test, 'grace period: "Not now" until the deadline, then the set-up is forced — phone 360×640, no script', (t, browser) => graceWalk(t, browser, VIEWPORTS.phone));
browserTest(test, 'grace period: "Not now" until the deadline, then the set-up is forced — desktop, no script', (t, browser) => graceWalk(t, browser, VIEWPORTS.desktop));
