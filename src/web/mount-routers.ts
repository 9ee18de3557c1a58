import Router from '@koa/router';
import type { RouteRegistry } from './urls.js';

/**
 * Joins an area's route modules into one router, so a request is matched once rather than by every
 * module in turn, and makes their named routes linkable. Mount it with `routes()` and `allowedMethods()`.
 */
export function combineRouters(routers: Router[], registry: RouteRegistry): Router {
  const combined = new Router();
  for (const router of routers) {
    registry.add(router);
    combined.use(router.routes());
  }
  return combined;
}

/** True when some route of `router` answers `path` (by GET or POST). */
export function knowsPath(router: Router, path: string): boolean {
  return router.match(path, 'GET').path.length > 0 || router.match(path, 'POST').path.length > 0;
}
