import type Koa from 'koa';
import type { WebDeps } from '../deps.js';
import { combineRouters } from '../mount-routers.js';
import { createSubApp } from '../sub-app.js';
import type { RouteRegistry } from '../urls.js';
import { viewBase } from '../view-base.js';
import { BRANDING_FORM_LIMITS } from './branding-form.js';
import { adminGate } from './guard.js';
import { ADMIN_COOKIE, ADMIN_CSRF_COOKIE, ADMIN_PREFIX } from './paths.js';
import { ADMIN_ROUTE_MODULES } from './routers.js';

export { ADMIN_COOKIE, ADMIN_CSRF_COOKIE, ADMIN_PREFIX };

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
    // The branding form is the one upload of WebAdmin.
    BRANDING_FORM_LIMITS,
  );
  app.use(viewBase);
  app.use(adminGate(deps));
  const screens = combineRouters(ADMIN_ROUTE_MODULES.map((build) => build(deps)), routes);
  app.use(screens.routes()).use(screens.allowedMethods());
  return app;
}
