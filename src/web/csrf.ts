import { randomUUID } from 'node:crypto';
import Tokens from 'csrf';
import type { Context, Next } from 'koa';

const tokens = new Tokens({ secretLength: 18, saltLength: 10 });
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Where a sub-app keeps its CSRF secret: an HttpOnly cookie, so anonymous forms cost no database
 * write. Over HTTPS the cookie is named `__Host-…`, which no other host (a sibling subdomain) and no
 * other path can set, so nobody can plant a secret they know; that makes a signature unnecessary.
 */
export interface CsrfOptions {
  cookieName: string;
  /** true/false forces the Secure flag; undefined follows the request's protocol. */
  secure: boolean | undefined;
  /** Answers the 403 page when a state-changing request has no valid token. */
  reject(ctx: Context): void;
}

function secretOf(ctx: Context, opts: CsrfOptions, create: boolean): string | null {
  // A secret made earlier in this request is not in the request's cookies yet: every form must share it.
  if (ctx.state.csrfSecret) return ctx.state.csrfSecret as string;
  const secure = opts.secure ?? ctx.secure;
  const name = secure ? `__Host-${opts.cookieName}` : opts.cookieName;
  const existing = ctx.cookies.get(name, { signed: false });
  if (existing && /^[0-9a-f]{32}$/.test(existing)) return existing;
  if (!create) return null;
  // randomUUID draws from a cached entropy pool: 122 random bits without a system call per page view.
  const secret = randomUUID().replace(/-/g, '');
  ctx.cookies.set(name, secret, { signed: false, httpOnly: true, sameSite: 'lax', path: '/', secure, overwrite: true });
  ctx.state.csrfSecret = secret;
  return secret;
}

/**
 * Synchronizer-token CSRF protection: `ctx.state.csrfToken()` mints a token for a form, and every
 * POST must carry a valid `_csrf` field (or `x-csrf-token` header) or it is refused with 403 and
 * nothing runs. Must come after the body parser.
 */
export function csrfProtection(opts: CsrfOptions) {
  return async (ctx: Context, next: Next) => {
    ctx.state.csrfToken = () => tokens.create(secretOf(ctx, opts, true)!);
    if (UNSAFE.has(ctx.method)) {
      const body = (ctx.request as unknown as { body?: Record<string, unknown> }).body;
      // ctx.get answers '' for a missing header, so fall through on empty values, not only undefined.
      const candidate = (body && typeof body === 'object' ? body._csrf : undefined) || ctx.get('x-csrf-token') || ctx.query._csrf;
      const secret = secretOf(ctx, opts, false);
      if (!secret || typeof candidate !== 'string' || !tokens.verify(secret, candidate)) {
        opts.reject(ctx);
        return;
      }
    }
    await next();
  };
}
