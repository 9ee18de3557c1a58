import type { WebDeps } from '../deps.js';
import { registerAccountActions } from './accounts-actions.js';
import { registerAccountAppPasswords } from './accounts-app-passwords.js';
import { registerAccountDevices } from './accounts-devices.js';
import { registerAccountTrustedBrowsers } from './accounts-trusted-browsers.js';
import { registerAccountGeneral } from './accounts-general.js';
import { registerAccountList } from './accounts-list.js';
import { registerAccountRestrictions } from './accounts-restrictions.js';
import { adminRouter } from './guard.js';

/** "Manage Accounts": one router, so every account page can link to and redirect to the others by name. */
export function accountRoutes(deps: WebDeps) {
  const router = adminRouter();
  registerAccountList(router, deps);
  registerAccountRestrictions(router, deps);
  registerAccountActions(router, deps);
  registerAccountAppPasswords(router, deps);
  registerAccountDevices(router, deps);
  registerAccountTrustedBrowsers(router, deps);
  registerAccountGeneral(router, deps);
  return router;
}
