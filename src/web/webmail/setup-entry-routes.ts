import Router from '@koa/router';
import type { WebDeps } from '../deps.js';
import { sendPage } from '../render.js';
import { DESKTOP, type Flavour } from './flavour.js';
import { stageOf } from './gate.js';
import { SESSION_TEXT } from './strings.js';

/**
 * The entry of mandatory set-up, route `setup` at /setup, reserved for the pairing flow: until that
 * flow is mounted it tells the user that their administrator requires 2-Step Verification. On
 * Mobile WebMail (/m/setup) it points to the standard WebMail, where set-up happens.
 */
export function setupEntryRoutes(deps: WebDeps, flavour: Flavour): Router {
  const router = new Router();
  const template = flavour.mobile ? 'mobile/setup-required.njk' : 'webmail/setup-required.njk';
  router.get(flavour.routes.setup, flavour.paths.setup, (ctx) => {
    if (stageOf(ctx) !== 'setup') {
      ctx.status = 303;
      return ctx.redirect(flavour.paths.home);
    }
    sendPage(ctx, deps.views, template, { title: SESSION_TEXT.setupTitle, text: SESSION_TEXT, routes: flavour.routes, desktopUrl: DESKTOP.paths.setup });
  });
  return router;
}
