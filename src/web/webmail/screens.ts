import type Router from '@koa/router';
import type { WebDeps } from '../deps.js';
import { challengeKeyRoutes } from './challenge-key-routes.js';
import { challengeRoutes } from './challenge-routes.js';
import type { Flavour } from './flavour.js';
import { homeRoutes } from './home-routes.js';
import { loginRoutes } from './login-routes.js';
import { logoutRoutes } from './logout-routes.js';
import { mailActionRoutes } from './mail-action-routes.js';
import { mailComposeRoutes } from './mail-compose-routes.js';
import { mailReadRoutes } from './mail-read-routes.js';
import { mailRoutes } from './mail-routes.js';

/** The mailbox screens, in matching order: lists, compose and actions before a message's own address. */
function mailScreens(deps: WebDeps, flavour: Flavour): Router[] {
  return [mailRoutes(deps, flavour), mailComposeRoutes(deps, flavour), mailActionRoutes(deps, flavour), mailReadRoutes(deps, flavour)];
}

/** The screens every WebMail interface has, as routers: front door, login, challenge, sign-out, mailbox. */
export function webmailScreens(deps: WebDeps, flavour: Flavour): Router[] {
  return [homeRoutes(flavour), loginRoutes(deps, flavour), challengeRoutes(deps, flavour), challengeKeyRoutes(deps, flavour), logoutRoutes(deps, flavour), ...mailScreens(deps, flavour)];
}
