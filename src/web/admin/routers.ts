import type Router from '@koa/router';
import type { WebDeps } from '../deps.js';
import { adminsRoutes } from './admins-routes.js';
import { accountRoutes } from './accounts-routes.js';
import { auditRoutes } from './audit-routes.js';
import { brandingAdminRoutes } from './branding-routes.js';
import { authRoutes } from './auth-routes.js';
import { challengeRoutes } from './challenge-routes.js';
import { classRoutes } from './classes-routes.js';
import { domainEditRoutes } from './domain-edit-routes.js';
import { domainRoutes } from './domains-routes.js';
import { meRoutes } from './me-routes.js';
import { meTwoFactorRoutes } from './me-two-factor-routes.js';
import { settingsRoutes } from './settings-routes.js';

/** Every WebAdmin route module, mounted in this order behind the gate; a new screen adds one line. */
export const ADMIN_ROUTE_MODULES: ((deps: WebDeps) => Router)[] = [
  authRoutes,
  challengeRoutes,
  domainRoutes,
  domainEditRoutes,
  brandingAdminRoutes,
  classRoutes,
  accountRoutes,
  auditRoutes,
  settingsRoutes,
  adminsRoutes,
  meRoutes,
  meTwoFactorRoutes,
];
