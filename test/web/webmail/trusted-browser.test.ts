import test from 'ava';
import { listAudit } from '../../../src/repos/audit.js';
import { listTrustedBrowsers } from '../../../src/repos/trusted-browsers.js';
import type { Config } from '../../../src/config.js';
import { applyAccountChanges } from '../../../src/services/accounts.js';
import { TRUST_COOKIE } from '../../../src/web/webmail/trust-cookie.js';
import { Browser, startTestServer, type TestServer } from '../../helpers/http.js';
import { TEST_ADMIN } from '../../helpers/services.js';
import { allowTrustDays } from '../../helpers/trust-days.js';
import { answer, codeNow, logIn, makeAccount, PASSWORD, type TestAccount } from './helpers.js';

const FIREFOX = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0' };
const MAIN_FORM = 'main form';

async function withTrust(days: number, run: (server: TestServer, alice: TestAccount, bob: TestAccount) => Promise<void>, config: Partial<Config> = {}): Promise<void> {
  const server = await startTestServer(config);
  try {
    const alice = await makeAccount(server, { setting: 'enabled', paired: true });
    const bob = await makeAccount(server, { name: 'bob', setting: 'enabled', paired: true });
    await allowTrustDays(server.testDb.db, days);
    await run(server, alice, bob);
  } finally {
    await server.close();
  }
}

function trustCookie(setCookies: string[]): string | undefined {
  return setCookies.find((cookie) => cookie.startsWith(`${TRUST_COOKIE}=`));
}

/** Signs in with the password and a code, ticking "Don't ask again" when `trust`; answers the challenge's answer. */
async function signInTrusting(server: TestServer, browser: Browser, address: string, trust: boolean) {
  await logIn(browser, address);
  const page = await browser.get('/login/verify');
  return browser.submitForm(page, trust ? { code: codeNow(server), trust: 'yes' } : { code: codeNow(server) }, MAIN_FORM);
}

async function signOut(browser: Browser): Promise<void> {
  await browser.submit('/logout', {}, 'form[action="/logout"]');
}

test('with the setting at 0 the challenge offers no trust, and a posted "trust" does nothing', async (t) => {
  await withTrust(0, async (server, alice) => {
    const browser = new Browser(server.url);
    await logIn(browser, alice.address);
    const page = await browser.get('/login/verify');
    t.is(page.$('input[name=trust]').length, 0);
    const done = await browser.submitForm(page, { code: codeNow(server), trust: 'yes' }, MAIN_FORM);
    t.is(done.location, '/mail');
    t.is(trustCookie(done.setCookies), undefined);
    t.deepEqual(await listTrustedBrowsers(server.testDb.db, alice.account.id), []);
  });
});

test('"Don\'t ask again on this browser for 30 days": an HttpOnly SameSite=Lax cookie, then the password alone signs in on this browser', async (t) => {
  await withTrust(30, async (server, alice) => {
    const browser = new Browser(server.url, FIREFOX);
    await logIn(browser, alice.address);
    const page = await browser.get('/login/verify');
    t.is(page.$('label:has(input[name=trust])').text().trim(), "Don't ask again on this browser for 30 days");
    t.is(page.$('input[name=trust]').attr('checked'), undefined, 'never ticked for the user');
    const recovery = await browser.get('/login/verify/recovery');
    t.is(recovery.$('input[name=trust]').length, 1, 'offered with a recovery code too');
    const done = await browser.submitForm(page, { code: codeNow(server), trust: 'yes' }, MAIN_FORM);
    t.is(done.location, '/mail');
    const cookie = trustCookie(done.setCookies)!;
    t.truthy(cookie);
    t.regex(cookie, /; httponly/i);
    t.regex(cookie, /; samesite=lax/i);
    t.notRegex(cookie, /; secure/i, 'not Secure over plain HTTP');
    t.regex(cookie, /; expires=/i);
    const [row] = await listTrustedBrowsers(server.testDb.db, alice.account.id);
    t.is(row.description, 'Firefox on Linux');
    t.false(cookie.includes(row.tokenHash));

    await signOut(browser);
    const wrong = await logIn(browser, alice.address, 'not-the-password');
    t.is(wrong.status, 401, 'the password is never skipped');
    const again = await logIn(browser, alice.address);
    t.is(again.location, '/mail', 'no code asked');
    t.is((await browser.get('/mail')).status, 200);
    t.is((await listAudit(server.testDb.db, { event: 'challenge.skipped', limit: 5 })).length, 1);
    const other = new Browser(server.url, FIREFOX);
    t.is((await logIn(other, alice.address)).location, '/login/verify', 'another browser is still asked');
  });
});

