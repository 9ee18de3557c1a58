import type Router from '@koa/router';
import type { Context } from 'koa';
import { requireAccount, type AccountRecord } from '../../services/accounts.js';
import { requireDomain, type DomainRecord } from '../../services/domains.js';
import type { WebDeps } from '../deps.js';

/** The domain named in the path; an unknown one answers the 404 page. */
export async function loadDomain(deps: WebDeps, ctx: Context): Promise<DomainRecord> {
  return requireDomain(deps.services, String(ctx.params.domain ?? ''));
}

/** The domain and account named in the path; an unknown one answers the 404 page. */
export async function loadAccount(deps: WebDeps, ctx: Context): Promise<{ domain: DomainRecord; account: AccountRecord }> {
  const domain = await loadDomain(deps, ctx);
  const account = await requireAccount(deps.services, domain, String(ctx.params.account ?? ''));
  return { domain, account };
}

/** The path parameters of an account's pages. */
export function accountParams(account: AccountRecord): { domain: string; account: string } {
  return { domain: account.domainName, account: account.name };
}

/** Answers 303 to the named route of this router (post/redirect/get). */
export function seeOther(ctx: Context, router: Router, name: string, params: Record<string, string>, query?: Record<string, string>): void {
  ctx.status = 303;
  ctx.redirect(router.url(name, params, query ? { query } : undefined) as string);
}
