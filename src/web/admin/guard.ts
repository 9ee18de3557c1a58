import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { adminById, type AdminRecord } from '../../services/admins.js';
import type { Actor } from '../../services/context.js';
import type { WebDeps } from '../deps.js';
import { sessionData } from '../session.js';
import type { UrlBuilder } from '../urls.js';
import type { Flash, SessionData, SessionStage } from '../web-context.js';
import { ADMIN_BRAND } from './admin-brand.js';
import { ADMIN_COOKIE, ADMIN_PATHS, ADMIN_PREFIX } from './paths.js';

/** What a WebAdmin session holds once the password is checked (times in ms since the epoch). */
export type AdminSessionData = SessionData & Required<Pick<SessionData, 'adminId' | 'stage' | 'createdAt' | 'seenAt'>>;

/** The URL builder over every named route of the application (any route module's, not just one router's). */
export function urlsOf(deps: WebDeps): UrlBuilder {
  return deps.views.env.getGlobal('url') as UrlBuilder;
}

/** Answers 303 See Other to the named route (post/redirect/get). */
export function redirectTo(ctx: Context, deps: WebDeps, name: string, params: Record<string, string | number> = {}): void {
  ctx.status = 303;
  ctx.redirect(urlsOf(deps)(name, params));
}

/** A router for a WebAdmin route module: every path lives under /admin. */
export function adminRouter(): Router {
  return new Router({ prefix: ADMIN_PREFIX });
}

/** The signed-in admin; the gate guarantees it on every route but sign-in. */
export function currentAdmin(ctx: Context): AdminRecord {
  const admin = ctx.state.admin;
  if (!admin) throw new Error('currentAdmin() used on a route the gate does not protect');
  return admin;
}

/** The audit-log actor for the signed-in admin, with the client address. */
export function adminActor(ctx: Context): Actor {
  return { kind: 'admin', name: currentAdmin(ctx).name, ip: ctx.ip };
}

/** Keeps a message for the next page the admin sees (after a 303). */
export function setFlash(ctx: Context, text: string, kind: Flash['kind'] = 'ok'): void {
  if (ctx.session) ctx.session.flash = { kind, text };
}

/** A return path that stays inside WebAdmin, or null (never another site, never a protocol-relative URL). */
export function safeReturnPath(raw: string): string | null {
  if (raw.length > 512 || !/^\/admin(?:[/?][A-Za-z0-9._~%!$&'()*+,;=:@/?-]*)?$/.test(raw)) return null;
  return raw.includes('//') ? null : raw;
}

function stageOf(ctx: Context): SessionStage | 'anonymous' {
  const session = sessionData(ctx);
  return ctx.state.admin && session.stage ? session.stage : 'anonymous';
}

/** The one page a session at `stage` is sent to when it asks for a page it may not reach. */
function landing(stage: SessionStage | 'anonymous', ctx: Context): string {
  switch (stage) {
    case 'anonymous': {
      const back = ctx.method === 'GET' ? safeReturnPath(ctx.originalUrl) : null;
      const query = new URLSearchParams();
      if (back && back !== ADMIN_PREFIX && back !== `${ADMIN_PREFIX}/` && !back.startsWith(ADMIN_PATHS.login)) query.set('next', back);
      // A session cookie that no longer finds its session means it ended (timed out or was revoked).
      if (ctx.state.sessionExpired || ctx.cookies.get(ADMIN_COOKIE)) query.set('expired', '1');
      const text = query.toString();
      return ADMIN_PATHS.login + (text ? `?${text}` : '');
    }
    case 'challenge':
      return ADMIN_PATHS.challenge;
    case 'setup':
      return ADMIN_PATHS.setup;
    case 'full':
      return ADMIN_PREFIX;
  }
}

function reachable(stage: SessionStage | 'anonymous', path: string): boolean {
  const under = (base: string) => path === base || path.startsWith(`${base}/`);
  switch (stage) {
    case 'anonymous':
      return path === ADMIN_PATHS.login;
    case 'challenge':
      return path === ADMIN_PATHS.challenge || path === ADMIN_PATHS.logout;
    case 'setup':
      return under(ADMIN_PATHS.setup) || path === ADMIN_PATHS.logout;
    case 'full':
      return path !== ADMIN_PATHS.login && !under(ADMIN_PATHS.challenge) && !under(ADMIN_PATHS.setup);
  }
}

/**
 * The WebAdmin gate: loads the signed-in admin, sends an anonymous visitor to the sign-in (with a
 * return path), keeps a password-only session on its challenge or set-up pages, and puts the
 * brand, the admin and the pending flash message into the view base.
 */
export function adminGate(deps: WebDeps) {
  return async (ctx: Context, next: Next) => {
    const session = sessionData(ctx);
    if (typeof session.adminId === 'number') {
      const admin = await adminById(deps.services, session.adminId);
      if (admin) ctx.state.admin = admin;
      else ctx.session = null;
    }
    const stage = stageOf(ctx);
    if (!reachable(stage, ctx.path)) {
      ctx.status = 303;
      ctx.redirect(landing(stage, ctx));
      return;
    }
    const base = ctx.state.viewBase;
    base.brand = ADMIN_BRAND;
    base.signedInAdmin = stage === 'full' ? (ctx.state.admin?.name ?? null) : null;
    Object.defineProperty(base, 'flash', {
      enumerable: true,
      // Read once, when a page is rendered: a redirect in between keeps the message for the next page.
      get() {
        const current = ctx.session;
        const flash = current?.flash ?? null;
        if (current?.flash) delete current.flash;
        return flash;
      },
    });
    await next();
  };
}

