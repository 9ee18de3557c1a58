import type Router from '@koa/router';
import type { Context } from 'koa';
import { describeMoment } from '../../core/dates.js';
import { DEADLINE_DAY_PROBLEM, deadlineFromDay } from '../../core/grace.js';
import { describeSource, parseTwoFactorSetting, resolvePolicy, type TwoFactorSetting } from '../../core/policy.js';
import { accountPolicy, applyAccountChanges, inheritedDaySettings, type AccountChange, type AccountRecord } from '../../services/accounts.js';
import { previewMandatoryImpact } from '../../services/impact.js';
import { setupNeedOf } from '../../services/setup-grace.js';
import type { WebDeps } from '../deps.js';
import { formOf } from '../forms.js';
import { sendPage } from '../render.js';
import { accountParams, loadAccount, seeOther } from './accounts-load.js';
import { ACCOUNT_TEXT, DEADLINE_TEXT, IMPACT_TEXT, RESTRICTION_CHOICES, settingWithSource } from './accounts-strings.js';
import { accountHeading } from './accounts-view.js';
import type { FieldErrors } from './form-errors.js';
import { carriedDayField, dayFieldView, GRACE_DAYS_FIELD, readDayFields, TRUST_DAYS_FIELD } from './day-fields.js';
import { adminActor, setFlash } from './guard.js';
import { impactConfirmed, sendImpactConfirmation } from './impact-confirm.js';

/** The radio value of an account's explicit setting ('inherit' when it has none). */
function choiceOf(value: TwoFactorSetting | null): string {
  return value ?? 'inherit';
}

/** The set-up deadline panel: the stored deadline in words and whether the account is in its grace period now. */
function deadlineView(deps: WebDeps, account: AccountRecord) {
  const need = setupNeedOf(account, deps.clock.now());
  const stored = account.setupDeadline;
  return {
    text: stored === null ? DEADLINE_TEXT.none : describeMoment(stored),
    state: need.kind === 'grace' && !need.starts ? DEADLINE_TEXT.inGrace : need.kind === 'forced' ? DEADLINE_TEXT.forced : null,
    day: stored === null ? '' : new Date(stored).toISOString().slice(0, 10),
    canClear: stored !== null,
  };
}

interface Shown {
  chosen: string;
  typed?: { grace?: string; trust?: string };
  day?: string;
}

function showRestrictions(ctx: Context, deps: WebDeps, account: AccountRecord, shown: Shown, errors: FieldErrors, status = 200): void {
  const classChain = account.className ? { name: account.className, value: account.classTwoFactor } : null;
  const inherited = resolvePolicy({ account: null, accountClass: classChain, domainDefault: account.domainTwoFactor });
  const inheritedDays = inheritedDaySettings(account);
  const current = accountPolicy(account);
  const grace = dayFieldView(GRACE_DAYS_FIELD, account.graceDays, inheritedDays.grace, shown.typed?.grace);
  const trust = dayFieldView(TRUST_DAYS_FIELD, account.trustDays, inheritedDays.trust, shown.typed?.trust);
  const deadline = deadlineView(deps, account);
  if (shown.day !== undefined) deadline.day = shown.day;
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
        checked: choice.value === shown.chosen,
      })),
      grace,
      trust,
      deadline,
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

/** Edit account → "Quotas and Restrictions" tab → "Restrictions": the account's own 2-Step Verification settings and its set-up deadline. */
export function registerAccountRestrictions(router: Router, deps: WebDeps): void {
  router.get('accountRestrictions', '/domains/:domain/accounts/:account/restrictions', async (ctx) => {
    const { account } = await loadAccount(deps, ctx);
    showRestrictions(ctx, deps, account, { chosen: choiceOf(account.twoFactor) }, {});
  });

  router.post('/domains/:domain/accounts/:account/restrictions', async (ctx) => {
    const { domain, account } = await loadAccount(deps, ctx);
    const form = formOf(ctx);
    const raw = form.text('twoFactor', 16);
    const value = readChoice(raw);
    if (value === undefined) return showRestrictions(ctx, deps, account, { chosen: choiceOf(account.twoFactor) }, { twoFactor: ACCOUNT_TEXT.settingUnknown }, 400);
    const dayFields = readDayFields(form, true);
    if (!dayFields.ok) return showRestrictions(ctx, deps, account, { chosen: raw, typed: dayFields.typed }, dayFields.errors, 400);
    const params = accountParams(account);
    const graceChanged = dayFields.grace !== undefined && dayFields.grace !== account.graceDays;
    const trustChanged = dayFields.trust !== undefined && dayFields.trust !== account.trustDays;
    if ((value !== account.twoFactor || graceChanged) && !impactConfirmed(form)) {
      const preview = await previewMandatoryImpact(deps.services, { level: 'account', account, value, graceDays: dayFields.grace });
      if (preview.count > 0) {
        const here = router.url('accountRestrictions', params) as string;
        const fields = { twoFactor: raw, ...carriedDayField(GRACE_DAYS_FIELD, dayFields.grace), ...carriedDayField(TRUST_DAYS_FIELD, dayFields.trust) };
        return sendImpactConfirmation(ctx, deps, { what: IMPACT_TEXT.restrictions(account.address), preview, action: here, fields, cancelUrl: here, section: 'accounts' });
      }
    }
    const changes: AccountChange[] = [];
    if (value !== account.twoFactor) changes.push({ op: 'setTwoFactor', value });
    if (graceChanged) changes.push({ op: 'setGraceDays', value: dayFields.grace ?? null });
    if (trustChanged) changes.push({ op: 'setTrustDays', value: dayFields.trust ?? null });
    if (changes.length) await applyAccountChanges(deps.services, adminActor(ctx), domain, account.name, changes);
    setFlash(ctx, ACCOUNT_TEXT.restrictionsSaved(account.address));
    seeOther(ctx, router, 'accountRestrictions', params);
  });

  router.post('accountDeadline', '/domains/:domain/accounts/:account/deadline', async (ctx) => {
    const { domain, account } = await loadAccount(deps, ctx);
    const form = formOf(ctx);
    const clear = form.text('action', 8) === 'clear';
    const day = form.trimmed('day', 10);
    const deadline = clear ? null : deadlineFromDay(day);
    if (!clear && deadline === null) return showRestrictions(ctx, deps, account, { chosen: choiceOf(account.twoFactor), day: form.text('day', 32) }, { day: DEADLINE_DAY_PROBLEM }, 400);
    await applyAccountChanges(deps.services, adminActor(ctx), domain, account.name, [{ op: 'setSetupDeadline', value: deadline }]);
    setFlash(ctx, deadline === null ? DEADLINE_TEXT.cleared(account.address) : DEADLINE_TEXT.saved(account.address, describeMoment(deadline)));
    seeOther(ctx, router, 'accountRestrictions', accountParams(account));
  });
}
