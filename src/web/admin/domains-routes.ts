import type { Context } from 'koa';
import { countDomains, listDomains } from '../../repos/domains.js';
import { createDomain } from '../../services/domains.js';
import type { WebDeps } from '../deps.js';
import { formOf, queryText } from '../forms.js';
import { sendPage } from '../render.js';
import { attempt, type FieldErrors } from './form-errors.js';
import { adminActor, adminRouter, setFlash } from './guard.js';
import { pageOf } from './paging.js';
import { DOMAIN_TEXT, settingLabel } from './strings.js';

/** Domains shown per page of the list. */
export const DOMAINS_PER_PAGE = 25;

function showNew(ctx: Context, deps: WebDeps, name: string, errors: FieldErrors, status: number): void {
  sendPage(ctx, deps.views, 'admin/domains/new.njk', { name, errors }, status);
}

/** "Domains & Accounts" → "Manage Domains": the list with search and pages, and "Add domain". */
export function domainRoutes(deps: WebDeps) {
  const router = adminRouter();

  router.get('domains', '/domains', async (ctx) => {
    const search = queryText(ctx, 'q', 253).trim();
    const total = await countDomains(deps.db, search);
    const paging = pageOf(queryText(ctx, 'page'), total, DOMAINS_PER_PAGE, (page) => router.url('domains', {}, { query: { q: search || undefined, page } }) as string);
    const domains = await listDomains(deps.db, { search, offset: paging.offset, limit: DOMAINS_PER_PAGE });
    sendPage(ctx, deps.views, 'admin/domains/list.njk', {
      search,
      total,
      paging,
      domains: domains.map((domain) => ({ name: domain.name, setting: settingLabel(domain.twoFactor) })),
    });
  });

  router.get('domainNew', '/domains/new', (ctx) => showNew(ctx, deps, '', {}, 200));

  router.post('/domains/new', async (ctx) => {
    const form = formOf(ctx);
    const name = form.trimmed('name', 253);
    const password = form.text('postmasterPassword', 256);
    const errors: FieldErrors = {};
    if (form.malformed('name', 253)) errors.name = DOMAIN_TEXT.nameTooLong;
    else if (!name) errors.name = DOMAIN_TEXT.nameMissing;
    if (form.malformed('postmasterPassword', 256)) errors.postmasterPassword = DOMAIN_TEXT.passwordTooLong;
    if (Object.keys(errors).length) return showNew(ctx, deps, name, errors, 400);
    const result = await attempt(() => createDomain(deps.services, adminActor(ctx), name, password));
    if (!result.ok) return showNew(ctx, deps, name, result.errors, result.status);
    setFlash(ctx, DOMAIN_TEXT.created(result.value.name));
    ctx.status = 303;
    ctx.redirect(router.url('domains') as string);
  });

  return router;
}
