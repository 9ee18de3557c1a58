import Router from '@koa/router';
import type { Context } from 'koa';
import { accountPolicy } from '../../services/accounts.js';
import { accountPairingTarget, revokeDevicesByUser } from '../../services/pairing.js';
import { regenerateRecoveryCodes } from '../../services/recovery.js';
import type { WebDeps } from '../deps.js';
import { sendPage } from '../render.js';
import { sessionData, sessionIdOf } from '../session.js';
import { keepFreshCodes } from '../two-step-session.js';
import type { UrlBuilder } from '../urls.js';
import { currentAccount, userActor } from './gate.js';
import { configureGuard } from './settings-configure.js';
import { flashSettings, leaveTwoStepFlow, seeOther } from './settings-session.js';
import { CONFIGURE_TEXT, TITLES } from './settings-strings.js';

function confirmPage(deps: WebDeps, ctx: Context, action: 'settingsRevoke' | 'settingsRegenerate'): void {
  const mandatory = accountPolicy(currentAccount(ctx)).value === 'mandatory';
  const revoke = action === 'settingsRevoke';
  sendPage(ctx, deps.views, 'webmail/settings/confirm.njk', {
    title: revoke ? TITLES.revoke : TITLES.regenerate,
    question: revoke ? (mandatory ? CONFIGURE_TEXT.revokeConfirmMandatory : CONFIGURE_TEXT.revokeConfirmOptional) : CONFIGURE_TEXT.regenerateConfirm,
    action,
    danger: revoke,
  });
}

/** "Revoke all devices" and "Regenerate recovery codes", each behind a confirmation step. */
export function settingsRevokeRoutes(deps: WebDeps, url: UrlBuilder): Router {
  const router = new Router();
  const guard = configureGuard(deps, url);
  router.get('settingsRevoke', '/settings/two-step/revoke', guard, (ctx) => confirmPage(deps, ctx, 'settingsRevoke'));
  router.post('/settings/two-step/revoke', guard, async (ctx) => {
    const account = currentAccount(ctx);
    const mandatory = accountPolicy(account).value === 'mandatory';
    await revokeDevicesByUser(deps.services, userActor(ctx), await accountPairingTarget(deps.services, account), sessionIdOf(ctx), !mandatory);
    leaveTwoStepFlow(ctx);
    delete sessionData(ctx).reverifiedAt;
    if (mandatory) {
      // A required second step must be set up again before anything else is reachable.
      sessionData(ctx).stage = 'setup';
      return seeOther(ctx, url('setup'));
    }
    flashSettings(ctx, 'ok', CONFIGURE_TEXT.revokedOptional);
    seeOther(ctx, url('settings'));
  });
  router.get('settingsRegenerate', '/settings/two-step/regenerate', guard, (ctx) => confirmPage(deps, ctx, 'settingsRegenerate'));
  router.post('/settings/two-step/regenerate', guard, async (ctx) => {
    const account = currentAccount(ctx);
    const codes = await regenerateRecoveryCodes(deps.services, userActor(ctx), await accountPairingTarget(deps.services, account));
    keepFreshCodes(ctx, deps.services.secretBox, codes, deps.clock.now(), true);
    seeOther(ctx, url('settingsCodes'));
  });
  return router;
}
