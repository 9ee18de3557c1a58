import type Router from '@koa/router';
import type { Context } from 'koa';
import { accountClassNames } from '../../services/account-classes.js';
import { listAccountPage, parseStatusFilter, STATUS_FILTERS } from '../../services/account-list.js';
import { createAccount, type AccountChange } from '../../services/accounts.js';
import { listDomainPage } from '../../services/domain-list.js';
import type { DomainRecord } from '../../services/domains.js';
import type { WebDeps } from '../deps.js';
import { formOf, queryText } from '../forms.js';
import { sendPage } from '../render.js';
import { loadDomain, seeOther } from './accounts-load.js';
import { ACCOUNT_TEXT, PERSON_NAME_MAX, settingWithSource, STATUS_VIEW } from './accounts-strings.js';
import { attempt, type FieldErrors } from './form-errors.js';
import { adminActor, setFlash } from './guard.js';
import { askedPage, pageLinks } from './paging.js';

/** Longest search text or page key accepted (account names have at most 64 characters). */
const QUERY_MAX = 64;

/** What the add form was filled with. */
interface AddForm {
  name: string;
  firstName: string;
  lastName: string;
  inherit: string;
}

const EMPTY_FORM: AddForm = { name: '', firstName: '', lastName: '', inherit: '' };

/** A query parameter that was sent repeated or too long. */
function badQuery(ctx: Context, name: string): boolean {
  const value = ctx.query[name];
  return value !== undefined && (typeof value !== 'string' || value.length > QUERY_MAX);
}

async function showList(ctx: Context, deps: WebDeps, domain: DomainRecord, add: { form: AddForm; errors: FieldErrors; open: boolean }, status = 200): Promise<void> {
  const errors: FieldErrors = { ...add.errors };
  if (badQuery(ctx, 'q') || badQuery(ctx, 'after')) errors.q = ACCOUNT_TEXT.searchTooLong;
  const rawState = queryText(ctx, 'state', QUERY_MAX);
  const state = parseStatusFilter(rawState);
  if (badQuery(ctx, 'state') || (rawState && !state)) errors.state = ACCOUNT_TEXT.stateUnknown;
  const search = errors.q ? '' : queryText(ctx, 'q', QUERY_MAX).trim();
  const after = errors.q ? '' : queryText(ctx, 'after', QUERY_MAX);
  const page = await listAccountPage(deps.services, domain, { search, status: state, after });
  const filters = { q: search || undefined, state: state ?? undefined };
  sendPage(
    ctx,
    deps.views,
    'admin/accounts/list.njk',
    {
      domain: domain.name,
      search,
      state: state ?? '',
      filters,
      stateOptions: STATUS_FILTERS.map((value) => ({ value, label: STATUS_VIEW[value].filter })),
      rows: page.rows.map((row) => ({ ...row, setting: settingWithSource(row.effective, row.sourceText), badge: STATUS_VIEW[row.status].badge })),
      total: page.total,
      after,
      nextAfter: page.nextAfter,
      classes: await accountClassNames(deps.services, domain),
      add: add.form,
      addOpen: add.open,
      errors,
    },
    errors.q || errors.state ? 400 : status,
  );
}

function readAddForm(ctx: Context): { form: AddForm; password: string; errors: FieldErrors } {
  const body = formOf(ctx);
  const form: AddForm = {
    name: body.trimmed('name', 64),
    firstName: body.trimmed('firstName', PERSON_NAME_MAX),
    lastName: body.trimmed('lastName', PERSON_NAME_MAX),
    inherit: body.text('inherit', 64),
  };
  const password = body.text('password', 256);
  const errors: FieldErrors = {};
  if (body.malformed('name', 64)) errors.name = ACCOUNT_TEXT.nameTooLong;
  else if (!form.name) errors.name = ACCOUNT_TEXT.nameMissing;
  if (body.malformed('password', 256)) errors.password = ACCOUNT_TEXT.passwordTooLong;
  else if (!password) errors.password = ACCOUNT_TEXT.passwordMissing;
  if (body.malformed('firstName', PERSON_NAME_MAX)) errors.firstName = ACCOUNT_TEXT.personNameTooLong;
  if (body.malformed('lastName', PERSON_NAME_MAX)) errors.lastName = ACCOUNT_TEXT.personNameTooLong;
  if (body.malformed('inherit', 64)) errors.inherit = ACCOUNT_TEXT.inheritUnknown;
  return { form, password, errors };
}

/** "Manage Accounts": the domain picker, a domain's account list with search, filter and pages, and "Add account". */
export function registerAccountList(router: Router, deps: WebDeps): void {
  router.get('accounts', '/accounts', async (ctx) => {
    const search = queryText(ctx, 'q', 253).trim();
    const { total, domains, ...position } = await listDomainPage(deps.services, search, askedPage(queryText(ctx, 'page')));
    if (total === 1 && !search) {
      ctx.redirect(router.url('accountList', { domain: domains[0].name }) as string);
      return;
    }
    const paging = pageLinks(position, (page) => router.url('accounts', {}, { query: { q: search || undefined, page } }) as string);
    sendPage(ctx, deps.views, 'admin/accounts/domains.njk', { search, total, paging, domains: domains.map((domain) => domain.name) });
  });

  router.get('accountList', '/domains/:domain/accounts', async (ctx) => {
    const domain = await loadDomain(deps, ctx);
    await showList(ctx, deps, domain, { form: EMPTY_FORM, errors: {}, open: false });
  });

  router.post('/domains/:domain/accounts', async (ctx) => {
    const domain = await loadDomain(deps, ctx);
    const { form, password, errors } = readAddForm(ctx);
    if (!errors.inherit && form.inherit && !(await accountClassNames(deps.services, domain)).includes(form.inherit)) errors.inherit = ACCOUNT_TEXT.inheritUnknown;
    if (Object.keys(errors).length) return showList(ctx, deps, domain, { form, errors, open: true }, 400);
    const changes: AccountChange[] = form.inherit ? [{ op: 'inherit', className: form.inherit }] : [];
    const result = await attempt(() =>
      createAccount(deps.services, adminActor(ctx), domain, { name: form.name, password, firstName: form.firstName, lastName: form.lastName }, changes),
    );
    if (!result.ok) {
      const { class: classError, ...rest } = result.errors;
      return showList(ctx, deps, domain, { form, errors: classError ? { ...rest, inherit: classError } : rest, open: true }, result.status);
    }
    setFlash(ctx, ACCOUNT_TEXT.created(result.value.address));
    seeOther(ctx, router, 'accountEdit', { domain: domain.name, account: result.value.name });
  });
}
