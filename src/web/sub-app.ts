import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import { lastKnownBrand } from './brand.js';
import { compressResponses } from './compression.js';
import { CONTROL_BYTES_TEXT, refuseControlBytes } from './control-bytes.js';
import { csrfProtection } from './csrf.js';
import type { WebDeps } from './deps.js';
import { CSRF_TEXT, errorPages, sendError } from './errors.js';
import { trustedForwardedHeaders } from './proxy.js';
import { securityHeaders } from './security-headers.js';
import type { MultipartLimits } from './multipart.js';
import { mountSession, type SessionKind } from './session.js';
import { staticFiles } from './static-files.js';

/** Longest form body accepted, in bytes. */
export const FORM_LIMIT = '64kb';

/**
 * A Koa app with the middleware every area shares, in order: the trusted proxies' headers,
 * compression, error pages, security headers, static files, form parsing, the area's own session
 * cookie, CSRF protection, and the refusal of control characters in any value. `multipart` lets
 * the area accept multipart/form-data bodies (uploads) within those limits.
 */
export function createSubApp(deps: WebDeps, session: SessionKind, csrfCookieName: string, multipart?: MultipartLimits): Koa {
  const hops = deps.config.proxyHops;
  // Koa takes the client address `hops` entries from the right of X-Forwarded-For: the one the outermost proxy saw.
  const app = new Koa({ keys: deps.config.appKeys, proxy: hops > 0, maxIpsCount: hops });
  app.silent = true;
  if (hops > 0) app.use(trustedForwardedHeaders(hops));
  app.use(compressResponses);
  app.use(errorPages(deps.views, deps.logger, (ctx) => lastKnownBrand(deps.services, ctx.state.domain?.id ?? null)));
  app.use(securityHeaders(deps.config.cookieSecure === true));
  if (deps.config.cookieSecure === true) {
    app.use(async (ctx, next) => {
      // A forced Secure flag must work behind a TLS-terminating proxy that is not trusted for headers.
      ctx.cookies.secure = true;
      await next();
    });
  }
  app.use(staticFiles());
  app.use(bodyParser({ enableTypes: ['form'], formLimit: FORM_LIMIT, encoding: 'utf-8' }));
  mountSession(app, session, deps);
  app.use(
    csrfProtection({
      cookieName: csrfCookieName,
      secure: deps.config.cookieSecure,
      multipart,
      reject: (ctx) => sendError(ctx, deps.views, 403, CSRF_TEXT),
    }),
  );
  app.use(refuseControlBytes((ctx) => sendError(ctx, deps.views, 400, CONTROL_BYTES_TEXT)));
  return app;
}
