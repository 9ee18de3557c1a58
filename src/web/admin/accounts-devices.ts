import type Router from '@koa/router';
import type { Context } from 'koa';
import { applyAccountChanges, type AccountRecord } from '../../services/accounts.js';
import { listDevices, type DeviceView } from '../../services/devices.js';
import { ServiceError } from '../../services/errors.js';
import type { WebDeps } from '../deps.js';
import { showConfirm } from './accounts-actions.js';
import { accountParams, loadAccount, seeOther } from './accounts-load.js';
import { ACCOUNT_TEXT, CONFIRM_TEXT } from './accounts-strings.js';
import { adminActor, setFlash } from './guard.js';

/** The account's device named by the path's id; anything else answers the 404 page. */
async function deviceOf(deps: WebDeps, ctx: Context, account: AccountRecord): Promise<DeviceView> {
  const raw = String(ctx.params.id ?? '');
  const found = /^[1-9]\d{0,9}$/.test(raw) ? (await listDevices(deps.services, { kind: 'account', id: account.id })).find((one) => one.id === Number(raw)) : undefined;
  if (!found) throw new ServiceError('not_found', `${account.address} has no such device.`, 'device');
  return found;
}

/** The General tab's "Remove" of one device, behind a confirmation step. */
export function registerAccountDevices(router: Router, deps: WebDeps): void {
  const path = '/domains/:domain/accounts/:account/devices/:id/remove';
  router.get('accountDeviceRemove', path, async (ctx) => {
    const { account } = await loadAccount(deps, ctx);
    const device = await deviceOf(deps, ctx, account);
    const params = accountParams(account);
    showConfirm(ctx, deps, {
      ...CONFIRM_TEXT.removeDevice(account.address, device.name),
      action: router.url('accountDeviceRemove', { ...params, id: String(device.id) }) as string,
      cancelUrl: router.url('accountEdit', params) as string,
    });
  });
  router.post(path, async (ctx) => {
    const { domain, account } = await loadAccount(deps, ctx);
    const device = await deviceOf(deps, ctx, account);
    await applyAccountChanges(deps.services, adminActor(ctx), domain, account.name, [{ op: 'removeDevice', id: device.id }]);
    setFlash(ctx, ACCOUNT_TEXT.deviceRemoved(account.address, device.name));
    seeOther(ctx, router, 'accountEdit', accountParams(account));
  });
}
