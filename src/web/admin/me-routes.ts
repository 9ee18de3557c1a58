import type { Context } from 'koa';
import { changeOwnAdminPassword } from '../../services/admins.js';
import type { WebDeps } from '../deps.js';
import { formOf } from '../forms.js';
import { sendPage } from '../render.js';
import { sessionIdOf } from '../session.js';
import { attempt, type FieldErrors } from './form-errors.js';
import { adminActor, adminRouter, currentAdmin, redirectTo, setFlash } from './guard.js';
import { ADMINS_TEXT, ME_TEXT, adminTwoFactorLabel } from './strings.js';

async function showMe(ctx: Context, deps: WebDeps, errors: FieldErrors, status = 200): Promise<void> {
  const admin = currentAdmin(ctx);
  const { adminTwoFactorMandatory } = await deps.settings.get();
  sendPage(ctx, deps.views, 'admin/me/index.njk', {
    admin: { name: admin.name, configured: admin.state.configured, configuredAt: admin.state.configuredAt, lastSuccessAt: admin.state.lastSuccessAt },
    status: adminTwoFactorLabel(admin.state, adminTwoFactorMandatory, deps.clock.now()),
    mandatory: adminTwoFactorMandatory,
    errors,
  }, status);
}

/** "My account": the signed-in admin changes their password and manages their own 2-Step Verification. */
export function meRoutes(deps: WebDeps) {
  const router = adminRouter();

  router.get('adminMe', '/me', (ctx) => showMe(ctx, deps, {}));

  router.post('adminMePassword', '/me/password', async (ctx) => {
    const form = formOf(ctx);
    const current = form.text('currentPassword', 256);
    const next = form.text('password', 256);
    if (form.malformed('password', 256)) return showMe(ctx, deps, { password: ADMINS_TEXT.passwordMalformed }, 400);
    if (next !== form.text('confirmPassword', 256)) return showMe(ctx, deps, { confirmPassword: ADMINS_TEXT.mismatch }, 400);
    const result = await attempt(() => changeOwnAdminPassword(deps.services, adminActor(ctx), currentAdmin(ctx), current, next, sessionIdOf(ctx)));
    if (!result.ok) return showMe(ctx, deps, result.errors, result.status);
    setFlash(ctx, ME_TEXT.passwordChanged);
    redirectTo(ctx, deps, 'adminMe');
  });

  return router;
}
