import Router from '@koa/router';
import type { Context } from 'koa';
import type { WebDeps } from '../deps.js';
import { sendPage } from '../render.js';
import { DESKTOP, MOBILE } from '../webmail/flavour.js';
import { stageOf } from '../webmail/gate.js';
import { laterOffer, postponeHandler } from '../webmail/setup-later.js';
import { SESSION_TEXT } from '../webmail/strings.js';

/**
 * /m/setup: Mobile WebMail cannot pair an authenticator, so a user who must still set up 2-Step
 * Verification is pointed to the standard WebMail's set-up, with sign-out, and during a grace period
 * "Not now" (POST /m/setup/later) until the deadline.
 */
export function mobileSetupRoutes(deps: WebDeps): Router {
  const router = new Router();
  const show = (ctx: Context, error: string | null, status = 200) =>
    sendPage(ctx, deps.views, 'mobile/setup-required.njk', { title: SESSION_TEXT.setupTitle, text: SESSION_TEXT, routes: MOBILE.routes, desktopUrl: DESKTOP.paths.setup, later: laterOffer(deps, ctx), error }, status);
  router.get(MOBILE.routes.setup, MOBILE.paths.setup, (ctx) => {
    if (stageOf(ctx) !== 'setup') {
      ctx.status = 303;
      return ctx.redirect(MOBILE.paths.home);
    }
    show(ctx, null);
  });
  router.post('mobileSetupLater', `${MOBILE.paths.setup}/later`, postponeHandler(deps, MOBILE.paths.mail, (ctx, message) => show(ctx, message, 403)));
  return router;
}
