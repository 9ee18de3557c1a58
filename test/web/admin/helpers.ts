import { createHmac, randomBytes } from 'node:crypto';
import type { ExecutionContext } from 'ava';
import { saveSession } from '../../../src/repos/sessions.js';
import { createAccount } from '../../../src/services/accounts.js';
import { createDomain, requireDomain } from '../../../src/services/domains.js';
import { WEBMAIL_COOKIE } from '../../../src/web/webmail/app.js';
import { testConfig } from '../../helpers/config.js';
import type { Config } from '../../../src/config.js';
import { ADMIN_PASSWORD, Browser, startTestServer, type Page, type TestServer } from '../../helpers/http.js';
import { TEST_ADMIN } from '../../helpers/services.js';

/** Signs in at /admin/login with `name` and `password` and answers the browser and the answer to the POST. */
export async function adminLogin(server: TestServer, name = 'admin', password = ADMIN_PASSWORD): Promise<{ browser: Browser; page: Page }> {
  const browser = new Browser(server.url);
  const page = await browser.submit('/admin/login', { name, password });
  return { browser, page };
}

/** A browser fully signed in to WebAdmin as the built-in admin. */
export async function signedInAdmin(server: TestServer): Promise<Browser> {
  const { browser, page } = await adminLogin(server);
  if (page.status !== 303) throw new Error(`admin sign-in failed with ${page.status}: ${page.$('[role=alert]').text()}`);
  return browser;
}

function signCookie(name: string, value: string): string {
  const key = testConfig().appKeys![0];
  return createHmac('sha1', key).update(`${name}=${value}`).digest('base64').replace(/\/|\+|=/g, (ch) => ({ '/': '_', '+': '-', '=': '' })[ch]!);
}

/**
 * A browser holding a fully signed-in WebMail session of a real account (`user@webmail.example`),
 * stored as the WebMail app stores it, with its signed cookie.
 */
export async function signedInWebmailUser(server: TestServer): Promise<Browser> {
  const ctx = server.app.deps.services;
  await createDomain(ctx, TEST_ADMIN, 'webmail.example', 'Secret-123').catch(() => undefined);
  const domain = await requireDomain(ctx, 'webmail.example');
  const account = await createAccount(ctx, TEST_ADMIN, domain, { name: `user${randomBytes(3).toString('hex')}`, password: 'correct horse' });
  const sid = randomBytes(24).toString('base64url');
  const now = server.clock.now();
  await saveSession(server.testDb.db, { sid, kind: 'webmail', accountId: account.id, adminId: null, data: { accountId: account.id, stage: 'full', createdAt: now, seenAt: now }, expiresAt: now + 3_600_000 });
  const browser = new Browser(server.url);
  browser.cookies.set(WEBMAIL_COOKIE, sid);
  browser.cookies.set(`${WEBMAIL_COOKIE}.sig`, signCookie(WEBMAIL_COOKIE, sid));
  // The same id under WebAdmin's cookie name must not open WebAdmin either.
  browser.cookies.set('twostep.admin', sid);
  browser.cookies.set('twostep.admin.sig', signCookie('twostep.admin', sid));
  return browser;
}

/**
 * The three tests every WebAdmin screen has: anonymous → the admin sign-in (with a return path),
 * a signed-in WebMail user → no content, an admin → the content (`expect` checks it).
 */
export async function threeTests(t: ExecutionContext, server: TestServer, path: string, expect: (page: Page) => void): Promise<void> {
  const anonymous = await new Browser(server.url).get(path);
  t.is(anonymous.status, 303, `${path} anonymous`);
  t.is(anonymous.location, `/admin/login?next=${encodeURIComponent(path)}`, `${path} anonymous goes to sign-in`);
  const user = await (await signedInWebmailUser(server)).get(path);
  t.is(user.status, 303, `${path} WebMail user`);
  t.regex(user.location ?? '', /^\/admin\/login/, `${path} WebMail user goes to the admin sign-in`);
  const admin = await (await signedInAdmin(server)).get(path);
  t.is(admin.status, 200, `${path} admin`);
  expect(admin);
}

/** Form fields that break naive form handling: an array, a 10 KB value, bytes that are not UTF-8. */
export const HOSTILE_VALUES = {
  array: ['a', 'b'],
  huge: 'x'.repeat(10 * 1024),
};

/** The page's own form (not the sign-out form of the top bar). */
export const MAIN_FORM = 'main form[method=post]';

/** Runs `run` against a fresh test server and closes it afterwards. */
export async function withServer(run: (server: TestServer) => Promise<void>, overrides: Partial<Config> = {}): Promise<void> {
  const server = await startTestServer(overrides);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}
