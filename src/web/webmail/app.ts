import type Koa from 'koa';
import { BRANDING_PREFIX } from '../brand.js';
import { brandingRoutes } from '../branding-routes.js';
import type { WebDeps } from '../deps.js';
import { brandedTemplates } from '../render.js';
import { combineRouters, knowsPath } from '../mount-routers.js';
import { createSubApp } from '../sub-app.js';
import type { RouteRegistry } from '../urls.js';
import { viewBase } from '../view-base.js';
import { mobileRouters } from '../mobile/routes.js';
import { DomainSelector, domainSelection } from './domain-selection.js';
import { DESKTOP } from './flavour.js';
import { webmailGate } from './gate.js';
import { composeUploadLimits } from './mail-compose-routes.js';
import { webmailScreens } from './screens.js';
import { twoStepRouters } from './settings-routers.js';

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
    composeUploadLimits(deps.config.mailAttachmentLimitBytes),
  );
  // Every WebMail route module, mounted in this order behind the gate; a new screen adds one line.
  const routers = [
    ...webmailScreens(deps, DESKTOP),
    // Settings and mandatory set-up (route `setup`, /setup) of 2-Step Verification.
    ...twoStepRouters(deps, routes.url),
    ...mobileRouters(deps),
  ];
  const selector = new DomainSelector(deps.services);
  // Images and colour sheets need no session or domain; WebAdmin's previews use them too.
  const branding = brandingRoutes(deps);
  routes.add(branding);
  const brandingMiddleware = branding.routes();
  app.use((ctx, next) => (ctx.path.startsWith(BRANDING_PREFIX) ? brandingMiddleware(ctx as Parameters<typeof brandingMiddleware>[0], next) : next()));
  // Per-domain templates apply to WebMail pages only; WebAdmin always shows the product's own.
  deps.views.useOverrides(deps.config.brandingDir, deps.logger);
  app.use(brandedTemplates);
  app.use(viewBase);
  app.use(domainSelection(selector));
  const screens = combineRouters(routers, routes);
  app.use(webmailGate(deps, selector, (path) => knowsPath(screens, path)));
  app.use(screens.routes()).use(screens.allowedMethods());
  return app;
}
