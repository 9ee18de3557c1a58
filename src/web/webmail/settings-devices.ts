import Router from '@koa/router';
import type { Context } from 'koa';
import { listDevices, removeOneDevice, type DeviceView } from '../../services/devices.js';
import { ServiceError } from '../../services/errors.js';
import { accountPairingTarget } from '../../services/pairing.js';
import { hasSecurityKey } from '../../services/security-keys.js';
import type { WebDeps } from '../deps.js';
import { sendPage } from '../render.js';
import type { UrlBuilder } from '../urls.js';
import { currentAccount, userActor } from './gate.js';
import { configureGuard } from './settings-configure.js';
import { flashSettings, seeOther } from './settings-session.js';
import { CONFIGURE_TEXT } from './settings-strings.js';

/** The account's device named by the `:id` parameter, or null (not a number, or not one of its devices). */
async function deviceOf(deps: WebDeps, ctx: Context): Promise<DeviceView | null> {
  const id = /^[1-9][0-9]{0,9}$/.test(ctx.params.id ?? '') ? Number(ctx.params.id) : NaN;
  if (!Number.isSafeInteger(id)) return null;
  return (await listDevices(deps.services, { kind: 'account', id: currentAccount(ctx).id })).find((one) => one.id === id) ?? null;
}

/** Configure's "Remove" of one device, behind a confirmation step; the only device goes only with "Revoke all devices". */
export function settingsDeviceRoutes(deps: WebDeps, url: UrlBuilder): Router {
  const router = new Router();
  const guard = configureGuard(deps, url);
  router.get('settingsRemoveDevice', '/settings/two-step/devices/:id/remove', guard, async (ctx) => {
    const device = await deviceOf(deps, ctx);
    if (!device) return seeOther(ctx, url('settingsTwoStep'));
    sendPage(ctx, deps.views, 'webmail/settings/confirm.njk', {
      title: CONFIGURE_TEXT.removeTitle(device.name),
      question: CONFIGURE_TEXT.removeConfirm(device.name, device.kind),
      actionUrl: url('settingsRemoveDevice', { id: device.id }),
      danger: true,
      section: 'settings',
    });
  });
  router.post('/settings/two-step/devices/:id/remove', guard, async (ctx) => {
    const device = await deviceOf(deps, ctx);
    if (!device) return seeOther(ctx, url('settingsTwoStep'));
    try {
      const removed = await removeOneDevice(deps.services, userActor(ctx), await accountPairingTarget(deps.services, currentAccount(ctx)), device.id);
      flashSettings(ctx, 'ok', CONFIGURE_TEXT.deviceRemoved(removed.name, removed.kind));
    } catch (err) {
      // Removed meanwhile, or the last one left: say so on Configure.
      if (!(err instanceof ServiceError) || (err.kind !== 'not_found' && err.kind !== 'conflict')) throw err;
      const lastApp = err.kind === 'conflict' && device.kind === 'totp' && (await hasSecurityKey(deps.services, { kind: 'account', id: currentAccount(ctx).id }));
      flashSettings(ctx, 'error', lastApp ? CONFIGURE_TEXT.lastApp : err.kind === 'conflict' ? CONFIGURE_TEXT.onlyDevice : CONFIGURE_TEXT.deviceRemoved(device.name));
    }
    seeOther(ctx, url('settingsTwoStep'));
  });
  return router;
}
