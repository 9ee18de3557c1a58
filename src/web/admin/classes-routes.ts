import type { Context } from 'koa';
import { resolveClassPolicy, resolveSetting, type TwoFactorSetting } from '../../core/policy.js';
import {
  applyAccountClassChanges,
  createAccountClass,
  listAccountClassesOf,
  removeAccountClass,
  requireAccountClass,
  requireAccountClassUsage,
  type AccountClassChange,
  type AccountClassRecord,
} from '../../services/account-classes.js';
import { countClassRepair } from '../../services/class-repair.js';
import { listDomainPage } from '../../services/domain-list.js';
import { requireDomain, type DomainRecord } from '../../services/domains.js';
import { previewMandatoryImpact } from '../../services/impact.js';
import type { WebDeps } from '../deps.js';
import { formOf, queryText } from '../forms.js';
import { sendPage } from '../render.js';
import { attempt, type FieldErrors } from './form-errors.js';
import { adminActor, adminRouter, redirectTo, setFlash, urlsOf } from './guard.js';
import { carriedDayField, dayFieldView, GRACE_DAYS_FIELD, readDayFields, TRUST_DAYS_FIELD } from './day-fields.js';
import { impactConfirmed, sendImpactConfirmation } from './impact-confirm.js';
import { askedPage, pageLinks } from './paging.js';
import { INHERITED, parseRestrictionChoice, restrictionChoices } from './restrictions.js';
import { CLASS_TEXT, RESTRICTION_TEXT } from './strings.js';

function classSettingText(accountClass: AccountClassRecord, domain: DomainRecord): string {
  if (accountClass.twoFactor !== null) return CLASS_TEXT.explicit(accountClass.twoFactor);
  return restrictionChoices(null, resolveClassPolicy(null, domain.twoFactor))[0].label;
}

async function showList(ctx: Context, deps: WebDeps, domain: DomainRecord, name: string, errors: FieldErrors, status = 200): Promise<void> {
  const classes = (await listAccountClassesOf(deps.services, domain)).map((c) => ({ name: c.name, setting: classSettingText(c, domain), accountCount: c.accountCount }));
  sendPage(ctx, deps.views, 'admin/classes/list.njk', { domain, classes, name, errors }, status);
}

function showEdit(ctx: Context, deps: WebDeps, domain: DomainRecord, accountClass: AccountClassRecord, chosen: TwoFactorSetting | null, errors: FieldErrors, status = 200, typed: { grace?: string; trust?: string } = {}): void {
  const choices = restrictionChoices(chosen, resolveClassPolicy(null, domain.twoFactor));
  const effective = resolveClassPolicy(accountClass.twoFactor, domain.twoFactor);
  const fromDomain = (value: number) => resolveSetting({ account: null, accountClass: null, domainDefault: value }, 0);
  const grace = dayFieldView(GRACE_DAYS_FIELD, accountClass.graceDays, fromDomain(domain.graceDays), typed.grace);
  const trust = dayFieldView(TRUST_DAYS_FIELD, accountClass.trustDays, fromDomain(domain.trustDays), typed.trust);
  sendPage(ctx, deps.views, 'admin/classes/edit.njk', { domain, accountClass, choices, effective, grace, trust, errors }, status);
}

