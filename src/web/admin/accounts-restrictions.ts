import type Router from '@koa/router';
import type { Context } from 'koa';
import { describeSource, parseTwoFactorSetting, resolvePolicy, type TwoFactorSetting } from '../../core/policy.js';
import { accountPolicy, applyAccountChanges, type AccountRecord } from '../../services/accounts.js';
import { previewMandatoryImpact } from '../../services/impact.js';
import type { WebDeps } from '../deps.js';
import { formOf } from '../forms.js';
import { sendPage } from '../render.js';
import { accountParams, loadAccount, seeOther } from './accounts-load.js';
import { ACCOUNT_TEXT, IMPACT_TEXT, RESTRICTION_CHOICES, settingWithSource } from './accounts-strings.js';
import { accountHeading } from './accounts-view.js';
import type { FieldErrors } from './form-errors.js';
import { adminActor, setFlash } from './guard.js';
import { impactConfirmed, sendImpactConfirmation } from './impact-confirm.js';

/** The radio value of an account's explicit setting ('inherit' when it has none). */
function choiceOf(value: TwoFactorSetting | null): string {
  return value ?? 'inherit';
}

function showRestrictions(ctx: Context, deps: WebDeps, account: AccountRecord, chosen: string, errors: FieldErrors, status = 200): void {
  const inherited = resolvePolicy({ account: null, accountClass: account.className ? { name: account.className, value: account.classTwoFactor } : null, domainDefault: account.domainTwoFactor });
  const current = accountPolicy(account);
  sendPage(
    ctx,
    deps.views,
    'admin/accounts/restrictions.njk',
    {
      account: accountHeading(account),
      tab: 'restrictions',
      current: settingWithSource(current.value, describeSource(current.source)),
      choices: RESTRICTION_CHOICES.map((choice) => ({
        value: choice.value,
        label: choice.value === 'inherit' ? `${choice.label} (currently: ${settingWithSource(inherited.value, describeSource(inherited.source))})` : choice.label,
        checked: choice.value === chosen,
      })),
      errors,
    },
    status,
  );
}

/** Reads the posted choice: an explicit setting, null to inherit, or undefined when it is not one of the choices. */
function readChoice(raw: string): TwoFactorSetting | null | undefined {
  if (raw === 'inherit') return null;
  return parseTwoFactorSetting(raw) ?? undefined;
}

/** Edit account → "Quotas and Restrictions" tab → "Restrictions": the account's own 2-Step Verification setting. */
export function registerAccountRestrictions(router: Router, deps: WebDeps): void {
  router.get('accountRestrictions', '/domains/:domain/accounts/:account/restrictions', async (ctx) => {
    const { account } = await loadAccount(deps, ctx);
    showRestrictions(ctx, deps, account, choiceOf(account.twoFactor), {});
  });

  router.post('/domains/:domain/accounts/:account/restrictions', async (ctx) => {
    const { domain, account } = await loadAccount(deps, ctx);
    const form = formOf(ctx);
    const raw = form.text('twoFactor', 16);
    const value = readChoice(raw);
    if (value === undefined) return showRestrictions(ctx, deps, account, choiceOf(account.twoFactor), { twoFactor: ACCOUNT_TEXT.settingUnknown }, 400);
    const params = accountParams(account);
    if (value !== account.twoFactor && !impactConfirmed(form)) {
      const preview = await previewMandatoryImpact(deps.services, { level: 'account', account, value });
      if (preview.count > 0) {
        const here = router.url('accountRestrictions', params) as string;
        return sendImpactConfirmation(ctx, deps, { what: IMPACT_TEXT.restrictions(account.address), preview, action: here, fields: { twoFactor: raw }, cancelUrl: here, section: 'accounts' });
      }
    }
    if (value !== account.twoFactor) await applyAccountChanges(deps.services, adminActor(ctx), domain, account.name, [{ op: 'setTwoFactor', value }]);
    setFlash(ctx, ACCOUNT_TEXT.restrictionsSaved(account.address));
    seeOther(ctx, router, 'accountRestrictions', params);
  });
}
