import Router from '@koa/router';
import { ServiceError, statusFor } from '../../services/errors.js';
import { accountPairingTarget } from '../../services/pairing.js';
import { finishKeyRegistration, startKeyRegistration } from '../../services/security-keys.js';
import type { WebDeps } from '../deps.js';
import { formOf } from '../forms.js';
import { keepCeremony, keyPlace, sendKeyJson, takeCeremony } from '../key-ceremony-session.js';
import type { UrlBuilder } from '../urls.js';
import { currentAccount, userActor } from './gate.js';
import { configureGuard, showConfigure } from './settings-configure.js';
import { flashSettings, seeOther } from './settings-session.js';
import { SECURITY_KEY_UI_TEXT } from './settings-strings.js';

/** Longest registration answer a form may carry, in characters. */
const ANSWER_MAX = 16_000;

/**
 * Configure's "Add a security key or passkey": its script asks for registration options (JSON; the
 * challenge kept on the session, used once), then posts the key's answer with the name as a form.
 */
export function settingsSecurityKeyRoutes(deps: WebDeps, url: UrlBuilder): Router {
  const router = new Router();
  const guard = configureGuard(deps, url);
  router.post('settingsSecurityKeyOptions', '/settings/two-step/security-key/options', guard, async (ctx) => {
    const target = await accountPairingTarget(deps.services, currentAccount(ctx));
    try {
      const { options, pending } = await startKeyRegistration(deps.services, target, keyPlace(ctx, target.issuer));
      keepCeremony(ctx, pending);
      sendKeyJson(ctx, 200, { options });
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      sendKeyJson(ctx, statusFor(err), { error: err.message });
    }
  });
  router.post('settingsSecurityKey', '/settings/two-step/security-key', guard, async (ctx) => {
    const account = currentAccount(ctx);
    const target = await accountPairingTarget(deps.services, account);
    const form = formOf(ctx);
    const name = form.text('keyName', 200);
    const pending = takeCeremony(ctx, 'register', target.subject, deps.clock.now());
    try {
      const added = await finishKeyRegistration(deps.services, userActor(ctx), target, pending, keyPlace(ctx, target.issuer), name, form.text('credential', ANSWER_MAX));
      flashSettings(ctx, 'ok', SECURITY_KEY_UI_TEXT.added(added.name));
      seeOther(ctx, url('settingsTwoStep'));
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      await showConfigure(deps, ctx, { error: err.message, name }, statusFor(err));
    }
  });
  return router;
}
