import type Router from '@koa/router';
import type { WebDeps } from '../deps.js';
import { authRoutes } from './auth-routes.js';
import { domainRoutes } from './domains-routes.js';

/** Every WebAdmin route module, mounted in this order behind the gate; a new screen adds one line. */
export const ADMIN_ROUTE_MODULES: ((deps: WebDeps) => Router)[] = [
  authRoutes,
  domainRoutes,
];
