import { pagePosition } from '../core/paging.js';
import { countAccounts } from '../repos/accounts.js';
import { listAccountClasses } from '../repos/account-classes.js';
import { countDomains, listDomains, type DomainRecord } from '../repos/domains.js';
import type { ServiceContext } from './context.js';

/** Domains on one page of "Manage Domains" and of every domain picker. */
export const DOMAINS_PER_PAGE = 25;

/** One page of the domains whose name contains a search text. */
export interface DomainPage {
  /** Every matching domain, on all pages. */
  total: number;
  /** The page shown (1-based), clamped to the pages that exist. */
  page: number;
  pages: number;
  domains: DomainRecord[];
}

/** Page `asked` of the domains by name whose name contains `search` ('' for all). */
export async function listDomainPage(ctx: ServiceContext, search: string, asked: number): Promise<DomainPage> {
  const text = search.trim();
  const total = await countDomains(ctx.db, text);
  const position = pagePosition(asked, total, DOMAINS_PER_PAGE);
  const domains = await listDomains(ctx.db, { search: text, offset: position.offset, limit: DOMAINS_PER_PAGE });
  return { total, page: position.page, pages: position.pages, domains };
}

/** Every domain by name with how many accounts it has. */
export async function listDomainsWithAccountCounts(ctx: ServiceContext): Promise<{ domain: DomainRecord; accounts: number }[]> {
  const domains = await listDomains(ctx.db);
  return Promise.all(domains.map(async (domain) => ({ domain, accounts: await countAccounts(ctx.db, domain.id) })));
}

/** How much a domain holds: accounts and account classes (what its removal takes with it). */
export async function domainContents(ctx: ServiceContext, domain: DomainRecord): Promise<{ accounts: number; classes: number }> {
  const [accounts, classes] = await Promise.all([countAccounts(ctx.db, domain.id), listAccountClasses(ctx.db, domain.id)]);
  return { accounts, classes: classes.length };
}
