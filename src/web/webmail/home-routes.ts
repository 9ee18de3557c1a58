import Router from '@koa/router';
import type { Flavour } from './flavour.js';
import { landingFor, stageOf } from './gate.js';

/** The front door of one interface (`/` or `/m`): the login, or wherever the session belongs. */
export function homeRoutes(flavour: Flavour): Router {
  const router = new Router();
  router.get(flavour.routes.home, flavour.paths.home, (ctx) => {
    ctx.status = 303;
    ctx.redirect(landingFor(stageOf(ctx), flavour.paths));
  });
  return router;
}
