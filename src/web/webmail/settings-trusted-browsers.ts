import Router from '@koa/router';
import type { Context } from 'koa';
import { accountTrustDays, type AccountRecord } from '../../services/accounts.js';
import { ServiceError } from '../../services/errors.js';
import { accountTrustedBrowsers, forgetAllTrustedBrowsers, forgetTrustedBrowser, type TrustedBrowserView } from '../../services/trusted-browsers.js';
import type { WebDeps } from '../deps.js';
import type { UrlBuilder } from '../urls.js';
import { currentAccount, userActor } from './gate.js';
import { flashSettings, seeOther } from './settings-session.js';
import { TRUST_UI_TEXT } from './settings-strings.js';
import { trustCookieOf } from './trust-cookie.js';

/** What the "Trusted browsers" section shows; `shown` is false when trust is off and nothing is trusted. */
export interface TrustedBrowserList {
  shown: boolean;
  intro: string;
  empty: string;
  items: (TrustedBrowserView & { line: string })[];
}

/** The account's trusted browsers with the words around them, the asking browser marked. */
export async function trustedBrowserList(deps: WebDeps, ctx: Context, account: AccountRecord): Promise<TrustedBrowserList> {
  const days = accountTrustDays(account).value;
  const items = (await accountTrustedBrowsers(deps.services, account, trustCookieOf(ctx))).map((item) => ({ ...item, line: TRUST_UI_TEXT.line(item.description, item.ip) }));
  return { shown: days > 0 || items.length > 0, intro: days > 0 ? TRUST_UI_TEXT.intro(days) : TRUST_UI_TEXT.offNow, empty: TRUST_UI_TEXT.none, items };
}

/** "Forget" one trusted browser and "Forget all", from Settings → General. */
export function settingsTrustedBrowserRoutes(deps: WebDeps, url: UrlBuilder): Router {
  const router = new Router();
  const back = (ctx: Context) => seeOther(ctx, `${url('settings')}#trusted-browsers`);
  router.post('settingsForgetBrowser', '/settings/trusted-browsers/:id/forget', async (ctx) => {
    const id = /^[1-9][0-9]{0,9}$/.test(ctx.params.id ?? '') ? Number(ctx.params.id) : 0;
    try {
      if (!id) throw new ServiceError('not_found', TRUST_UI_TEXT.gone);
      flashSettings(ctx, 'ok', TRUST_UI_TEXT.forgotten(await forgetTrustedBrowser(deps.services, userActor(ctx), currentAccount(ctx), id)));
    } catch (err) {
      if (!(err instanceof ServiceError && err.kind === 'not_found')) throw err;
      flashSettings(ctx, 'error', TRUST_UI_TEXT.gone);
    }
    back(ctx);
  });
  router.post('settingsForgetAllBrowsers', '/settings/trusted-browsers/forget-all', async (ctx) => {
    flashSettings(ctx, 'ok', TRUST_UI_TEXT.forgottenAll(await forgetAllTrustedBrowsers(deps.services, userActor(ctx), currentAccount(ctx))));
    back(ctx);
  });
  return router;
}
