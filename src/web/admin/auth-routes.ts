import type { Context } from 'koa';
import { signInAdmin } from '../../services/admin-auth.js';
import type { WebDeps } from '../deps.js';
import { formOf, queryText } from '../forms.js';
import { sendPage } from '../render.js';
import { endSession, renewSession } from '../session.js';
import { adminRouter, safeReturnPath, type AdminSessionData } from './guard.js';
import { ADMIN_PATHS, ADMIN_PREFIX } from './paths.js';
import { SIGN_IN_TEXT } from './strings.js';

interface LoginModel {
  name?: string;
  next?: string;
  errors?: { name?: string; password?: string; form?: string };
  notice?: string;
}

function showLogin(ctx: Context, deps: WebDeps, model: LoginModel, status = 200): void {
  sendPage(ctx, deps.views, 'admin/login.njk', { name: '', next: '', errors: {}, ...model }, status);
}

/** Admin sign-in and sign-out at /admin/login and /admin/logout, and /admin itself. */
export function authRoutes(deps: WebDeps) {
  const router = adminRouter();

  router.get('adminHome', '/', (ctx) => {
    ctx.status = 303;
    ctx.redirect(`${ADMIN_PREFIX}/domains`);
  });

  router.get('adminLogin', '/login', (ctx) => {
    const notice = queryText(ctx, 'expired') ? SIGN_IN_TEXT.expired : queryText(ctx, 'signedout') ? SIGN_IN_TEXT.signedOut : undefined;
    showLogin(ctx, deps, { next: safeReturnPath(queryText(ctx, 'next')) ?? '', notice });
  });

  router.post('/login', async (ctx) => {
    const form = formOf(ctx);
    const name = form.trimmed('name', 64);
    const password = form.text('password', 256);
    const next = safeReturnPath(form.text('next')) ?? '';
    const errors: LoginModel['errors'] = {};
    if (!name) errors.name = SIGN_IN_TEXT.nameMissing;
    if (!password) errors.password = SIGN_IN_TEXT.passwordMissing;
    if (errors.name || errors.password) return showLogin(ctx, deps, { name: form.trimmed('name', 64), next, errors }, 400);
    const settings = await deps.settings.get();
    const result = await signInAdmin(deps.services, name, password, ctx.ip, settings.adminTwoFactorMandatory, 'webadmin');
    if (!result.ok) {
      const message = result.reason === 'throttled' ? SIGN_IN_TEXT.throttled(result.until - deps.clock.now()) : SIGN_IN_TEXT.wrong;
      return showLogin(ctx, deps, { name, next, errors: { form: message } }, result.reason === 'throttled' ? 429 : 401);
    }
    const now = deps.clock.now();
    const data: Omit<AdminSessionData, 'seenAt'> = { adminId: result.admin.id, stage: result.stage, createdAt: now };
    if (next) data.returnTo = next;
    await renewSession(ctx, now, data);
    ctx.status = 303;
    ctx.redirect(result.stage === 'challenge' ? ADMIN_PATHS.challenge : result.stage === 'setup' ? ADMIN_PATHS.setup : next || ADMIN_PREFIX);
  });

  router.post('adminLogout', '/logout', (ctx) => {
    endSession(ctx);
    ctx.status = 303;
    ctx.redirect(`${ADMIN_PATHS.login}?signedout=1`);
  });

  return router;
}
