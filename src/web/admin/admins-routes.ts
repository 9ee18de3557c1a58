import type { Context } from 'koa';
import { allAdmins, createAdmin, removeAdmin, requireAdmin, resetAdminTwoFactor, setAdminPasswordBy, type AdminRecord } from '../../services/admins.js';
import type { WebDeps } from '../deps.js';
import { formOf } from '../forms.js';
import { sendPage } from '../render.js';
import { sessionIdOf } from '../session.js';
import { attempt, type FieldErrors } from './form-errors.js';
import { adminActor, adminRouter, currentAdmin, redirectTo, setFlash } from './guard.js';
import { ADMINS_TEXT, adminTwoFactorLabel } from './strings.js';

async function showList(ctx: Context, deps: WebDeps, name: string, errors: FieldErrors, status = 200): Promise<void> {
  const me = currentAdmin(ctx);
  const { adminTwoFactorMandatory } = await deps.settings.get();
  const now = deps.clock.now();
  const admins = (await allAdmins(deps.services)).map((admin) => ({
    name: admin.name,
    builtin: admin.builtin,
    me: admin.id === me.id,
    status: adminTwoFactorLabel(admin.state, adminTwoFactorMandatory, now),
    removable: !admin.builtin && admin.id !== me.id,
    resettable: admin.id !== me.id && (admin.state.configured || admin.state.hasKey),
  }));
  sendPage(ctx, deps.views, 'admin/admins/list.njk', { admins, name, errors }, status);
}

function showPassword(ctx: Context, deps: WebDeps, admin: AdminRecord, errors: FieldErrors, status = 200): void {
  sendPage(ctx, deps.views, 'admin/admins/password.njk', { target: admin.name, errors }, status);
}

/** "Administrators": the list with each one's 2-Step Verification status, add, remove, change password and reset another's 2-Step Verification. */
export function adminsRoutes(deps: WebDeps) {
  const router = adminRouter();
  const load = (ctx: Context) => requireAdmin(deps.services, String(ctx.params.name));

  router.get('admins', '/admins', (ctx) => showList(ctx, deps, '', {}));

  router.post('/admins', async (ctx) => {
    const form = formOf(ctx);
    const name = form.trimmed('name', 64);
    const password = form.text('password', 256);
    const errors: FieldErrors = {};
    if (!name) errors.name = form.malformed('name', 64) ? ADMINS_TEXT.nameMalformed : ADMINS_TEXT.nameMissing;
    if (form.malformed('password', 256)) errors.password = ADMINS_TEXT.passwordMalformed;
    else if (password !== form.text('confirmPassword', 256)) errors.confirmPassword = ADMINS_TEXT.mismatch;
    if (Object.keys(errors).length) return showList(ctx, deps, name, errors, 400);
    const result = await attempt(() => createAdmin(deps.services, adminActor(ctx), name, password));
    if (!result.ok) return showList(ctx, deps, name, result.errors, result.status);
    setFlash(ctx, ADMINS_TEXT.created(result.value.name));
    redirectTo(ctx, deps, 'admins');
  });

  router.get('adminRemove', '/admins/:name/remove', async (ctx) => {
    const admin = await load(ctx);
    const me = currentAdmin(ctx);
    const refusal = admin.builtin ? ADMINS_TEXT.builtin(admin.name) : admin.id === me.id ? ADMINS_TEXT.self : null;
    sendPage(ctx, deps.views, 'admin/admins/remove.njk', { target: admin.name, refusal }, refusal ? 403 : 200);
  });

  router.post('/admins/:name/remove', async (ctx) => {
    const admin = await load(ctx);
    await removeAdmin(deps.services, adminActor(ctx), currentAdmin(ctx).id, admin.name);
    setFlash(ctx, ADMINS_TEXT.removed(admin.name));
    redirectTo(ctx, deps, 'admins');
  });

  router.get('adminTwoFactorReset', '/admins/:name/two-factor-reset', async (ctx) => {
    const admin = await load(ctx);
    const { adminTwoFactorMandatory } = await deps.settings.get();
    const refusal = admin.id === currentAdmin(ctx).id ? ADMINS_TEXT.resetSelf : null;
    sendPage(ctx, deps.views, 'admin/admins/two-factor-reset.njk', { target: admin.name, mandatory: adminTwoFactorMandatory, refusal }, refusal ? 403 : 200);
  });

  router.post('/admins/:name/two-factor-reset', async (ctx) => {
    const admin = await load(ctx);
    await resetAdminTwoFactor(deps.services, adminActor(ctx), currentAdmin(ctx).id, admin.name);
    setFlash(ctx, ADMINS_TEXT.twoFactorReset(admin.name));
    redirectTo(ctx, deps, 'admins');
  });

  router.get('adminPassword', '/admins/:name/password', async (ctx) => showPassword(ctx, deps, await load(ctx), {}));

  router.post('/admins/:name/password', async (ctx) => {
    const admin = await load(ctx);
    const form = formOf(ctx);
    const password = form.text('password', 256);
    if (form.malformed('password', 256)) return showPassword(ctx, deps, admin, { password: ADMINS_TEXT.passwordMalformed }, 400);
    if (password !== form.text('confirmPassword', 256)) return showPassword(ctx, deps, admin, { confirmPassword: ADMINS_TEXT.mismatch }, 400);
    const result = await attempt(() => setAdminPasswordBy(deps.services, adminActor(ctx), admin.name, password, sessionIdOf(ctx)));
    if (!result.ok) return showPassword(ctx, deps, admin, result.errors, result.status);
    setFlash(ctx, ADMINS_TEXT.passwordChanged(admin.name));
    redirectTo(ctx, deps, 'admins');
  });

  return router;
}
