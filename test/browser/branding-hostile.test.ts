import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import type { Page } from 'playwright-core';
import { createAccount } from '../../src/services/accounts.js';
import { requireDomain } from '../../src/services/domains.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/http.js';
import { addDomain, brand, BRANDING_ADMIN, solidPng } from '../web/branding/fixtures.js';
import { browserTest, fitsWidth, openPage, VIEWPORTS } from './helpers/chromium.js';

const HOSTILE_NAME = '<script>alert(1)</script>';
const HOSTILE_WELCOME = '"><img src=x onerror=alert(1)>';
const PASSWORD = 'user-password-1';

/** A server whose domain hostile.test carries the hostile name and welcome text (both plain text, accepted). */
async function hostileServer(): Promise<TestServer> {
  const server = await startTestServer();
  const target = await addDomain(server, 'hostile.test');
  await brand(server, target, { texts: { name: HOSTILE_NAME, welcomeText: HOSTILE_WELCOME, accentColor: '#aa0000' }, uploads: { logoPrivate: solidPng([170, 0, 0]) } });
  const domain = await requireDomain(server.app.deps.services, 'hostile.test');
  await createAccount(server.app.deps.services, BRANDING_ADMIN, domain, { name: 'alice', password: PASSWORD });
  return server;
}

/** Nothing the admin typed became markup: no injected image, no script element, texts shown as typed. */
async function assertInert(t: import('ava').ExecutionContext, page: Page, where: string): Promise<void> {
  t.is(await page.locator('img[src="x"]').count(), 0, `${where}: no injected image`);
  t.is(await page.locator('script').count(), 0, `${where}: no script element`);
  t.true((await page.title()).includes(HOSTILE_NAME), `${where}: the name is text in the title`);
}

browserTest(test, 'hostile branding renders inert at phone and desktop sizes with JavaScript off, and the login still works', async (t, browser) => {
  const server = await hostileServer();
  try {
    for (const viewport of Object.values(VIEWPORTS)) {
      const { context, page } = await openPage(browser, viewport, server.url);
      await page.goto('/login?domain=hostile.test');
      await assertInert(t, page, `login ${viewport.width}`);
      t.is(await page.locator('.brand').innerText(), HOSTILE_NAME);
      t.is(await page.locator('.welcome').innerText(), HOSTILE_WELCOME);
      t.true(await fitsWidth(page), `login fits ${viewport.width} px`);
      await page.fill('#username', 'alice');
      await page.fill('#password', PASSWORD);
      await page.click('main form button[type=submit]');
      t.is(new URL(page.url()).pathname, '/mail');
      await assertInert(t, page, `mailbox ${viewport.width}`);
      t.is(await page.locator('.app-brand img').getAttribute('alt'), HOSTILE_NAME);
      t.true(await fitsWidth(page), `mailbox fits ${viewport.width} px`);
      await context.close();
    }
  } finally {
    await server.close();
  }
});

browserTest(test, 'even with JavaScript on, no dialog opens on the branded pages or the branding screen and its preview', async (t, browser) => {
  const server = await hostileServer();
  try {
    const context = await browser.newContext({ javaScriptEnabled: true, viewport: VIEWPORTS.desktop, baseURL: server.url });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto('/login?domain=hostile.test');
    await page.goto('/m/login?domain=hostile.test');
    await page.goto('/admin/login');
    await page.fill('#f-name', 'admin');
    await page.fill('#f-password', ADMIN_PASSWORD);
    await page.click('main form button[type=submit]');
    await page.goto('/admin/domains/hostile.test/branding');
    await page.click('button[value=preview]');
    t.is(await page.locator('.brand-preview').count(), 2);
    t.is(await page.locator('.brand-preview .brand').first().innerText(), HOSTILE_NAME);
    t.is(await page.evaluate('document.scripts.length'), 0);
    t.deepEqual(dialogs, []);
    t.deepEqual(errors, []);
    await context.close();
  } finally {
    await server.close();
  }
});

browserTest(test, 'the branding form refuses a script link, a CSS colour and an SVG renamed .png, at phone size with JavaScript off', async (t, browser) => {
  const server = await hostileServer();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-upload-'));
  const svg = path.join(dir, 'logo.png');
  fs.writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>');
  try {
    const { context, page } = await openPage(browser, VIEWPORTS.phone, server.url);
    await page.goto('/admin/login');
    await page.fill('#f-name', 'admin');
    await page.fill('#f-password', ADMIN_PASSWORD);
    await page.click('main form button[type=submit]');
    await page.goto('/admin/domains/hostile.test/branding');
    t.true(await fitsWidth(page), 'the branding screen fits 360 px');
    await page.fill('#f-helpUrl', 'javascript:alert(1)');
    await page.fill('#f-accentColor', 'red;background:url(x)');
    await page.setInputFiles('#f-logoPublic', svg);
    await page.click('button[value=save]');
    t.regex(await page.locator('#f-helpUrl-error').innerText(), /https:\/\//);
    t.regex(await page.locator('#f-accentColor-error').innerText(), /six hexadecimal digits/);
    t.regex(await page.locator('#f-logoPublic-error').innerText(), /SVG/);
    t.is(await page.inputValue('#f-name'), HOSTILE_NAME, 'the other values are still there');
    t.true(await fitsWidth(page), 'the refused form fits 360 px');
    await page.fill('#f-helpUrl', 'https://help.example.com/');
    await page.fill('#f-accentColor', '#006633');
    await page.click('button[value=preview]');
    t.is(await page.locator('.brand-preview').count(), 2);
    t.true(await page.locator('.brand-preview').first().isVisible());
    t.true(await fitsWidth(page), 'the preview fits 360 px');
    await page.click('button[value=save]');
    t.regex(await page.locator('.flash.ok').innerText(), /saved/);
    await context.close();
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
