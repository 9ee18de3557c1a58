import type Router from '@koa/router';
import type { WebDeps } from '../deps.js';
import { MOBILE } from '../webmail/flavour.js';
import { webmailScreens } from '../webmail/screens.js';
import { mobileSettingsRoutes } from './settings-routes.js';
import { mobileSetupRoutes } from './setup-routes.js';

/**
 * Mobile WebMail under /m: login, challenge, mailbox and sign-out, with the same rules as the
 * standard one, a Settings page that lists the app passwords, and a page pointing a user who must still set up 2-Step Verification to it.
 */
export function mobileRouters(deps: WebDeps): Router[] {
  return [...webmailScreens(deps, MOBILE), mobileSetupRoutes(deps), mobileSettingsRoutes(deps)];
}
