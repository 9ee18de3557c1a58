import type Router from '@koa/router';
import type { WebDeps } from '../deps.js';
import type { UrlBuilder } from '../urls.js';
import { settingsAppPasswordRoutes } from './settings-app-passwords.js';
import { settingsCodesRoutes } from './settings-codes.js';
import { settingsConfigureRoutes } from './settings-configure.js';
import { settingsDeviceRoutes } from './settings-devices.js';
import { settingsGeneralRoutes } from './settings-general.js';
import { settingsPairingRoutes } from './settings-pairing.js';
import { settingsRevokeRoutes } from './settings-revoke.js';
import { settingsSecurityKeyRoutes } from './settings-security-keys.js';
import { settingsTrustedBrowserRoutes } from './settings-trusted-browsers.js';
import { settingsVerifyRoutes } from './settings-verify.js';
import { setupRoutes } from './setup-routes.js';

/**
 * The user's own 2-Step Verification screens: Settings → General, Turn on, credential verification,
 * pairing, recovery codes, Configure (add and remove devices and security keys, revoke, regenerate), app passwords, trusted browsers and mandatory set-up at /setup.
 */
export function twoStepRouters(deps: WebDeps, url: UrlBuilder): Router[] {
  return [
    settingsGeneralRoutes(deps, url),
    settingsVerifyRoutes(deps, url),
    settingsPairingRoutes(deps, url),
    settingsCodesRoutes(deps, url),
    settingsConfigureRoutes(deps, url),
    settingsDeviceRoutes(deps, url),
    settingsSecurityKeyRoutes(deps, url),
    settingsRevokeRoutes(deps, url),
    settingsAppPasswordRoutes(deps, url),
    settingsTrustedBrowserRoutes(deps, url),
    setupRoutes(deps, url),
  ];
}
