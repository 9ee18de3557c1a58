import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { describeSource } from '../../core/policy.js';
import { accountPolicy } from '../../services/accounts.js';
import { ServiceError } from '../../services/errors.js';
import { accountPairingTarget, checkDeviceCode, deviceKey } from '../../services/pairing.js';
import { recoveryCodesLeft } from '../../services/recovery.js';
import type { WebDeps } from '../deps.js';
import { formOf } from '../forms.js';
import { sendPage } from '../render.js';
import { isReverified } from '../two-step-session.js';
import type { UrlBuilder } from '../urls.js';
import { currentAccount, userActor } from './gate.js';
import { keyScreen } from './settings-pairing.js';
import { flashSettings, seeOther, takeSettingsFlash, twoStepPosition } from './settings-session.js';
import { CONFIGURE_TEXT, PAIR_TEXT, SECTION_TEXT, TITLES } from './settings-strings.js';

/**
 * Lets a request through to Configure and its actions only when 2-Step Verification is on and the
 * password was re-entered lately; otherwise sends it to Settings or to credential verification.
 */
export function configureGuard(deps: WebDeps, url: UrlBuilder) {
  return async (ctx: Context, next: Next) => {
    if (!twoStepPosition(currentAccount(ctx)).configured) return seeOther(ctx, url('settings'));
    if (!isReverified(ctx, deps.clock.now())) return seeOther(ctx, url('settingsVerify', {}, { next: 'configure' }));
    await next();
  };
}

async function showAddDevice(deps: WebDeps, ctx: Context, error: string | null, status = 200): Promise<void> {
  const target = await accountPairingTarget(deps.services, currentAccount(ctx));
  sendPage(ctx, deps.views, 'webmail/settings/add-device.njk', {
    title: TITLES.addDevice,
    text: PAIR_TEXT,
    key: await keyScreen(await deviceKey(deps.services, target)),
    error,
  }, status);
}

/** Configure (for accounts with 2-Step Verification on) and "Add device". */
export function settingsConfigureRoutes(deps: WebDeps, url: UrlBuilder): Router {
  const router = new Router();
  const guard = configureGuard(deps, url);
  router.get('settingsTwoStep', '/settings/two-step', guard, async (ctx) => {
    const account = currentAccount(ctx);
    const policy = accountPolicy(account);
    sendPage(ctx, deps.views, 'webmail/settings/configure.njk', {
      title: TITLES.configure,
      titles: TITLES,
      text: CONFIGURE_TEXT,
      rule: policy.value === 'mandatory' ? SECTION_TEXT.mandatory : SECTION_TEXT.optional,
      sourceText: describeSource(policy.source),
      codesLeft: SECTION_TEXT.codesLeft(await recoveryCodesLeft(deps.services, { kind: 'account', id: account.id })),
      lastSuccessAt: account.state.lastSuccessAt,
      lastUsedLabel: SECTION_TEXT.lastUsed,
      section: 'settings',
      notice: takeSettingsFlash(ctx),
    });
  });
  router.get('settingsAddDevice', '/settings/two-step/add-device', guard, (ctx) => showAddDevice(deps, ctx, null));
  router.post('/settings/two-step/add-device', guard, async (ctx) => {
    const target = await accountPairingTarget(deps.services, currentAccount(ctx));
    try {
      await checkDeviceCode(deps.services, userActor(ctx), target, formOf(ctx).text('code', 64));
    } catch (err) {
      if (err instanceof ServiceError && err.field === 'code') return showAddDevice(deps, ctx, err.message, 400);
      throw err;
    }
    flashSettings(ctx, 'ok', PAIR_TEXT.checkOk);
    seeOther(ctx, url('settingsTwoStep'));
  });
  return router;
}
