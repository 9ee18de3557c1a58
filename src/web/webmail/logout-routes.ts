import Router from '@koa/router';
import type { WebDeps } from '../deps.js';
import { endSession } from '../session.js';
import { sendScreen, type Flavour } from './flavour.js';
import { stageOf } from './gate.js';
import { SESSION_TEXT } from './strings.js';

/** Sign-out of one interface: GET asks to confirm, POST (with its CSRF token) ends the session server-side. */
export function logoutRoutes(deps: WebDeps, flavour: Flavour): Router {
  const router = new Router();

  router.get(flavour.routes.logout, flavour.paths.logout, (ctx) => {
    if (stageOf(ctx) === 'anonymous') {
      ctx.status = 303;
      return ctx.redirect(flavour.paths.login);
    }
    sendScreen(ctx, deps.views, flavour, 'logout', { title: SESSION_TEXT.logoutTitle, text: SESSION_TEXT });
  });

  router.post(flavour.paths.logout, (ctx) => {
    endSession(ctx);
    ctx.status = 303;
    ctx.redirect(`${flavour.paths.login}?signedout=1`);
  });

  return router;
}
