import { randomUUID } from 'node:crypto';
import Tokens from 'csrf';
import type { Context, Next } from 'koa';
import { isMultipart, readMultipart, type MultipartLimits, type MultipartReader } from './multipart.js';

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
  /** When set, multipart/form-data bodies are accepted within these limits, the token as their first field. */
  multipart?: MultipartLimits;
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
 * The token a state-changing request carries: the `x-csrf-token` header, else the `_csrf` field of
 * a form body; of a multipart body, only its first field counts, read before any file is accepted.
 * A token in the address is never taken: addresses end up in logs, history and Referer headers.
 */
async function tokenOf(ctx: Context, multipart: MultipartReader | null): Promise<unknown> {
  // ctx.get answers '' for a missing header, so fall through on empty values, not only undefined.
  const header = ctx.get('x-csrf-token');
  if (header) return header;
  if (multipart) {
    const first = await multipart.first.catch(() => null);
    return first?.name === '_csrf' && !first.file ? first.value : undefined;
  }
  const body = ctx.request.body;
  return body && typeof body === 'object' && '_csrf' in body ? body._csrf : undefined;
}

/**
 * Synchronizer-token CSRF protection: `ctx.state.csrfToken()` mints a token for a form, and every
 * POST must carry a valid one (see tokenOf) or it is refused with 403 and nothing runs. Must come
 * after the form body parser; multipart bodies (when `multipart` allows them) it starts reading
 * itself and hands on as `ctx.state.multipart` once their token is accepted.
 */
export function csrfProtection(opts: CsrfOptions) {
  return async (ctx: Context, next: Next) => {
    ctx.state.csrfToken = () => tokens.create(secretOf(ctx, opts, true)!);
    if (UNSAFE.has(ctx.method)) {
      const contentType = ctx.get('content-type');
      const multipart = opts.multipart && isMultipart(contentType) ? readMultipart(ctx.req, contentType, opts.multipart) : null;
      const candidate = await tokenOf(ctx, multipart);
      const secret = secretOf(ctx, opts, false);
      if (!secret || typeof candidate !== 'string' || !tokens.verify(secret, candidate)) {
        multipart?.discard();
        opts.reject(ctx);
        return;
      }
      if (multipart) ctx.state.multipart = multipart.body;
    }
    await next();
  };
}
