import type { Context } from 'koa';
import { signInAdmin } from '../../services/admin-auth.js';
import { confirmPairing, revokeDevicesByUser } from '../../services/pairing.js';
import { sendCodesFile } from '../codes-file.js';
import type { WebDeps } from '../deps.js';
import { formOf } from '../forms.js';
import { sendPage } from '../render.js';
import { renewSession, sessionData, sessionIdOf } from '../session.js';
import { isReverified, sealFreshCodes } from '../two-step-session.js';
import { CODES_TEXT } from '../webmail/settings-strings.js';
import { attempt } from './form-errors.js';
import { adminActor, adminRouter, currentAdmin, redirectTo, setFlash, urlsOf } from './guard.js';
import { sendPairing, type PairingScreen } from './pairing-view.js';
import { ADMIN_BRAND_NAME, ME_TEXT, SIGN_IN_TEXT } from './strings.js';
import { forgetFreshCodes, freshCodesOf, pairingTargetOf } from './two-factor-session.js';

type Purpose = 'turnOn' | 'revoke';

/** Checks the admin's password again (throttled like the sign-in); answers an error message or null. */
async function recheckPassword(ctx: Context, deps: WebDeps): Promise<{ message: string; status: number } | null> {
  const password = formOf(ctx).text('password', 256);
  if (!password) return { message: ME_TEXT.passwordMissing, status: 400 };
  const result = await signInAdmin(deps.services, currentAdmin(ctx).name, password, ctx.ip, false, 'webadmin-settings');
  if (result.ok) return null;
  return result.reason === 'throttled' ? { message: SIGN_IN_TEXT.throttled(result.until - deps.clock.now()), status: 429 } : { message: ME_TEXT.passwordWrong, status: 401 };
}

function showVerify(ctx: Context, deps: WebDeps, purpose: Purpose, error: string | null, status = 200): void {
  const routes = { turnOn: 'adminVerify', revoke: 'adminRevoke' } as const;
  sendPage(ctx, deps.views, `admin/two-factor/${purpose === 'turnOn' ? 'verify' : 'revoke'}.njk`, { action: urlsOf(deps)(routes[purpose]), error }, status);
}

/** The signed-in admin's own 2-Step Verification: "Turn on" dialog, password check, pairing, recovery codes, "Revoke all devices". */
export function meTwoFactorRoutes(deps: WebDeps) {
  const router = adminRouter();
  const pairScreen = (): PairingScreen => ({ action: urlsOf(deps)('adminPair'), cancelUrl: urlsOf(deps)('adminMe'), layout: 'layouts/admin.njk' });
  const refuseWhenOn = (ctx: Context) => {
    if (!currentAdmin(ctx).state.configured) return false;
    redirectTo(ctx, deps, 'adminMe');
    return true;
  };

  router.get('adminTurnOn', '/me/two-factor/turn-on', (ctx) => {
    if (refuseWhenOn(ctx)) return;
    sendPage(ctx, deps.views, 'admin/two-factor/turn-on.njk', {});
  });

  router.get('adminVerify', '/me/two-factor/verify', (ctx) => {
    if (refuseWhenOn(ctx)) return;
    showVerify(ctx, deps, 'turnOn', null);
  });

  router.post('/me/two-factor/verify', async (ctx) => {
    if (refuseWhenOn(ctx)) return;
    const problem = await recheckPassword(ctx, deps);
    if (problem) return showVerify(ctx, deps, 'turnOn', problem.message, problem.status);
    sessionData(ctx).reverifiedAt = deps.clock.now();
    delete sessionData(ctx).pairing;
    redirectTo(ctx, deps, 'adminPair');
  });

  router.get('adminPair', '/me/two-factor/pair', async (ctx) => {
    if (refuseWhenOn(ctx)) return;
    if (!isReverified(ctx, deps.clock.now())) return redirectTo(ctx, deps, 'adminVerify');
    await sendPairing(ctx, deps, currentAdmin(ctx), pairScreen());
  });

  router.post('/me/two-factor/pair', async (ctx) => {
    if (!isReverified(ctx, deps.clock.now())) return redirectTo(ctx, deps, 'adminVerify');
    const admin = currentAdmin(ctx);
    const form = formOf(ctx);
    const result = await attempt(() => confirmPairing(deps.services, adminActor(ctx), pairingTargetOf(admin), sessionData(ctx).pairing ?? null, form.text('pairing', 64), form.text('code', 64)), 'code');
    if (!result.ok) {
      if (result.errors.pairing) delete sessionData(ctx).pairing;
      return sendPairing(ctx, deps, admin, pairScreen(), result.errors.code ?? result.errors.pairing ?? result.errors.form, result.status);
    }
    const data = sessionData(ctx);
    delete data.pairing;
    delete data.reverifiedAt;
    data.freshCodes = sealFreshCodes(deps.services.secretBox, result.value, deps.clock.now(), false);
    redirectTo(ctx, deps, 'adminCodes');
  });

  // The codes stay on the session, for the download too, until "I have saved these codes".
  router.get('adminCodes', '/me/two-factor/codes', (ctx) => {
    const codes = freshCodesOf(ctx, deps.services.secretBox, deps.clock.now());
    sendPage(ctx, deps.views, 'admin/two-factor/codes.njk', { codes, gone: ME_TEXT.codesGone, on: ME_TEXT.turnedOn, text: CODES_TEXT });
  });

  router.get('adminCodesFile', '/me/two-factor/recovery-codes.txt', (ctx) => {
    const codes = freshCodesOf(ctx, deps.services.secretBox, deps.clock.now());
    if (!codes) return redirectTo(ctx, deps, 'adminCodes');
    sendCodesFile(ctx, ADMIN_BRAND_NAME, currentAdmin(ctx).name, codes);
  });

  router.get('adminCodesDone', '/me/two-factor/codes/done', (ctx) => {
    forgetFreshCodes(ctx);
    redirectTo(ctx, deps, 'adminMe');
  });

  router.get('adminRevoke', '/me/two-factor/revoke', (ctx) => {
    if (!currentAdmin(ctx).state.configured) return redirectTo(ctx, deps, 'adminMe');
    showVerify(ctx, deps, 'revoke', null);
  });

  router.post('/me/two-factor/revoke', async (ctx) => {
    const admin = currentAdmin(ctx);
    if (!admin.state.configured) return redirectTo(ctx, deps, 'adminMe');
    const problem = await recheckPassword(ctx, deps);
    if (problem) return showVerify(ctx, deps, 'revoke', problem.message, problem.status);
    const { adminTwoFactorMandatory } = await deps.settings.get();
    await revokeDevicesByUser(deps.services, adminActor(ctx), pairingTargetOf(admin), sessionIdOf(ctx), !adminTwoFactorMandatory);
    if (!adminTwoFactorMandatory) {
      setFlash(ctx, ME_TEXT.revoked);
      return redirectTo(ctx, deps, 'adminMe');
    }
    // Mandatory for admins: the only way on is to pair again at once.
    const now = deps.clock.now();
    await renewSession(ctx, now, { adminId: admin.id, stage: 'setup', createdAt: sessionData(ctx).createdAt ?? now });
    redirectTo(ctx, deps, 'adminSetup');
  });

  return router;
}
