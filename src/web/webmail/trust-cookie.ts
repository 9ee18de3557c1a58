import type { Context } from 'koa';
import type { WebDeps } from '../deps.js';

/** The cookie that holds a trusted browser's token (only its hash is stored on the server). */
export const TRUST_COOKIE = 'twostep.trust';

/** The trust token this browser sent, if any. */
export function trustCookieOf(ctx: Context): string | undefined {
  return ctx.cookies.get(TRUST_COOKIE, { signed: false }) || undefined;
}

/** Gives this browser its trust token: HttpOnly, SameSite=Lax, Secure over HTTPS, for `days` days. */
export function setTrustCookie(ctx: Context, deps: WebDeps, token: string, days: number): void {
  ctx.cookies.set(TRUST_COOKIE, token, {
    signed: false,
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: deps.config.cookieSecure ?? ctx.secure,
    maxAge: days * 86_400_000,
    overwrite: true,
  });
}
