import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { Browser as PwBrowser, Page } from 'playwright-core';
import { listAppPasswords } from '../../src/repos/app-passwords.js';
import { listAudit } from '../../src/repos/audit.js';
import { applyAccountChanges, createAccount } from '../../src/services/accounts.js';
import { createAppPassword, matchAppPassword, noteAppPasswordUse } from '../../src/services/app-passwords.js';
import { applyDomainChanges, createDomain } from '../../src/services/domains.js';
import { startTestServer } from '../helpers/http.js';
import { TEST_ADMIN } from '../helpers/services.js';
import { signInToWebAdmin } from './helpers/admin.js';
import { browserTest, fitsWidth, openPage, VIEWPORTS } from './helpers/chromium.js';

// The longest name the form takes, as one unbroken word: the table must wrap it, not widen the page.
const LONG_NAME = 'T'.repeat(64);

async function text(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();
}

async function walk(t: ExecutionContext, browser: PwBrowser, viewport: { width: number; height: number }): Promise<void> {
  const server = await startTestServer();
  const ctx = server.app.deps.services;
  const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'Secret-123');
  await applyDomainChanges(ctx, TEST_ADMIN, 'example.com', [{ op: 'setTwoFactorDefault', value: 'enabled' }]);
  await createAccount(ctx, TEST_ADMIN, domain, { name: 'carol', password: 'correct horse' });
  const carol = await applyAccountChanges(ctx, TEST_ADMIN, domain, 'carol', [{ op: 'provisionKey', key: 'JBSWY3DPEHPK3PXP' }]);
  const user = { kind: 'user' as const, name: carol.address, ip: '192.0.2.7' };
  const laptop = await createAppPassword(ctx, user, carol, LONG_NAME);
  await createAppPassword(ctx, user, carol, 'Phone');
  await noteAppPasswordUse(ctx, carol, (await matchAppPassword(ctx, carol, laptop.password))!, { ip: '198.51.100.4', service: 'imap' });
  const { context, page } = await openPage(browser, viewport, server.url);
  const fits = async (where: string) => t.true(await fitsWidth(page), `${where} fits ${viewport.width} px`);
  try {
    await signInToWebAdmin(page);
    await page.click('.admin-nav >> text=Manage Accounts');
    await page.click('tbody tr:has-text("carol") a:has-text("Edit")');
    const table = page.locator('#app-passwords table');
    t.regex(await text(page, '#app-passwords'), /Phone.*Never used/);
    t.regex(await text(page, '#app-passwords'), /198\.51\.100\.4.*IMAP/);
    await fits('the General tab with app passwords');
    const revoke = page.getByRole('link', { name: 'Revoke Phone' });
    const box = await revoke.boundingBox();
    t.true(box !== null && box.x >= 0 && box.x + box.width <= viewport.width, `"Revoke" is inside the ${viewport.width} px viewport`);

    await revoke.click();
    t.is(await text(page, '.dialog h1'), 'Revoke the app password "Phone" of carol@example.com?');
    await fits('the revoke confirmation');
    await page.click('.dialog a:has-text("Cancel")');
    t.is(await table.locator('tbody tr').count(), 2, 'Cancel revokes nothing');

    await page.getByRole('link', { name: 'Revoke Phone' }).click();
    await page.click('.dialog button[type=submit]');
    t.is(await text(page, '.flash.ok'), 'The app password "Phone" of carol@example.com was revoked.');
    t.is(await table.locator('tbody tr').count(), 1);
    t.regex(await text(page, '#app-passwords tbody'), new RegExp(LONG_NAME));
    t.regex(await text(page, 'table.audit tbody'), /App password revoked.*carol@example\.com.*administrator admin/s);
    await fits('the General tab after the revocation');
    t.deepEqual((await listAppPasswords(ctx.db, carol.id)).map((row) => row.name), [LONG_NAME]);
    t.is((await listAudit(ctx.db, { subject: carol.address, event: 'app_password.revoked', limit: 5 }))[0].actor.kind, 'admin');
  } finally {
    await context.close();
    await server.close();
  }
}

browserTest(test, 'an admin revokes an app password with JavaScript off on a 360 px phone', (t, browser) => walk(t, browser, VIEWPORTS.phone));
browserTest(test, 'an admin revokes an app password with JavaScript off on a desktop', (t, browser) => walk(t, browser, VIEWPORTS.desktop));
