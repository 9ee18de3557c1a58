import { TestClock } from '../../../src/clock.js';
import type { DomainRecord } from '../../../src/repos/domains.js';
import { createAccountClass } from '../../../src/services/account-classes.js';
import { createAccount, requireAccount } from '../../../src/services/accounts.js';
import { applyDomainChanges, createDomain } from '../../../src/services/domains.js';
import type { ServiceContext } from '../../../src/services/context.js';
import { startTestServer, type Browser, type Page, type TestServer } from '../../helpers/http.js';
import { TEST_ADMIN } from '../../helpers/services.js';
import { signedInAdmin } from './helpers.js';

/** A server with example.com (Account Defaults: enabled), a class `staff` (mandatory), alice (domain defaults) and bob (class staff). */
export interface AccountsFixture {
  server: TestServer;
  ctx: ServiceContext;
  domain: DomainRecord;
  admin: Browser;
  /** Loads an account of example.com as stored now. */
  account(name: string): ReturnType<typeof requireAccount>;
}

/** Boots the fixture; close it with `fixture.server.close()`. */
export async function accountsFixture(): Promise<AccountsFixture> {
  const server = await startTestServer({}, new TestClock());
  const ctx = server.app.deps.services;
  const created = await createDomain(ctx, TEST_ADMIN, 'example.com', 'Secret-123');
  const domain = await applyDomainChanges(ctx, TEST_ADMIN, created.name, [{ op: 'setTwoFactorDefault', value: 'enabled' }]);
  await createAccountClass(ctx, TEST_ADMIN, domain, 'staff', [{ op: 'setTwoFactor', value: 'mandatory' }]);
  await createAccount(ctx, TEST_ADMIN, domain, { name: 'alice', password: 'correct horse', firstName: 'Alice', lastName: 'Liddell' });
  await createAccount(ctx, TEST_ADMIN, domain, { name: 'bob', password: 'correct horse' }, [{ op: 'inherit', className: 'staff' }]);
  return { server, ctx, domain, admin: await signedInAdmin(server), account: (name) => requireAccount(ctx, domain, name) };
}

/** The account page path of `name` in example.com, with an optional sub-path. */
export function accountPath(name: string, sub = ''): string {
  return `/admin/domains/example.com/accounts/${name}${sub ? `/${sub}` : ''}`;
}

/** The text of an element with whitespace collapsed. */
export function textOf(page: Page, selector: string): string {
  return page.$(selector).text().replace(/\s+/g, ' ').trim();
}
