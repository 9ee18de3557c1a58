import Router from '@koa/router';
import { mailbox, openMessage } from '../../services/mailbox.js';
import type { WebDeps } from '../deps.js';
import { sendError } from '../errors.js';
import { sendScreen, type Flavour } from './flavour.js';
import { currentAccount, takeFlash } from './gate.js';
import { MAIL_TEXT } from './strings.js';

/** Message ids are positive integers that fit a database integer. */
function messageId(raw: string): number | null {
  return /^[1-9]\d{0,9}$/.test(raw) && Number(raw) <= 2 ** 31 - 1 ? Number(raw) : null;
}

/** The mailbox of one interface: the message list, newest first, and one message. */
export function mailRoutes(deps: WebDeps, flavour: Flavour): Router {
  const router = new Router();

  router.get(flavour.routes.mail, flavour.paths.mail, async (ctx) => {
    const account = currentAccount(ctx);
    const box = await mailbox(deps.services, account.id);
    sendScreen(ctx, deps.views, flavour, 'mail', { title: MAIL_TEXT.title, text: MAIL_TEXT, box, flash: takeFlash(ctx), section: 'mail' });
  });

  router.get(flavour.routes.message, `${flavour.paths.mail}/:id`, async (ctx) => {
    const id = messageId(ctx.params.id);
    const message = id === null ? null : await openMessage(deps.services, currentAccount(ctx).id, id);
    if (!message) return sendError(ctx, deps.views, 404);
    sendScreen(ctx, deps.views, flavour, 'message', { title: message.subject, text: MAIL_TEXT, message, section: 'mail' });
  });

  return router;
}
