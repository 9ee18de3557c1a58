import type Router from '@koa/router';
import type { Context } from 'koa';
import { requireAppPassword, revokeAllAppPasswords, revokeAppPassword } from '../../services/app-passwords.js';
import { ServiceError } from '../../services/errors.js';
import type { WebDeps } from '../deps.js';
import { showConfirm } from './accounts-actions.js';
import { accountParams, loadAccount, seeOther } from './accounts-load.js';
import { ACCOUNT_TEXT, CONFIRM_TEXT } from './accounts-strings.js';
import { adminActor, setFlash } from './guard.js';

/** The app password id in the path; anything but a plain number answers the 404 page. */
function appPasswordId(ctx: Context): number {
  const raw = String(ctx.params.id ?? '');
  if (!/^[1-9]\d{0,14}$/.test(raw)) throw new ServiceError('not_found', 'There is no such app password.', 'appPassword');
  return Number(raw);
}

/** The General tab's App passwords actions: "Revoke" one and "Revoke all", each behind a confirmation step. */
export function registerAccountAppPasswords(router: Router, deps: WebDeps): void {
  const one = '/domains/:domain/accounts/:account/app-passwords/:id/revoke';
  router.get('accountAppPasswordRevoke', one, async (ctx) => {
    const { account } = await loadAccount(deps, ctx);
    const found = await requireAppPassword(deps.services, account, appPasswordId(ctx));
    const params = accountParams(account);
    showConfirm(ctx, deps, {
      ...CONFIRM_TEXT.revokeAppPassword(account.address, found.name),
      action: router.url('accountAppPasswordRevoke', { ...params, id: String(found.id) }) as string,
      cancelUrl: router.url('accountEdit', params) as string,
    });
  });
  router.post(one, async (ctx) => {
    const { account } = await loadAccount(deps, ctx);
    const name = await revokeAppPassword(deps.services, adminActor(ctx), account, appPasswordId(ctx));
    setFlash(ctx, ACCOUNT_TEXT.appPasswordRevoked(account.address, name));
    seeOther(ctx, router, 'accountEdit', accountParams(account));
  });

  const all = '/domains/:domain/accounts/:account/app-passwords/revoke';
  router.get('accountAppPasswordsRevoke', all, async (ctx) => {
    const { account } = await loadAccount(deps, ctx);
    const params = accountParams(account);
    showConfirm(ctx, deps, {
      ...CONFIRM_TEXT.revokeAppPasswords(account.address),
      action: router.url('accountAppPasswordsRevoke', params) as string,
      cancelUrl: router.url('accountEdit', params) as string,
    });
  });
  router.post(all, async (ctx) => {
    const { account } = await loadAccount(deps, ctx);
    const count = await revokeAllAppPasswords(deps.services, adminActor(ctx), account);
    setFlash(ctx, ACCOUNT_TEXT.appPasswordsRevoked(account.address, count));
    seeOther(ctx, router, 'accountEdit', accountParams(account));
  });
}
