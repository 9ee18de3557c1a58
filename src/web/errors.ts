import type { Context, Next } from 'koa';
import { SecretUnreadableError } from '../core/secret-box.js';
import { isDatabaseUnavailable } from '../services/availability.js';
import type { Logger } from '../logger.js';
import { ServiceError, statusFor } from '../services/errors.js';
import { sendPage, type Views } from './render.js';

/** Words for the error pages, by status. */
export const ERROR_TEXT: Record<number, { title: string; message: string }> = {
  400: { title: 'Bad request', message: 'The request could not be understood. Go back and try again.' },
  403: { title: 'Not allowed', message: 'You are not allowed to do that.' },
  404: { title: 'Page not found', message: 'There is no page at this address.' },
  405: { title: 'Not allowed', message: 'This page cannot be used that way.' },
  413: { title: 'Too large', message: 'What you sent is larger than allowed.' },
  415: { title: 'Unsupported', message: 'This kind of request is not supported here.' },
  500: { title: 'Something went wrong', message: 'The server could not complete the request. Nothing was changed; please try again.' },
  503: { title: 'Temporarily unavailable', message: 'The service cannot reach its database right now. Nothing was changed; please try again in a moment.' },
};

/** Seconds a client is asked to wait (Retry-After) while the database cannot be reached. */
export const DATABASE_RETRY_AFTER_SECONDS = 10;

/** Words for a stored secret that the configured keys cannot decrypt. */
export const SECRET_UNREADABLE_TEXT = {
  title: 'Key cannot be read',
  message: 'The server cannot read a 2-Step Verification key it stored, so this cannot be done now. Nothing was changed; contact your administrator.',
};

/** Words for a refused CSRF token. */
export const CSRF_TEXT = { title: 'This form has expired', message: 'For your security the form could not be accepted. Go back, reload the page and try again.' };

/** Renders the shared error page. */
export function sendError(ctx: Context, views: Views, status: number, text = ERROR_TEXT[status] ?? ERROR_TEXT[400]): void {
  sendPage(ctx, views, 'error.njk', { title: text.title, message: text.message, status }, status);
}

/**
 * The page of a request that failed because the database cannot be reached: 503 with Retry-After,
 * rendered from what is in memory only (the brand the request had resolved, else `lastBrand`).
 */
function sendUnavailable(ctx: Context, views: Views, lastBrand: (ctx: Context) => object | undefined): void {
  // Whatever the failed request had set (a redirect, cookies to write) is not sent.
  ctx.res.removeHeader('Location');
  ctx.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
  const brand = ctx.state.viewBase?.brand ?? lastBrand(ctx);
  sendPage(ctx, views, 'error.njk', { ...ERROR_TEXT[503], status: 503, ...(brand ? { brand } : {}) }, 503);
}

/**
 * Turns every failure into a page: refusals and client errors keep their 4xx and a clear message;
 * a stored secret no key decrypts is logged and answers 503 with a page saying so; a database
 * that cannot be reached answers 503 with Retry-After (see sendUnavailable); anything
 * else is logged and answers a plain 500 without details.
 */
export function errorPages(views: Views, logger: Logger, lastBrand: (ctx: Context) => object | undefined = () => undefined) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) sendError(ctx, views, 404);
    } catch (err) {
      if (err instanceof SecretUnreadableError) {
        logger.error(`${ctx.method} ${ctx.path} refused: ${err.message}`);
        sendError(ctx, views, 503, SECRET_UNREADABLE_TEXT);
        return;
      }
      if (isDatabaseUnavailable(err)) {
        logger.warn(`${ctx.method} ${ctx.path}: database unavailable (${err instanceof Error ? err.message : String(err)})`);
        sendUnavailable(ctx, views, lastBrand);
        return;
      }
      if (err instanceof ServiceError) {
        sendError(ctx, views, statusFor(err), { title: ERROR_TEXT[statusFor(err)]?.title ?? 'Refused', message: err.message });
        return;
      }
      const status = (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        sendError(ctx, views, status, ERROR_TEXT[status] ?? ERROR_TEXT[400]);
        return;
      }
      logger.error(`${ctx.method} ${ctx.path} failed`, err);
      try {
        sendError(ctx, views, 500);
      } catch {
        ctx.status = 500;
        ctx.type = 'text/plain';
        ctx.body = ERROR_TEXT[500].message;
      }
    }
  };
}
