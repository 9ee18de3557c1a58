import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { BrowserContext, Browser as PwBrowser, Page } from 'playwright-core';
import { listAudit } from '../../src/repos/audit.js';
import { listDevices, removeOneDevice } from '../../src/services/devices.js';
import { accountPairingTarget } from '../../src/services/pairing.js';
import { requireAccount } from '../../src/services/accounts.js';
import { startTestServer, type TestServer } from '../helpers/http.js';
import { TEST_ADMIN } from '../helpers/services.js';
import { codeNow, makeAccount, PASSWORD } from '../web/webmail/helpers.js';
import { browserTest, openPage, VIEWPORTS } from './helpers/chromium.js';

// Security keys need script and a secure context: these walks run with JavaScript on, at
// http://localhost (an IP address cannot be a relying party id), with Chromium's virtual authenticator.

// Configure, and the challenge (shown again at its answer's address when an answer is refused).
const KEY_PAGES = new Set(['/settings/two-step', '/login/verify', '/login/verify/security-key']);
const REFUSED_AT = '/login/verify/security-key';

/** A page with JavaScript on and a virtual CTAP2 USB key with user verification, recording which pages load which scripts. */
async function pageWithKey(browser: PwBrowser, base: string, viewport: { width: number; height: number }) {
  const context: BrowserContext = await browser.newContext({ javaScriptEnabled: true, viewport, baseURL: base });
  const page = await context.newPage();
  const scripts: { page: string; script: string }[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push({ page: new URL(request.frame().url()).pathname, script: new URL(request.url()).pathname });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = (await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  })) as { authenticatorId: string };
  return { context, page, scripts, cdp, authenticatorId };
}

const path = (page: Page) => new URL(page.url()).pathname;

/** Signs in with alice's password; lands on the challenge. */
async function password(page: Page): Promise<void> {
  await page.goto('/login');
  await page.fill('#username', 'alice@example.com');
  await page.fill('#password', PASSWORD);
  await page.click('main form button[type=submit]');
}

/** Answers the challenge with a fresh code of alice's app. */
async function code(page: Page, server: TestServer): Promise<void> {
  server.clock.advance(30_000);
  await page.fill('#code', codeNow(server));
  await page.click('main form button:has-text("Next")');
}

async function signOut(page: Page): Promise<void> {
  await page.click('header button:has-text("Sign out")');
}

/** Clicks "Use your security key" and waits for the page the answer leads to. */
async function useKey(page: Page): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.click('#security-key-signin button')]);
}

