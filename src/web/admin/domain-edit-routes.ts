import type { Context } from 'koa';
import type { TwoFactorSetting } from '../../core/policy.js';
import { applyDomainChanges, requireDomain, type DomainChange, type DomainRecord } from '../../services/domains.js';
import { previewMandatoryImpact } from '../../services/impact.js';
import type { WebDeps } from '../deps.js';
import { formOf } from '../forms.js';
import { sendPage } from '../render.js';
import { attempt, type FieldErrors } from './form-errors.js';
import { adminActor, adminRouter, redirectTo, setFlash } from './guard.js';
import { carriedDayField, dayFieldView, GRACE_DAYS_FIELD, readDayFields, TRUST_DAYS_FIELD } from './day-fields.js';
import { impactConfirmed, sendImpactConfirmation } from './impact-confirm.js';
import { parseHostNames, settingFromCheckboxes } from './restrictions.js';
import { RESTRICTION_TEXT } from './strings.js';

/** Longest WebMail host-name list accepted, in characters. */
const HOSTS_FIELD_MAX = 2048;

function showGeneral(ctx: Context, deps: WebDeps, domain: DomainRecord, hostsText: string, errors: FieldErrors, status = 200): void {
  sendPage(ctx, deps.views, 'admin/domains/general.njk', { domain, hostsText, errors, tab: 'general' }, status);
}

function showDefaults(ctx: Context, deps: WebDeps, domain: DomainRecord, setting: TwoFactorSetting, errors: FieldErrors, status = 200, typed: { grace?: string; trust?: string } = {}): void {
  const grace = dayFieldView(GRACE_DAYS_FIELD, domain.graceDays, null, typed.grace);
  const trust = dayFieldView(TRUST_DAYS_FIELD, domain.trustDays, null, typed.trust);
  sendPage(ctx, deps.views, 'admin/domains/defaults.njk', { domain, setting, grace, trust, errors, tab: 'defaults' }, status);
}

/** Edit domain: the "General" tab (name, WebMail host names, Branding) and "Account Defaults" → "Quotas and Restrictions". */
export function domainEditRoutes(deps: WebDeps) {
  const router = adminRouter();
  const load = (ctx: Context) => requireDomain(deps.services, String(ctx.params.domain));

  router.get('domainEdit', '/domains/:domain', async (ctx) => {
    const domain = await load(ctx);
    showGeneral(ctx, deps, domain, domain.webmailHosts.join('\n'), {});
  });

  router.post('/domains/:domain', async (ctx) => {
    const domain = await load(ctx);
    const form = formOf(ctx);
    const hostsText = form.text('webmailHosts', HOSTS_FIELD_MAX);
    if (form.malformed('webmailHosts', HOSTS_FIELD_MAX)) return showGeneral(ctx, deps, domain, '', { webmailHosts: RESTRICTION_TEXT.hostsTooLong }, 400);
    const parsed = parseHostNames(hostsText);
    if (!parsed.ok) return showGeneral(ctx, deps, domain, hostsText, { webmailHosts: parsed.message }, 400);
    const result = await attempt(() => applyDomainChanges(deps.services, adminActor(ctx), domain.name, [{ op: 'setWebmailHosts', value: parsed.hosts }]), 'webmailHosts');
    if (!result.ok) return showGeneral(ctx, deps, domain, hostsText, result.errors, result.status);
    setFlash(ctx, `The settings of ${domain.name} were saved.`);
    redirectTo(ctx, deps, 'domainEdit', { domain: domain.name });
  });

  router.get('domainDefaults', '/domains/:domain/defaults', async (ctx) => {
    const domain = await load(ctx);
    showDefaults(ctx, deps, domain, domain.twoFactor, {});
  });

  router.post('/domains/:domain/defaults', async (ctx) => {
    const domain = await load(ctx);
    const form = formOf(ctx);
    const enable = form.checked('twoFactorEnabled');
    const mandatory = form.checked('twoFactorMandatory');
    const setting = settingFromCheckboxes(enable, mandatory);
    const dayFields = readDayFields(form, false);
    if (!dayFields.ok) return showDefaults(ctx, deps, domain, setting, dayFields.errors, 400, dayFields.typed);
    const graceDays = dayFields.grace ?? undefined;
    const trustDays = dayFields.trust ?? undefined;
    if (!impactConfirmed(form) && setting === 'mandatory') {
      const preview = await previewMandatoryImpact(deps.services, { level: 'domain', domain, value: setting, graceDays });
      if (preview.count > 0) {
        return sendImpactConfirmation(ctx, deps, {
          what: `Account Defaults of ${domain.name}`,
          preview,
          action: router.url('domainDefaults', { domain: domain.name }) as string,
          fields: { twoFactorEnabled: enable ? 'on' : '', twoFactorMandatory: 'on', ...carriedDayField(GRACE_DAYS_FIELD, graceDays), ...carriedDayField(TRUST_DAYS_FIELD, trustDays) },
          cancelUrl: router.url('domainDefaults', { domain: domain.name }) as string,
          section: 'domains',
        });
      }
    }
    const changes: DomainChange[] = [{ op: 'setTwoFactorDefault', value: setting }];
    if (graceDays !== undefined && graceDays !== domain.graceDays) changes.push({ op: 'setGraceDaysDefault', value: graceDays });
    if (trustDays !== undefined && trustDays !== domain.trustDays) changes.push({ op: 'setTrustDaysDefault', value: trustDays });
    const result = await attempt(() => applyDomainChanges(deps.services, adminActor(ctx), domain.name, changes));
    if (!result.ok) return showDefaults(ctx, deps, domain, setting, result.errors, result.status);
    setFlash(ctx, `The Account Defaults of ${domain.name} were saved: 2-Step Verification is ${setting}.`);
    redirectTo(ctx, deps, 'domainDefaults', { domain: domain.name });
  });

  return router;
}