/** "Account Classes": pick a domain, list its classes, add, edit ("Quotas and Restrictions" → "Restrictions"), remove. */
export function classRoutes(deps: WebDeps) {
  const router = adminRouter();
  const loadDomain = (ctx: Context) => requireDomain(deps.services, String(ctx.params.domain));
  const load = async (ctx: Context) => {
    const domain = await loadDomain(ctx);
    return { domain, accountClass: await requireAccountClass(deps.services, domain, String(ctx.params.class)) };
  };

  router.get('classes', '/classes', async (ctx) => {
    const search = queryText(ctx, 'q', 253).trim();
    const { total, domains, ...position } = await listDomainPage(deps.services, search, askedPage(queryText(ctx, 'page')));
    const paging = pageLinks(position, (page) => urlsOf(deps)('classes', {}, { q: search, page }));
    sendPage(ctx, deps.views, 'admin/classes/pick-domain.njk', { search, total, paging, domains });
  });

  router.get('domainClasses', '/domains/:domain/classes', async (ctx) => showList(ctx, deps, await loadDomain(ctx), '', {}));

  router.post('/domains/:domain/classes', async (ctx) => {
    const domain = await loadDomain(ctx);
    const form = formOf(ctx);
    const name = form.trimmed('name', 64);
    if (!name) return showList(ctx, deps, domain, '', { name: form.malformed('name', 64) ? CLASS_TEXT.nameTooLong : CLASS_TEXT.nameMissing }, 400);
    const result = await attempt(() => createAccountClass(deps.services, adminActor(ctx), domain, name), 'name');
    if (!result.ok) return showList(ctx, deps, domain, name, result.errors, result.status);
    setFlash(ctx, CLASS_TEXT.created(result.value.name, domain.name));
    redirectTo(ctx, deps, 'classEdit', { domain: domain.name, class: result.value.name });
  });

  router.get('classEdit', '/domains/:domain/classes/:class', async (ctx) => {
    const { domain, accountClass } = await load(ctx);
    showEdit(ctx, deps, domain, accountClass, accountClass.twoFactor, {});
  });

  router.post('/domains/:domain/classes/:class', async (ctx) => {
    const { domain, accountClass } = await load(ctx);
    const form = formOf(ctx);
    const choice = parseRestrictionChoice(form.text('twoFactor', 16));
    if (choice === undefined) return showEdit(ctx, deps, domain, accountClass, accountClass.twoFactor, { twoFactor: RESTRICTION_TEXT.choiceMissing }, 400);
    const dayFields = readDayFields(form, true);
    if (!dayFields.ok) return showEdit(ctx, deps, domain, accountClass, choice, dayFields.errors, 400, dayFields.typed);
    if (!impactConfirmed(form) && resolveClassPolicy(choice, domain.twoFactor).value === 'mandatory') {
      const preview = await previewMandatoryImpact(deps.services, { level: 'class', domain, accountClass, value: choice, graceDays: dayFields.grace });
      if (preview.count > 0) {
        const here = router.url('classEdit', { domain: domain.name, class: accountClass.name }) as string;
        const fields = { twoFactor: choice ?? INHERITED, ...carriedDayField(GRACE_DAYS_FIELD, dayFields.grace), ...carriedDayField(TRUST_DAYS_FIELD, dayFields.trust) };
        return sendImpactConfirmation(ctx, deps, { what: `account class ${accountClass.name} of ${domain.name}`, preview, action: here, fields, cancelUrl: here, section: 'classes' });
      }
    }
    const changes: AccountClassChange[] = [{ op: 'setTwoFactor', value: choice }];
    if (dayFields.grace !== undefined && dayFields.grace !== accountClass.graceDays) changes.push({ op: 'setGraceDays', value: dayFields.grace });
    if (dayFields.trust !== undefined && dayFields.trust !== accountClass.trustDays) changes.push({ op: 'setTrustDays', value: dayFields.trust });
    await applyAccountClassChanges(deps.services, adminActor(ctx), domain, accountClass.name, changes);
    setFlash(ctx, CLASS_TEXT.saved(accountClass.name, choice));
    redirectTo(ctx, deps, 'classEdit', { domain: domain.name, class: accountClass.name });
  });

  router.get('classRepair', '/domains/:domain/classes/:class/repair', async (ctx) => {
    const { domain, accountClass } = await load(ctx);
    const count = await countClassRepair(deps.services, accountClass);
    sendPage(ctx, deps.views, 'admin/classes/repair.njk', { domain, accountClass, count });
  });

  router.post('/domains/:domain/classes/:class/repair', async (ctx) => {
    const { domain, accountClass } = await load(ctx);
    const count = await countClassRepair(deps.services, accountClass);
    await applyAccountClassChanges(deps.services, adminActor(ctx), domain, accountClass.name, [{ op: 'resetAllKeys' }]);
    setFlash(ctx, CLASS_TEXT.repaired(accountClass.name, count));
    redirectTo(ctx, deps, 'classEdit', { domain: domain.name, class: accountClass.name });
  });

  router.get('classRemove', '/domains/:domain/classes/:class/remove', async (ctx) => {
    const domain = await loadDomain(ctx);
    const { accountCount, ...accountClass } = await requireAccountClassUsage(deps.services, domain, String(ctx.params.class));
    // Removal is the same as inheriting the Account Defaults again, so it can force set-up too.
    const preview = await previewMandatoryImpact(deps.services, { level: 'class', domain, accountClass, value: null });
    sendPage(ctx, deps.views, 'admin/classes/remove.njk', { domain, accountClass, accountCount, fallback: domain.twoFactor, preview });
  });

  router.post('/domains/:domain/classes/:class/remove', async (ctx) => {
    const { domain, accountClass } = await load(ctx);
    await removeAccountClass(deps.services, adminActor(ctx), domain, accountClass.name);
    setFlash(ctx, CLASS_TEXT.removed(accountClass.name));
    redirectTo(ctx, deps, 'domainClasses', { domain: domain.name });
  });

  return router;
}
