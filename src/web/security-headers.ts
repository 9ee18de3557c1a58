import type { Context, Next } from 'koa';

/** Content Security Policy: no script at all, styles and images from the application only. */
export const CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * The policy of the pages that register or use a security key: the same, plus the product's own
 * script files (no inline script, no eval) and requests back to the application.
 */
export const SCRIPT_CSP = `${CSP}; script-src 'self'; connect-src 'self'`;

/** Lets this page load the product's own script files (see SCRIPT_CSP); every other page keeps no script at all. */
export function allowOwnScript(ctx: Context): void {
  ctx.res.setHeader('Content-Security-Policy', SCRIPT_CSP);
}

// Fixed for every response; written straight to the response, which is measurably cheaper per request.
const HEADERS: readonly [string, string][] = [
  ['Content-Security-Policy', CSP],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'same-origin'],
];

/** How long browsers keep to HTTPS after a Strict-Transport-Security header, in seconds (one year). */
export const HSTS_MAX_AGE = 31_536_000;

/**
 * Sets strict security headers on every response (pages also say `no-store`: see sendPage), and
 * HSTS when the request came over HTTPS (directly, or as a trusted proxy says) or `alwaysHttps`
 * (COOKIE_SECURE=true: the site is served over HTTPS whatever this hop sees).
 */
export function securityHeaders(alwaysHttps: boolean) {
  return async (ctx: Context, next: Next): Promise<void> => {
    for (const [name, value] of HEADERS) ctx.res.setHeader(name, value);
    if (alwaysHttps || ctx.secure) ctx.res.setHeader('Strict-Transport-Security', `max-age=${HSTS_MAX_AGE}`);
    await next();
  };
}
