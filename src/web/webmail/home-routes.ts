import Router from '@koa/router';
import type { WebDeps } from '../deps.js';
import { sendPage } from '../render.js';

/** The front page of the product. */
export function homeRoutes(deps: WebDeps): Router {
  const router = new Router();
  router.get('home', '/', (ctx) => {
    sendPage(ctx, deps.views, 'home.njk', {});
  });
  return router;
}
