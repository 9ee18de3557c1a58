import type { TwoFactorSetting } from '../../../src/core/policy.js';
import type { ExecutionContext } from 'ava';
import { Browser, startTestServer, type Page, type TestServer } from '../../helpers/http.js';
import { referenceTotp } from '../../helpers/rfc6238.js';
import { logIn, makeAccount, PASSWORD, type TestAccount } from '../webmail/helpers.js';

/** The page's own form (the layout's header holds the sign-out form). */
export const MAIN_FORM = 'main form';

/** A signed-in browser for a new account with the given effective setting. */
export async function signedIn(server: TestServer, setting: TwoFactorSetting, opts: { name?: string; paired?: boolean } = {}): Promise<{ browser: Browser; user: TestAccount; landing: Page }> {
  const user = await makeAccount(server, { setting, ...opts });
  const browser = new Browser(server.url);
  const landing = await logIn(browser, user.address);
  return { browser, user, landing };
}

/** The code of `key` (as shown, with spaces) at the server's clock, `offsetSteps` steps later. */
export function codeFor(server: TestServer, key: string, offsetSteps = 0): string {
  return referenceTotp(key.replace(/\s+/g, ''), Math.floor(server.clock.now() / 1000) + offsetSteps * 30);
}

/** The key text a pairing or add-device page shows, without spaces. */
export function shownKey(page: Page): string {
  return page.$('#secret-key').text().replace(/\s+/g, '');
}

/** Re-enters the password on the credential verification page. */
export function reverify(browser: Browser, next: 'pair' | 'configure' | 'app-password', password = PASSWORD): Promise<Page> {
  return browser.submit(`/settings/two-step/verify?next=${next}`, { password }, MAIN_FORM);
}

/** Turns 2-Step Verification on from Settings (optional mode): verify, pair, confirm. Answers the key and the codes shown. */
export async function turnOn(server: TestServer, browser: Browser): Promise<{ key: string; codes: string[]; codesPage: Page }> {
  await reverify(browser, 'pair');
  const pairing = await browser.get('/settings/two-step/pair');
  const key = shownKey(pairing);
  const confirmed = await browser.submitForm(pairing, { code: codeFor(server, key) }, MAIN_FORM);
  if (confirmed.location !== '/settings/two-step/codes') throw new Error(`pairing not confirmed: ${confirmed.status} ${confirmed.text.slice(0, 300)}`);
  const codesPage = await browser.get('/settings/two-step/codes');
  const codes = codesPage.$('#recovery-codes code').map((_, el) => codesPage.$(el).text()).get();
  return { key, codes, codesPage };
}

/** A signed-in browser for a new optional account that has just turned 2-Step Verification on and saved its codes. */
export async function configured(server: TestServer, opts: { name?: string } = {}) {
  const signed = await signedIn(server, 'enabled', opts);
  const { key, codes } = await turnOn(server, signed.browser);
  await signed.browser.get('/settings/two-step/codes/done');
  return { ...signed, key, codes, subject: { kind: 'account' as const, id: signed.user.account.id } };
}

/** A test body run against a fresh server, closed afterwards whatever happens. */
export function withServer(run: (t: ExecutionContext, server: TestServer) => Promise<void>): (t: ExecutionContext) => Promise<void> {
  return async (t) => {
    const server = await startTestServer();
    try {
      await run(t, server);
    } finally {
      await server.close();
    }
  };
}
