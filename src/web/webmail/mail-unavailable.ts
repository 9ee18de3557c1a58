import type { Context, Next } from 'koa';
import { MailUnavailableError } from '../../services/mail-store/errors.js';
import type { WebDeps } from '../deps.js';
import { sendError } from '../errors.js';
import { MAIL_UNAVAILABLE } from './mail-strings.js';

/**
 * Router middleware of the mailbox screens: when the mail server cannot be reached or is too slow,
 * the page says so with a 503 (branded, no details) and the failure is logged; the next request tries again.
 */
export function mailUnavailablePage(deps: WebDeps) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
    } catch (err) {
      if (!(err instanceof MailUnavailableError)) throw err;
      deps.logger.warn(`${ctx.method} ${ctx.path}: ${err.message}`);
      sendError(ctx, deps.views, 503, MAIL_UNAVAILABLE);
    }
  };
}
