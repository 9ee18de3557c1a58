import type Router from '@koa/router';
import { forgetAllTrustedBrowsers } from '../../services/trusted-browsers.js';
import type { WebDeps } from '../deps.js';
import { showConfirm } from './accounts-actions.js';
import { accountParams, loadAccount, seeOther } from './accounts-load.js';
import { ACCOUNT_TEXT, CONFIRM_TEXT } from './accounts-strings.js';
import { adminActor, setFlash } from './guard.js';

/** The General tab's "Forget trusted browsers", behind a confirmation step. */
export function registerAccountTrustedBrowsers(router: Router, deps: WebDeps): void {
  const path = '/domains/:domain/accounts/:account/trusted-browsers/forget';
  router.get('accountForgetBrowsers', path, async (ctx) => {
    const { account } = await loadAccount(deps, ctx);
    const params = accountParams(account);
    showConfirm(ctx, deps, {
      ...CONFIRM_TEXT.forgetBrowsers(account.address),
      action: router.url('accountForgetBrowsers', params) as string,
      cancelUrl: router.url('accountEdit', params) as string,
    });
  });
  router.post(path, async (ctx) => {
    const { account } = await loadAccount(deps, ctx);
    const count = await forgetAllTrustedBrowsers(deps.services, adminActor(ctx), account);
    setFlash(ctx, ACCOUNT_TEXT.browsersForgotten(account.address, count));
    seeOther(ctx, router, 'accountEdit', accountParams(account));
  });
}
