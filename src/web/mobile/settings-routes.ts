import Router from '@koa/router';
import type { WebDeps } from '../deps.js';
import { sendPage } from '../render.js';
import { DESKTOP, MOBILE } from '../webmail/flavour.js';
import { currentAccount } from '../webmail/gate.js';
import { appPasswordList } from '../webmail/settings-app-passwords.js';
import { twoStepPosition } from '../webmail/settings-session.js';
import { APP_PASSWORD_UI_TEXT, SECTION_TEXT, TITLES } from '../webmail/settings-strings.js';

/** Route name of Mobile WebMail's Settings page. */
export const MOBILE_SETTINGS_ROUTE = 'mobileSettings';

/**
 * /m/settings: where 2-Step Verification stands and the app passwords, listed only; creating,
 * revoking and pairing happen in the standard WebMail, which the page links to.
 */
export function mobileSettingsRoutes(deps: WebDeps): Router {
  const router = new Router();
  router.get(MOBILE_SETTINGS_ROUTE, `${MOBILE.paths.prefix}/settings`, async (ctx) => {
    const account = currentAccount(ctx);
    const { configured } = twoStepPosition(account);
    sendPage(ctx, deps.views, 'mobile/settings.njk', {
      title: TITLES.settings,
      titles: TITLES,
      twoStepLine: configured ? SECTION_TEXT.on : SECTION_TEXT.off,
      twoStepOn: configured,
      appPasswords: await appPasswordList(deps, account),
      text: APP_PASSWORD_UI_TEXT,
      routes: MOBILE.routes,
      desktopUrl: `${DESKTOP.paths.prefix}/settings#app-passwords`,
    });
  });
  return router;
}
