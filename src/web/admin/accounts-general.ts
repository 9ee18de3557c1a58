import type Router from '@koa/router';
import type { Context } from 'koa';
import { randomPassword } from '../../core/password.js';
import { accountClassNames, findAccountClassIn } from '../../services/account-classes.js';
import { applyAccountChanges, type AccountChange, type AccountRecord } from '../../services/accounts.js';
import type { DomainRecord } from '../../services/domains.js';
import { previewMandatoryImpact } from '../../services/impact.js';
import type { WebDeps } from '../deps.js';
import { formOf } from '../forms.js';
import { accountParams, loadAccount, seeOther } from './accounts-load.js';
import { ACCOUNT_TEXT, IMPACT_TEXT, PERSON_NAME_MAX } from './accounts-strings.js';
import { showGeneral, type GeneralForm } from './accounts-view.js';
import { attempt, type FieldErrors } from './form-errors.js';
import { adminActor, setFlash } from './guard.js';
import { impactConfirmed, sendImpactConfirmation } from './impact-confirm.js';

/** Reads the posted General form; `password` is '' when the admin left it empty (keep the current one). */
async function readGeneral(ctx: Context, deps: WebDeps, domain: DomainRecord): Promise<{ form: GeneralForm; password: string; errors: FieldErrors }> {
  const body = formOf(ctx);
  const form: GeneralForm = {
    firstName: body.trimmed('firstName', PERSON_NAME_MAX),
    lastName: body.trimmed('lastName', PERSON_NAME_MAX),
    inherit: body.text('inherit', 64),
  };
  const errors: FieldErrors = {};
  if (body.malformed('firstName', PERSON_NAME_MAX)) errors.firstName = ACCOUNT_TEXT.personNameTooLong;
  if (body.malformed('lastName', PERSON_NAME_MAX)) errors.lastName = ACCOUNT_TEXT.personNameTooLong;
  if (body.malformed('password', 256)) errors.password = ACCOUNT_TEXT.passwordTooLong;
  if (body.malformed('inherit', 64) || (form.inherit && !(await accountClassNames(deps.services, domain)).includes(form.inherit))) {
    errors.inherit = ACCOUNT_TEXT.inheritUnknown;
  }
  return { form, password: body.text('password', 256) || openCarriedPassword(deps, body.text('sealedPassword', 1024)), errors };
}

// A new password waiting on the impact confirmation page travels sealed (AES-GCM under SECRET_KEY),
// never as readable text in the page.
function sealCarriedPassword(deps: WebDeps, password: string): string {
  return password ? deps.services.secretBox.seal(password) : '';
}

function openCarriedPassword(deps: WebDeps, sealed: string): string {
  if (!sealed) return '';
  try {
    return deps.services.secretBox.open(sealed);
  } catch {
    return '';
  }
}

/** The staged changes that turn the stored account into the posted form. */
function changesFor(account: AccountRecord, form: GeneralForm, password: string): AccountChange[] {
  const changes: AccountChange[] = [];
  if (form.firstName !== account.firstName || form.lastName !== account.lastName) changes.push({ op: 'setName', firstName: form.firstName, lastName: form.lastName });
  if (password) changes.push({ op: 'setPassword', password });
  if (form.inherit !== (account.className ?? '')) changes.push({ op: 'inherit', className: form.inherit || null });
  return changes;
}

/** Edit account → "General" tab: names, password ("Set Random" too) and "Inherit configuration details from". */
export function registerAccountGeneral(router: Router, deps: WebDeps): void {
  router.get('accountEdit', '/domains/:domain/accounts/:account', async (ctx) => {
    const { account } = await loadAccount(deps, ctx);
    await showGeneral(ctx, deps, account);
  });

  router.post('/domains/:domain/accounts/:account', async (ctx) => {
    const { domain, account } = await loadAccount(deps, ctx);
    const { form, password, errors } = await readGeneral(ctx, deps, domain);
    if (Object.keys(errors).length) return showGeneral(ctx, deps, account, { form, errors }, 400);
    if (form.inherit !== (account.className ?? '') && !impactConfirmed(formOf(ctx))) {
      const inheritFrom = form.inherit ? await findAccountClassIn(deps.services, domain, form.inherit) : null;
      const preview = await previewMandatoryImpact(deps.services, { level: 'account', account, value: account.twoFactor, inheritFrom });
      if (preview.count > 0) {
        const here = router.url('accountEdit', accountParams(account)) as string;
        return sendImpactConfirmation(ctx, deps, { what: IMPACT_TEXT.inheritance(account.address), preview, action: here, fields: { ...form, sealedPassword: sealCarriedPassword(deps, password) }, cancelUrl: here, section: 'accounts' });
      }
    }
    const result = await attempt(() => applyAccountChanges(deps.services, adminActor(ctx), domain, account.name, changesFor(account, form, password)));
    if (!result.ok) {
      const { class: classError, ...rest } = result.errors;
      return showGeneral(ctx, deps, account, { form, errors: classError ? { ...rest, inherit: classError } : rest }, result.status);
    }
    setFlash(ctx, ACCOUNT_TEXT.saved(account.address));
    seeOther(ctx, router, 'accountEdit', accountParams(account));
  });

  router.post('accountRandomPassword', '/domains/:domain/accounts/:account/random-password', async (ctx) => {
    const { domain, account } = await loadAccount(deps, ctx);
    const password = randomPassword();
    await applyAccountChanges(deps.services, adminActor(ctx), domain, account.name, [{ op: 'setPassword', password }]);
    setFlash(ctx, ACCOUNT_TEXT.randomPassword(account.address, password));
    seeOther(ctx, router, 'accountEdit', accountParams(account));
  });
}