test("the cookie copied to another account's sign-in does nothing", async (t) => {
  await withTrust(30, async (server, alice, bob) => {
    const browser = new Browser(server.url);
    await signInTrusting(server, browser, alice.address, true);
    await signOut(browser);
    t.is((await logIn(browser, bob.address)).location, '/login/verify');
  });
});

test('COOKIE_SECURE=true gives the trust cookie the Secure flag', async (t) => {
  await withTrust(30, async (server, alice) => {
    const done = await signInTrusting(server, new Browser(server.url), alice.address, true);
    t.regex(trustCookie(done.setCookies)!, /; secure/i);
  }, { cookieSecure: true });
});

test('Settings lists the trusted browser as this browser; Forget makes the next sign-in ask for a code', async (t) => {
  await withTrust(30, async (server, alice) => {
    const browser = new Browser(server.url, FIREFOX);
    await signInTrusting(server, browser, alice.address, true);
    const settings = await browser.get('/settings');
    const section = settings.$('#trusted-browsers');
    t.regex(section.text(), /for 30 days/);
    t.is(section.find('li strong').text(), 'Firefox on Linux from 127.0.0.1');
    t.is(section.find('li .badge').text(), 'This browser');
    t.is((await browser.post(section.find('li form').attr('action')!, {})).status, 403, 'no form token, nothing forgotten');
    const forgot = await browser.submitForm(settings, {}, '#trusted-browsers li form');
    t.is(forgot.location, '/settings#trusted-browsers');
    const after = await browser.get('/settings');
    t.regex(after.$('.flash.ok').text(), /Firefox on Linux is no longer trusted/);
    t.regex(after.$('#trusted-browsers').text(), /No browser is trusted/);
    await signOut(browser);
    t.is((await logIn(browser, alice.address)).location, '/login/verify');
  });
});

test('Forget all, and a password change, end trust; a forged id is refused calmly', async (t) => {
  await withTrust(30, async (server, alice) => {
    const browser = new Browser(server.url);
    await signInTrusting(server, browser, alice.address, true);
    const other = new Browser(server.url);
    server.clock.advance(30_000);
    await signInTrusting(server, other, alice.address, true);
    const settings = await browser.get('/settings');
    t.is(settings.$('#trusted-browsers li').length, 2);
    const csrf = settings.$('#trusted-browsers input[name=_csrf]').first().attr('value')!;
    for (const bad of ['0', 'abc', '99999999999']) {
      const page = await browser.post(`/settings/trusted-browsers/${bad}/forget`, { _csrf: csrf });
      t.true(page.status === 303 || page.status === 404, `${bad}: ${page.status}`);
    }
    const all = await browser.submitForm(settings, {}, 'form[action="/settings/trusted-browsers/forget-all"]');
    t.is(all.location, '/settings#trusted-browsers');
    t.regex((await browser.get('/settings')).$('.flash.ok').text(), /2 browsers are no longer trusted/);

    server.clock.advance(30_000);
    await signOut(other);
    await signInTrusting(server, other, alice.address, true);
    t.is((await listTrustedBrowsers(server.testDb.db, alice.account.id)).length, 1);
    await applyAccountChanges(server.app.deps.services, TEST_ADMIN, alice.domain, 'alice', [{ op: 'setPassword', password: 'alice-password-2' }]);
    await signOut(other);
    t.is((await logIn(other, alice.address, 'alice-password-2')).location, '/login/verify');
  });
});

test('the setting lowered to 0 hides the option and ends the trust at once', async (t) => {
  await withTrust(30, async (server, alice) => {
    const browser = new Browser(server.url);
    await signInTrusting(server, browser, alice.address, true);
    await signOut(browser);
    await allowTrustDays(server.testDb.db, 0);
    t.is((await logIn(browser, alice.address, PASSWORD)).location, '/login/verify');
    t.is((await browser.get('/login/verify')).$('input[name=trust]').length, 0);
    await answer(browser, codeNow(server, 1));
    t.is((await browser.get('/settings')).$('#trusted-browsers').length, 0, 'nothing trusted, nothing to show');
  });
});

test('WebAdmin never offers or uses trust', async (t) => {
  await withTrust(30, async (server) => {
    const page = await new Browser(server.url).get('/admin/login');
    t.is(page.$('input[name=trust]').length, 0);
    t.false(page.text.includes("Don't ask again"));
  });
});
