import type { Context } from 'koa';
import { domainContents, listDomainPage } from '../../services/domain-list.js';
import { createDomain, removeDomain, requireDomain } from '../../services/domains.js';
import { FIRST_STEPS } from '../../services/first-steps.js';
import type { WebDeps } from '../deps.js';
import { formOf, queryText } from '../forms.js';
import { sendPage } from '../render.js';
import { attempt, type FieldErrors } from './form-errors.js';
import { adminActor, adminRouter, redirectTo, setFlash, urlsOf } from './guard.js';
import { askedPage, pageLinks } from './paging.js';
import { DOMAIN_TEXT, settingLabel } from './strings.js';

function showNew(ctx: Context, deps: WebDeps, name: string, errors: FieldErrors, status: number): void {
  sendPage(ctx, deps.views, 'admin/domains/new.njk', { name, errors }, status);
}

/** "Domains & Accounts" → "Manage Domains": the list with search and pages, "Add domain" and removal. */
export function domainRoutes(deps: WebDeps) {
  const router = adminRouter();

  router.get('domains', '/domains', async (ctx) => {
    const search = queryText(ctx, 'q', 253).trim();
    const { total, domains, ...position } = await listDomainPage(deps.services, search, askedPage(queryText(ctx, 'page')));
    sendPage(ctx, deps.views, 'admin/domains/list.njk', {
      search,
      total,
      paging: pageLinks(position, (page) => urlsOf(deps)('domains', {}, { q: search, page })),
      domains: domains.map((domain) => ({ name: domain.name, setting: settingLabel(domain.twoFactor) })),
      // No domain at all: a new install, whose home is this page.
      firstSteps: total === 0 && !search ? FIRST_STEPS : [],
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
    redirectTo(ctx, deps, 'domainEdit', { domain: result.value.name });
  });

  router.get('domainRemove', '/domains/:domain/remove', async (ctx) => {
    const domain = await requireDomain(deps.services, String(ctx.params.domain));
    const { accounts, classes } = await domainContents(deps.services, domain);
    sendPage(ctx, deps.views, 'admin/domains/remove.njk', { domain, accounts, classes });
  });

  router.post('/domains/:domain/remove', async (ctx) => {
    const domain = await requireDomain(deps.services, String(ctx.params.domain));
    await removeDomain(deps.services, adminActor(ctx), domain.name);
    setFlash(ctx, DOMAIN_TEXT.removed(domain.name));
    redirectTo(ctx, deps, 'domains');
  });

  return router;
}
