import type Koa from 'koa';
import type { WebDeps } from '../deps.js';
import { createSubApp } from '../sub-app.js';
import type { RouteRegistry } from '../urls.js';
import { viewBase } from '../view-base.js';
import { homeRoutes } from './home-routes.js';

/** Cookie names of WebMail (standard and mobile share one session). */
export const WEBMAIL_COOKIE = 'twostep.sid';
export const WEBMAIL_CSRF_COOKIE = 'twostep.csrf';

/** The WebMail area: login, challenge, mailbox, settings and the mobile pages. */
export function createWebmailApp(deps: WebDeps, routes: RouteRegistry): Koa {
  const app = createSubApp(
    deps,
    {
      kind: 'webmail',
      cookieName: WEBMAIL_COOKIE,
      cookiePath: '/',
      ownerField: 'accountId',
      limits: async () => {
        const settings = await deps.settings.get();
        return { idleSeconds: settings.sessionIdleSeconds, maxSeconds: settings.sessionMaxSeconds };
      },
    },
    WEBMAIL_CSRF_COOKIE,
  );
  app.use(viewBase);
  for (const router of [homeRoutes(deps)]) {
    routes.add(router);
    app.use(router.routes()).use(router.allowedMethods());
  }
  return app;
}
