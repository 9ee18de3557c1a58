import type Koa from 'koa';
import type { WebDeps } from '../deps.js';
import { createSubApp } from '../sub-app.js';
import type { RouteRegistry } from '../urls.js';
import { viewBase } from '../view-base.js';

/** Cookie names of WebAdmin, scoped to /admin so WebMail never sees them. */
export const ADMIN_COOKIE = 'twostep.admin';
export const ADMIN_CSRF_COOKIE = 'twostep.admin.csrf';
/** Where WebAdmin lives. */
export const ADMIN_PREFIX = '/admin';

/** The WebAdmin area with its own session cookie and CSRF secret. */
export function createAdminApp(deps: WebDeps, routes: RouteRegistry): Koa {
  const app = createSubApp(
    deps,
    {
      kind: 'admin',
      cookieName: ADMIN_COOKIE,
      cookiePath: ADMIN_PREFIX,
      ownerField: 'adminId',
      limits: async () => {
        const settings = await deps.settings.get();
        return { idleSeconds: settings.adminSessionIdleSeconds, maxSeconds: settings.adminSessionMaxSeconds };
      },
    },
    ADMIN_CSRF_COOKIE,
  );
  app.use(viewBase);
  const routers: import('@koa/router').default[] = [];
  for (const router of routers) {
    routes.add(router);
    app.use(router.routes()).use(router.allowedMethods());
  }
  return app;
}