async function keyWalk(t: ExecutionContext, browser: PwBrowser, viewport: { width: number; height: number }): Promise<void> {
  const server = await startTestServer();
  const base = server.url.replace('127.0.0.1', 'localhost');
  const { context, page, scripts, cdp } = await pageWithKey(browser, base, viewport);
  try {
    const user = await makeAccount(server, { setting: 'enabled', paired: true });
    await password(page);
    t.is(path(page), '/login/verify');
    t.is(await page.locator('#security-key-signin').count(), 0, 'no key yet: nothing offered');
    await code(page, server);
    t.is(path(page), '/mail');

    // Configure: the script replaces the explanation with the form.
    await page.goto('/settings/two-step');
    await page.fill('#password', PASSWORD);
    await page.click('main form button:has-text("Next")');
    t.is(path(page), '/settings/two-step');
    t.false(await page.locator('#key-needs-script').isVisible());
    await page.fill('#keyName', 'Virtual key');
    await Promise.all([page.waitForNavigation(), page.click('#security-key-form button')]);
    t.regex(await page.locator('.flash.ok').innerText(), /The security key "Virtual key" was added/);
    t.regex(await page.locator('#devices').innerText(), /Virtual key\s+Security key or passkey/);
    // Measured over the walk's own DevTools session: a second one, detached, would take the virtual key with it.
    const metrics = (await cdp.send('Page.getLayoutMetrics')) as { cssContentSize: { width: number } };
    t.true(metrics.cssContentSize.width <= viewport.width + 1, 'Configure with a key fits the screen');

    // Sign in with it.
    await signOut(page);
    await password(page);
    t.true(await page.locator('#security-key-signin button').isVisible());
    await useKey(page);
    t.is(path(page), '/mail', 'signed in with the key');

    // A sign counter going backwards: the stored one is set ahead of the key's.
    const services = server.app.deps.services;
    const target = await accountPairingTarget(services, await requireAccount(services, user.domain, 'alice'));
    const key = (await listDevices(services, target.subject)).find((one) => one.kind === 'webauthn')!;
    await server.testDb.db('second_factors').where({ id: key.id }).update({ sign_count: 1000 });
    await signOut(page);
    await password(page);
    await useKey(page);
    t.is(path(page), REFUSED_AT);
    t.regex(await page.locator('#challenge-error').innerText(), /security key was not accepted/);
    const [failed] = await listAudit(server.testDb.db, { event: 'challenge.failed', limit: 1 });
    t.regex(failed.detail ?? '', /went backwards \(stored 1000, got \d+\)/);
    await server.testDb.db('second_factors').where({ id: key.id }).update({ sign_count: 0 });

    // A key removed after the browser signed and before its answer arrives is refused.
    await page.route('**/login/verify/security-key', async (route) => {
      if (route.request().method() === 'POST') await removeOneDevice(services, TEST_ADMIN, target, key.id);
      await route.continue();
    });
    await useKey(page);
    t.is(path(page), REFUSED_AT);
    t.regex(await page.locator('#challenge-error').innerText(), /security key was not accepted/);
    await page.unroute('**/login/verify/security-key');
    t.regex((await listAudit(server.testDb.db, { event: 'challenge.failed', limit: 1 }))[0].detail ?? '', /unknown or removed security key/);
    await page.goto('/login/verify');
    t.is(await page.locator('#security-key-signin').count(), 0, 'the removed key is no longer offered');
    await code(page, server);
    t.is(path(page), '/mail');

    const foreign = scripts.filter((one) => !KEY_PAGES.has(one.page));
    t.deepEqual(foreign, [], 'no other page loads script');
    t.deepEqual([...new Set(scripts.map((one) => one.script))].sort(), ['/static/simplewebauthn-browser.js', '/static/webauthn.js']);
  } finally {
    await context.close();
    await server.close();
  }
}

browserTest(test, 'security key in a real browser (desktop): register, sign in, a counter going backwards and a removed key refused, script only where needed', (t, browser) => keyWalk(t, browser, VIEWPORTS.desktop));
browserTest(test, 'security key in a real browser (360×640): register, sign in, a counter going backwards and a removed key refused, script only where needed', (t, browser) => keyWalk(t, browser, VIEWPORTS.phone));

browserTest(test, 'without JavaScript the challenge of an account with a key still offers the code and it works; Configure explains keys need script', async (t, browser) => {
  const server = await startTestServer();
  try {
    const user = await makeAccount(server, { setting: 'enabled', paired: true });
    // A key registered under this host, as the walk above does.
    await server.testDb.db('second_factors').insert({ account_id: user.account.id, kind: 'webauthn', name: 'YubiKey', configured: true, configured_at: 1, created_at: 1, credential_id: 'AAAA', public_key: 'AAAA', sign_count: 0, rp_id: '127.0.0.1' });
    for (const viewport of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
      const { context, page } = await openPage(browser, viewport, server.url);
      await password(page);
      t.is(path(page), '/login/verify');
      t.false(await page.locator('#security-key-signin').isVisible(), 'the key form stays hidden without script');
      t.true(await page.locator('#code').isVisible());
      await code(page, server);
      t.is(path(page), '/mail');
      await page.goto('/settings/two-step');
      await page.fill('#password', PASSWORD);
      await page.click('main form button:has-text("Next")');
      t.true(await page.locator('#key-needs-script').isVisible());
      t.false(await page.locator('#security-key-form').isVisible());
      await context.close();
    }
  } finally {
    await server.close();
  }
});
