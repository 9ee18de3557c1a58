import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { describeSource } from '../../core/policy.js';
import { accountPolicy } from '../../services/accounts.js';
import { ServiceError } from '../../services/errors.js';
import { confirmNewDevice, listDevices } from '../../services/devices.js';
import { accountPairingTarget, pendingKey, startPairing, type PendingPairing } from '../../services/pairing.js';
import { recoveryCodesLeft } from '../../services/recovery.js';
import type { WebDeps } from '../deps.js';
import { formOf } from '../forms.js';
import { sendPage } from '../render.js';
import { sessionData } from '../session.js';
import { isReverified, sessionPairing } from '../two-step-session.js';
import type { UrlBuilder } from '../urls.js';
import { currentAccount, userActor } from './gate.js';
import { keyScreen } from './settings-pairing.js';
import { flashSettings, seeOther, takeSettingsFlash, twoStepPosition } from './settings-session.js';
import { allowOwnScript } from '../security-headers.js';
import { CONFIGURE_TEXT, PAIR_TEXT, SECTION_TEXT, SECURITY_KEY_UI_TEXT, TITLES } from './settings-strings.js';
import { KEY_SCRIPT_TEXT } from './strings.js';

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

/** The session's pairing of a new device, or a new one (a new key of its own) when there is none. */
function newDevicePairing(deps: WebDeps, ctx: Context): PendingPairing {
  const subject = { kind: 'account' as const, id: currentAccount(ctx).id };
  const pending = sessionPairing(ctx, subject, deps.clock.now()) ?? startPairing(deps.services, subject);
  sessionData(ctx).pairing = pending;
  return pending;
}

interface AddDeviceForm {
  name: string;
  errors: { deviceName?: string; code?: string; pairing?: string };
}

async function showAddDevice(deps: WebDeps, ctx: Context, pending: PendingPairing, form: AddDeviceForm, status = 200): Promise<void> {
  const target = await accountPairingTarget(deps.services, currentAccount(ctx));
  sendPage(ctx, deps.views, 'webmail/settings/add-device.njk', {
    title: TITLES.addDevice,
    text: { ...PAIR_TEXT, ...CONFIGURE_TEXT },
    key: await keyScreen(pendingKey(deps.services, target, pending)),
    pairingId: pending.id,
    name: form.name,
    nameError: form.errors.deviceName ?? null,
    error: form.errors.code ?? form.errors.pairing ?? null,
  }, status);
}

/**
 * Configure: state, devices, "Add device", "Add a security key or passkey" (its form shown by the
 * product's script, which this page alone loads with its CSP, or a `keyError` when adding failed).
 */
export async function showConfigure(deps: WebDeps, ctx: Context, key: { error: string; name: string } | null = null, status = 200): Promise<void> {
  const account = currentAccount(ctx);
  const policy = accountPolicy(account);
  allowOwnScript(ctx);
  sendPage(ctx, deps.views, 'webmail/settings/configure.njk', {
    title: TITLES.configure,
    titles: TITLES,
    text: CONFIGURE_TEXT,
    keyText: SECURITY_KEY_UI_TEXT,
    keyScript: KEY_SCRIPT_TEXT,
    keyError: key?.error ?? null,
    keyName: key?.name ?? '',
    rule: policy.value === 'mandatory' ? SECTION_TEXT.mandatory : SECTION_TEXT.optional,
    sourceText: describeSource(policy.source),
    codesLeft: SECTION_TEXT.codesLeft(await recoveryCodesLeft(deps.services, { kind: 'account', id: account.id })),
    lastSuccessAt: account.state.lastSuccessAt,
    lastUsedLabel: SECTION_TEXT.lastUsed,
    devices: await listDevices(deps.services, { kind: 'account', id: account.id }),
    section: 'settings',
    notice: takeSettingsFlash(ctx),
  }, status);
}

/** Configure (for accounts with 2-Step Verification on) and "Add device". */
export function settingsConfigureRoutes(deps: WebDeps, url: UrlBuilder): Router {
  const router = new Router();
  const guard = configureGuard(deps, url);
  router.get('settingsTwoStep', '/settings/two-step', guard, (ctx) => showConfigure(deps, ctx));
  router.get('settingsAddDevice', '/settings/two-step/add-device', guard, (ctx) => showAddDevice(deps, ctx, newDevicePairing(deps, ctx), { name: '', errors: {} }));
  router.post('/settings/two-step/add-device', guard, async (ctx) => {
    const account = currentAccount(ctx);
    const target = await accountPairingTarget(deps.services, account);
    const form = formOf(ctx);
    const name = form.text('deviceName', 200);
    const pending = sessionPairing(ctx, target.subject, deps.clock.now());
    try {
      const added = await confirmNewDevice(deps.services, userActor(ctx), target, pending, form.text('pairing', 64), name, form.text('code', 64));
      delete sessionData(ctx).pairing;
      flashSettings(ctx, 'ok', CONFIGURE_TEXT.deviceAdded(added.name));
      seeOther(ctx, url('settingsTwoStep'));
    } catch (err) {
      if (!(err instanceof ServiceError) || !err.field || !['deviceName', 'code', 'pairing'].includes(err.field)) throw err;
      // Expired or from another window: a new key, which the app must be set up with.
      const status = err.field === 'pairing' ? 409 : 400;
      await showAddDevice(deps, ctx, err.field === 'pairing' || !pending ? newDevicePairing(deps, ctx) : pending, { name, errors: { [err.field]: err.message } }, status);
    }
  });
  return router;
}
