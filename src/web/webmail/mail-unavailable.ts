import type { Context, Next } from 'koa';
import { MailUnavailableError } from '../../services/mail-store/errors.js';
import type { WebDeps } from '../deps.js';
import { sendScreen, type Flavour } from './flavour.js';
import { MAIL_TEXT } from './mail-strings.js';

/**
 * Route middleware of the mailbox screens: when the mail server cannot be reached or is too slow,
 * the page says so with a 503 inside the signed-in layout (Settings and sign-out stay a click away,
 * no details shown) and the failure is logged; the next request tries again.
 */
export function mailUnavailablePage(deps: WebDeps, flavour: Flavour) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
    } catch (err) {
      if (!(err instanceof MailUnavailableError)) throw err;
      deps.logger.warn(`${ctx.method} ${ctx.path}: ${err.message}`);
      sendScreen(ctx, deps.views, flavour, 'unavailable', { title: MAIL_TEXT.unavailableTitle, text: MAIL_TEXT, section: 'mail', retry: ctx.method === 'GET' ? ctx.url : null }, 503);
    }
  };
}
