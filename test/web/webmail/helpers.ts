import type { TwoFactorSetting } from '../../../src/core/policy.js';
import type { AccountRecord } from '../../../src/repos/accounts.js';
import { findDomainByName, type DomainRecord } from '../../../src/repos/domains.js';
import { createAccount, type AccountChange } from '../../../src/services/accounts.js';
import { createDomain } from '../../../src/services/domains.js';
import { Browser, type Page, type TestServer } from '../../helpers/http.js';
import { referenceTotp } from '../../helpers/rfc6238.js';
import { TEST_ADMIN } from '../../helpers/services.js';

/** The provisioned secret key of test accounts (16 base32 characters). */
export const KEY = 'JBSWY3DPEHPK3PXP';

/** Password of test accounts. */
export const PASSWORD = 'alice-password-1';

/** What `makeAccount` created. */
export interface TestAccount {
  domain: DomainRecord;
  account: AccountRecord;
  address: string;
}

/**
 * Creates `name@example.com` (and the domain when missing) with the given effective setting, and
 * a provisioned key when `paired` (the account then counts as configured).
 */
export async function makeAccount(server: TestServer, opts: { name?: string; setting?: TwoFactorSetting; paired?: boolean } = {}): Promise<TestAccount> {
  const services = server.app.deps.services;
  const domain = (await findDomainByName(services.db, 'example.com')) ?? (await createDomain(services, TEST_ADMIN, 'example.com', 'postmaster-password'));
  const changes: AccountChange[] = [{ op: 'setTwoFactor', value: opts.setting ?? 'disabled' }];
  if (opts.paired) changes.push({ op: 'provisionKey', key: KEY });
  const account = await createAccount(services, TEST_ADMIN, domain, { name: opts.name ?? 'alice', password: PASSWORD }, changes);
  return { domain, account, address: account.address };
}

/** The account's current code, computed independently of the product from the provisioned key. */
export function codeNow(server: TestServer, offsetSteps = 0): string {
  return referenceTotp(KEY, Math.floor(server.clock.now() / 1000) + offsetSteps * 30);
}

/** Posts the login form of `path` with an address and password. */
export function logIn(browser: Browser, address: string, password = PASSWORD, path = '/login'): Promise<Page> {
  return browser.submit(path, { username: address, password });
}

/** Posts the challenge form of `path` with a code. */
export function answer(browser: Browser, code: string, path = '/login/verify'): Promise<Page> {
  return browser.submit(path, { code });
}

/** The session cookie value of a browser (the signed session id), or undefined. */
export function sessionId(browser: Browser): string | undefined {
  return browser.cookies.get('twostep.sid');
}
